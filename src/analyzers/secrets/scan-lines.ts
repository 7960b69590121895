import type { Hit } from './hits.js';
import { prefilter, type CandidateType } from './prefilter.js';
import { scanText } from './scan-text.js';

/** A detector result with its byte offset into the scanned text; `secret` is never to be printed. */
export type TextSecret = Hit;

/** Families whose secret may run over several lines (PEM blocks, keystore JSON, byte arrays). */
const MULTILINE: ReadonlySet<CandidateType> = new Set(['pem', 'kdf', 'bytearray']);
const MULTILINE_BEFORE = 4096;
const MULTILINE_AFTER = 16384;

/**
 * Scans text made of lines where candidates are rare (a chunk of a log): the prefilter reads all
 * the bytes once, and the detectors read only the lines around each candidate, so the text is
 * never decoded as a whole. `origin` names the text for detectors that look at the file name.
 */
export function scanLines(bytes: Uint8Array, origin: string): TextSecret[] {
  const candidates = prefilter(bytes, { nodeKeyFile: /(^|\/)nodekey$/.test(origin) });
  if (!candidates.length) return [];
  const windows: [number, number][] = [];
  for (const c of candidates) {
    const wide = MULTILINE.has(c.type);
    const near = Math.max(0, wide ? c.start - MULTILINE_BEFORE : c.start);
    const from = near === 0 ? 0 : bytes.lastIndexOf(10, near - 1) + 1;
    const nl = bytes.indexOf(10, wide ? Math.min(bytes.length, c.end + MULTILINE_AFTER) : c.end);
    const to = nl < 0 ? bytes.length : nl;
    const last = windows[windows.length - 1];
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else windows.push([from, to]);
  }
  const found: TextSecret[] = [];
  const seen = new Set<string>();
  for (const [from, to] of windows) {
    for (const h of scanText(bytes.subarray(from, to), origin).hits) {
      const offset = from + h.offset;
      const id = `${h.kind}:${offset}`;
      if (seen.has(id)) continue;
      seen.add(id);
      found.push({ ...h, offset });
    }
  }
  return found.sort((a, b) => a.offset - b.offset);
}

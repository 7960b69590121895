import { detectAnchor } from './anchored.js';
import { detectAlnumRun } from './keys.js';
import { CJK_RUN, detectCjkRun, detectEnglishRun } from './mnemonic.js';
import { prefilter, type Candidate } from './prefilter.js';
import type { EncryptedHit, Hit, HitSink } from './hits.js';

/** Detector results with byte offsets into the scanned bytes. */
export interface TextHits {
  hits: Hit[];
  encrypted: EncryptedHit[];
  /** The latin1 view the detectors read (offsets equal byte offsets); absent when nothing was found. */
  latin1?: string;
}

class Collector implements HitSink {
  readonly hits: Hit[] = [];
  readonly sealed: EncryptedHit[] = [];
  constructor(readonly file: string) {}
  hit(h: Hit): void {
    this.hits.push(h);
  }
  encrypted(e: EncryptedHit): void {
    this.sealed.push(e);
  }
}

const NODEKEY_FILE = /(^|\/)nodekey$/;
/** Bytes read around a CJK chain: of its line before and after it, and of the lines above it. */
const CJK_CONTEXT_BEFORE = 600;
const CJK_CONTEXT_AFTER = 300;
const CJK_CONTEXT_ABOVE = 400;
const CJK_LINES_ABOVE = 2;

const isContinuation = (b: number) => (b & 0xc0) === 0x80;

/** `at` moved forward to the start of a UTF-8 character, never past `limit`. */
function charStart(bytes: Buffer, at: number, limit: number): number {
  while (at < limit && isContinuation(bytes[at])) at++;
  return at;
}

/**
 * Chinese mnemonics are matched in the UTF-8 view of the chain the kernel found, read with the
 * rest of its line and the lines above it (bounded); offsets are mapped back to bytes.
 */
function detectCjkChain(bytes: Buffer, c: Candidate, sink: Collector): void {
  const lineStart = c.start > 0 ? bytes.lastIndexOf(0x0a, c.start - 1) + 1 : 0;
  const from = charStart(bytes, Math.max(lineStart, c.start - CJK_CONTEXT_BEFORE), c.start);
  const newline = bytes.indexOf(0x0a, c.end);
  let to = Math.min(newline < 0 ? bytes.length : newline, c.end + CJK_CONTEXT_AFTER);
  while (to > c.end && isContinuation(bytes[to])) to--;
  let aboveFrom = lineStart;
  for (let n = 0; n < CJK_LINES_ABOVE && aboveFrom > 0; n++)
    aboveFrom = aboveFrom < 2 ? 0 : bytes.lastIndexOf(0x0a, aboveFrom - 2) + 1;
  aboveFrom = charStart(bytes, Math.max(aboveFrom, lineStart - CJK_CONTEXT_ABOVE), lineStart);
  const above = from === lineStart ? bytes.toString('utf8', aboveFrom, lineStart) : '';
  const chain = bytes.toString('utf8', c.start, c.end);
  for (const m of chain.matchAll(CJK_RUN)) {
    const runStart = c.start + Buffer.byteLength(chain.slice(0, m.index));
    const runEnd = runStart + Buffer.byteLength(m[0]);
    const context = {
      before: bytes.toString('utf8', from, runStart),
      after: bytes.toString('utf8', runEnd, to),
      above,
      file: sink.file,
    };
    detectCjkRun(m[0], runStart, context, sink);
  }
}

/** Scans one text given as bytes: the prefilter finds candidates, and only then do detectors read the text. */
export function scanText(bytes: Uint8Array, file: string): TextHits {
  const candidates = prefilter(bytes, { nodeKeyFile: NODEKEY_FILE.test(file) });
  if (!candidates.length) return { hits: [], encrypted: [] };
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = buffer.toString('latin1');
  const sink = new Collector(file);
  for (const c of candidates) {
    if (c.type === 'alnum') detectAlnumRun(text, text.slice(c.start, c.end), c.start, sink);
    else if (c.type === 'words') detectEnglishRun(text.slice(c.start, c.end), c.start, sink);
    else if (c.type === 'cjk') detectCjkChain(buffer, c, sink);
    else detectAnchor(text, c.type, c.start, c.end, sink);
  }
  return { hits: sink.hits, encrypted: sink.sealed, latin1: text };
}

/** Maps ascending offsets to 1-based line and column with one forward sweep. */
export function lineLocator(text: string): (offset: number) => { line: number; column: number } {
  let pos = 0;
  let line = 1;
  let lineStart = 0;
  return (offset) => {
    if (offset < pos) {
      pos = 0;
      line = 1;
      lineStart = 0;
    }
    for (let nl = text.indexOf('\n', pos); nl !== -1 && nl < offset; nl = text.indexOf('\n', nl + 1)) {
      line++;
      lineStart = nl + 1;
    }
    pos = offset;
    return { line, column: offset - lineStart + 1 };
  };
}

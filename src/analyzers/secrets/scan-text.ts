import { detectAnchor } from './anchored.js';
import { detectAlnumRun } from './keys.js';
import { CJK_RUN, detectCjkRun, detectEnglishRun } from './mnemonic.js';
import { prefilter } from './prefilter.js';
import type { EncryptedHit, Hit, HitSink } from './hits.js';

export interface TextHits {
  hits: Hit[];
  encrypted: EncryptedHit[];
  /** Hits found in the UTF-8 view of the text (offsets in UTF-16 units of that view). */
  utf8Hits: Hit[];
  utf8Text?: string;
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

/**
 * Scans one text given as bytes: the byte prefilter finds candidates, and only then is the latin1
 * view (offsets equal byte offsets) built for the detectors. Chinese mnemonics are looked for in
 * the UTF-8 view, built only when the bytes hold CJK ideographs.
 */
export function scanText(bytes: Uint8Array, file: string): TextHits & { latin1?: string } {
  const { candidates, hasCjk } = prefilter(bytes);
  const result: TextHits & { latin1?: string } = { hits: [], encrypted: [], utf8Hits: [] };
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (candidates.length) {
    const text = buffer.toString('latin1');
    const sink = new Collector(file);
    for (const c of candidates) {
      if (c.type === 'alnum') detectAlnumRun(text, text.slice(c.start, c.end), c.start, sink);
      else if (c.type === 'words') detectEnglishRun(text.slice(c.start, c.end), c.start, sink);
      else detectAnchor(text, c.type, c.start, c.end, sink);
    }
    result.hits = sink.hits;
    result.encrypted = sink.sealed;
    result.latin1 = text;
  }
  if (hasCjk) {
    const utf8 = buffer.toString('utf8');
    const cjk = new Collector(file);
    for (const m of utf8.matchAll(CJK_RUN)) detectCjkRun(utf8, m[0], m.index, cjk);
    result.utf8Hits = cjk.hits;
    if (cjk.hits.length) result.utf8Text = utf8;
  }
  return result;
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

import { ANCHORS, detectAnchor } from './anchored.js';
import { ALNUM_RUN, detectAlnumRun } from './keys.js';
import { CJK_RUN, WORD_RUN, detectCjkRun, detectEnglishRun } from './mnemonic.js';
import type { EncryptedHit, Hit, HitSink } from './hits.js';

/** A UTF-8 lead byte of a CJK ideograph (U+4E00–U+9FFF) seen through a latin1 decode. */
const CJK_LEAD = /[\u00e4-\u00e9][\u0080-\u00bf][\u0080-\u00bf]/;

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
 * Scans one text: three regex passes over the latin1 view (literal anchors, alphanumeric runs,
 * lowercase word runs), each candidate validated by its family's detector; a fourth pass for
 * Chinese mnemonics over the UTF-8 view runs only when the bytes contain CJK ideographs.
 */
export function scanText(latin1: string, file: string, bytes?: Uint8Array): TextHits {
  const sink = new Collector(file);
  for (const m of latin1.matchAll(ANCHORS)) detectAnchor(latin1, m[0], m.index, sink);
  for (const m of latin1.matchAll(ALNUM_RUN)) detectAlnumRun(latin1, m[0], m.index, sink);
  for (const m of latin1.matchAll(WORD_RUN)) detectEnglishRun(m[0], m.index, sink);
  const result: TextHits = { hits: sink.hits, encrypted: sink.sealed, utf8Hits: [] };
  if (CJK_LEAD.test(latin1)) {
    const utf8 = bytes ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8') : Buffer.from(latin1, 'latin1').toString('utf8');
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

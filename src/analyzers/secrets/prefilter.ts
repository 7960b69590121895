/**
 * One pass over the raw bytes finding every place a detector could match. Text is split into
 * maximal runs of ASCII letters and digits; each run's end is classified with a few byte
 * comparisons: long runs (hex keys, WIF, extended keys, base58 keypairs), sequences of lowercase
 * words (mnemonics), and the short literal anchors of structured secrets. Nothing is decoded and no
 * regex runs until a candidate is found, so clean files cost one table lookup per byte.
 */

export type CandidateType = 'alnum' | 'words' | 'pem' | 'kdf' | 'comet' | 'azure' | 'aws' | 'token' | 'provider' | 'bytearray';

export interface Candidate {
  type: CandidateType;
  start: number;
  end: number;
}

export interface Prefiltered {
  candidates: Candidate[];
  /** A UTF-8 lead byte of a CJK ideograph was seen (Chinese mnemonics need the UTF-8 view). */
  hasCjk: boolean;
}

const DIGIT = 1;
const UPPER = 2;
const LOWER = 4;
const CLASS = new Uint8Array(256);
for (let c = 0x30; c <= 0x39; c++) CLASS[c] = DIGIT;
for (let c = 0x41; c <= 0x5a; c++) CLASS[c] = UPPER;
for (let c = 0x61; c <= 0x7a; c++) CLASS[c] = LOWER;

const PROVIDER_HOSTS = new Set(['infura', 'alchemy', 'alchemyapi', 'quiknode', 'ankr', 'getblock', 'p2pify', 'blastapi', 'drpc', 'nodereal']);
const PROVIDER_LENGTHS = new Set([...PROVIDER_HOSTS].map((h) => h.length));

function equalsAscii(buf: Uint8Array, start: number, end: number, word: string): boolean {
  if (end - start !== word.length) return false;
  for (let i = 0; i < word.length; i++) if (buf[start + i] !== word.charCodeAt(i)) return false;
  return true;
}

function ascii(buf: Uint8Array, start: number, end: number): string {
  return String.fromCharCode(...buf.subarray(start, end));
}

const SPACE = 0x20;
const TAB = 0x09;

export function prefilter(buf: Uint8Array): Prefiltered {
  const candidates: Candidate[] = [];
  const n = buf.length;
  let hasCjk = false;
  let words = 0;
  let wordsStart = 0;
  let wordsEnd = 0;

  const flushWords = () => {
    if (words >= 12) candidates.push({ type: 'words', start: wordsStart, end: wordsEnd });
    words = 0;
  };

  const endRun = (s: number, e: number, lowerOnly: boolean) => {
    const len = e - s;
    const next = e < n ? buf[e] : 0;
    const prev = s > 0 ? buf[s - 1] : 0;
    if (len >= 50) {
      if (prev !== 0x2b && prev !== 0x2f) candidates.push({ type: 'alnum', start: s, end: e });
    }
    // Mnemonic word sequences: lowercase words of 3–8 letters separated only by spaces or tabs.
    if (lowerOnly && len >= 3 && len <= 8) {
      let contiguous = words > 0 && s > wordsEnd;
      for (let i = wordsEnd; contiguous && i < s; i++) if (buf[i] !== SPACE && buf[i] !== TAB) contiguous = false;
      if (contiguous) {
        words++;
        wordsEnd = e;
      } else {
        flushWords();
        words = 1;
        wordsStart = s;
        wordsEnd = e;
      }
    } else if (words) flushWords();
    // Literal anchors, screened by length and first byte before any comparison.
    const first = buf[s];
    switch (len) {
      case 3:
        if (first === 0x6b && prev === 0x22 && next === 0x22 && buf[s + 1] === 0x64 && buf[s + 2] === 0x66) candidates.push({ type: 'kdf', start: s - 1, end: e });
        else if (first === 0x67 && buf[s + 1] === 0x68 && next === 0x5f) candidates.push({ type: 'token', start: s, end: e });
        break;
      case 4:
        if (first === 0x78 && next === 0x2d && equalsAscii(buf, s, s + 3, 'xox')) candidates.push({ type: 'token', start: s, end: e });
        break;
      case 5:
        if (first === 0x42 && prev === 0x2d && next === 0x20 && s >= 5 && buf[s - 5] === 0x2d && equalsAscii(buf, s, e, 'BEGIN')) candidates.push({ type: 'pem', start: s - 5, end: e });
        else if (first === 0x67 && next === 0x2d && equalsAscii(buf, s, e, 'glpat')) candidates.push({ type: 'token', start: s, end: e });
        break;
      case 6:
        if (first === 0x67 && next === 0x5f && equalsAscii(buf, s, e, 'github')) candidates.push({ type: 'token', start: s, end: e });
        break;
      case 20:
        if (first === 0x41 && buf[s + 2] === 0x49 && buf[s + 3] === 0x41 && (buf[s + 1] === 0x4b || buf[s + 1] === 0x53)) candidates.push({ type: 'aws', start: s, end: e });
        break;
    }
    if (next === 0x2f && (len === 10 || len === 8) && (first === 0x74 || first === 0x63)) {
      const word = ascii(buf, s, e);
      if (word === 'tendermint' || word === 'cometbft') candidates.push({ type: 'comet', start: s, end: e });
    } else if (next === 0x3d && (len === 10 || len === 15) && (first === 0x41 || first === 0x53)) {
      const word = ascii(buf, s, e);
      if (word === 'AccountKey' || word === 'SharedAccessKey') candidates.push({ type: 'azure', start: s, end: e });
    } else if (next === 0x2e && PROVIDER_LENGTHS.has(len) && lowerOnlyOrDigit(buf, s, e) && PROVIDER_HOSTS.has(ascii(buf, s, e))) {
      candidates.push({ type: 'provider', start: s, end: e });
    } else if (len <= 3 && first <= 0x39 && next === 0x2c) {
      let p = s - 1;
      while (p >= 0 && p > s - 8 && (buf[p] === SPACE || buf[p] === 0x0a || buf[p] === 0x0d || buf[p] === TAB)) p--;
      if (p >= 0 && buf[p] === 0x5b) candidates.push({ type: 'bytearray', start: p, end: e });
    }
  };

  let runStart = -1;
  let lowerOnly = true;
  for (let i = 0; i < n; i++) {
    const c = buf[i];
    const k = CLASS[c];
    if (k !== 0) {
      if (runStart < 0) {
        runStart = i;
        lowerOnly = true;
      }
      if (k !== LOWER) lowerOnly = false;
      continue;
    }
    if (runStart >= 0) {
      endRun(runStart, i, lowerOnly);
      runStart = -1;
    }
    if (c >= 0xe4 && c <= 0xe9) hasCjk = true;
  }
  if (runStart >= 0) endRun(runStart, n, lowerOnly);
  flushWords();
  return { candidates, hasCjk };
}

function lowerOnlyOrDigit(buf: Uint8Array, s: number, e: number): boolean {
  for (let i = s; i < e; i++) if (!(CLASS[buf[i]] & (LOWER | DIGIT))) return false;
  return true;
}

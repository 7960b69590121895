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

const PROVIDER_HOSTS = ['infura', 'alchemy', 'alchemyapi', 'quiknode', 'ankr', 'getblock', 'p2pify', 'blastapi', 'drpc', 'nodereal'];

function equalsAscii(buf: Uint8Array, start: number, end: number, word: string): boolean {
  if (end - start !== word.length) return false;
  for (let i = 0; i < word.length; i++) if (buf[start + i] !== word.charCodeAt(i)) return false;
  return true;
}

const SPACE = 0x20;
const TAB = 0x09;

/** Literal anchors, screened by the run's length, first byte and the byte after it. */
function anchorAt(buf: Uint8Array, s: number, e: number, next: number, out: Candidate[]): void {
  const len = e - s;
  const first = buf[s];
  const prev = s > 0 ? buf[s - 1] : 0;
  switch (next) {
    case 0x22: // "kdf"
      if (len === 3 && prev === 0x22 && equalsAscii(buf, s, e, 'kdf')) out.push({ type: 'kdf', start: s - 1, end: e });
      return;
    case 0x5f: // ghp_ gho_ ghu_ ghs_ ghr_ github_pat_
      if ((len === 3 && first === 0x67 && buf[s + 1] === 0x68) || equalsAscii(buf, s, e, 'github')) out.push({ type: 'token', start: s, end: e });
      return;
    case 0x2d: // xoxb- glpat-
      if ((len === 4 && equalsAscii(buf, s, s + 3, 'xox')) || equalsAscii(buf, s, e, 'glpat')) out.push({ type: 'token', start: s, end: e });
      return;
    case 0x20: // -----BEGIN
      if (len === 5 && prev === 0x2d && s >= 5 && buf[s - 5] === 0x2d && equalsAscii(buf, s, e, 'BEGIN')) out.push({ type: 'pem', start: s - 5, end: e });
      return;
    case 0x2f: // tendermint/PrivKey… cometbft/PrivKey…
      if (equalsAscii(buf, s, e, 'tendermint') || equalsAscii(buf, s, e, 'cometbft')) out.push({ type: 'comet', start: s, end: e });
      return;
    case 0x3d: // AccountKey= SharedAccessKey=
      if (equalsAscii(buf, s, e, 'AccountKey') || equalsAscii(buf, s, e, 'SharedAccessKey')) out.push({ type: 'azure', start: s, end: e });
      return;
    case 0x2e: // provider host names
      for (const host of PROVIDER_HOSTS) {
        if (first === host.charCodeAt(0) && equalsAscii(buf, s, e, host)) {
          out.push({ type: 'provider', start: s, end: e });
          break;
        }
      }
      return;
    case 0x2c: {
      // [12, 34, … : the opening of a JSON byte array
      if (len > 3 || first > 0x39) return;
      let p = s - 1;
      while (p >= 0 && p > s - 8 && (buf[p] === SPACE || buf[p] === 0x0a || buf[p] === 0x0d || buf[p] === TAB)) p--;
      if (p >= 0 && buf[p] === 0x5b) out.push({ type: 'bytearray', start: p, end: e });
      return;
    }
  }
}

export function prefilter(buf: Uint8Array): Prefiltered {
  const candidates: Candidate[] = [];
  const n = buf.length;
  let hasCjk = false;
  let words = 0;
  let wordsStart = 0;
  let wordsEnd = 0;
  let runStart = -1;
  let lowerOnly = true;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? buf[i] : 0;
    const k = CLASS[c];
    if (k !== 0) {
      if (runStart < 0) {
        runStart = i;
        lowerOnly = true;
      }
      if (k !== LOWER) lowerOnly = false;
      continue;
    }
    if (c >= 0xe4 && c <= 0xe9) hasCjk = true;
    if (runStart < 0) continue;
    const s = runStart;
    const len = i - s;
    runStart = -1;
    if (len >= 50) {
      const prev = s > 0 ? buf[s - 1] : 0;
      if (prev !== 0x2b && prev !== 0x2f) candidates.push({ type: 'alnum', start: s, end: i });
    } else if (len === 20 && buf[s] === 0x41 && buf[s + 2] === 0x49 && buf[s + 3] === 0x41 && (buf[s + 1] === 0x4b || buf[s + 1] === 0x53)) {
      candidates.push({ type: 'aws', start: s, end: i });
    }
    // Mnemonic word sequences: lowercase words of 3–8 letters separated only by spaces or tabs.
    if (lowerOnly && len >= 3 && len <= 8) {
      let contiguous = words > 0;
      for (let j = wordsEnd; contiguous && j < s; j++) if (buf[j] !== SPACE && buf[j] !== TAB) contiguous = false;
      if (contiguous) {
        words++;
        wordsEnd = i;
      } else {
        if (words >= 12) candidates.push({ type: 'words', start: wordsStart, end: wordsEnd });
        words = 1;
        wordsStart = s;
        wordsEnd = i;
      }
    } else if (words) {
      if (words >= 12) candidates.push({ type: 'words', start: wordsStart, end: wordsEnd });
      words = 0;
    }
    if (len <= 15 && c >= 0x20 && c <= 0x5f) anchorAt(buf, s, i, c, candidates);
  }
  if (words >= 12) candidates.push({ type: 'words', start: wordsStart, end: wordsEnd });
  return { candidates, hasCjk };
}

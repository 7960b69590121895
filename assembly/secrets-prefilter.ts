// Candidate finder of the secrets scanner, compiled to WebAssembly by scripts/build-wasm.mjs.
// Candidates are rare, so each family is looked for by the cheapest test that cannot miss it:
//   - runs of 50+ letters and digits (hex keys, WIF, extended keys, base58 keypairs) and
//     stretches of 47+ lowercase letters, spaces and tabs (the least a 12-word mnemonic takes)
//     each hold two whole 16-byte chunks of their class, found from SIMD class masks; runs are
//     screened by length, alphabet and, for 32-byte hex, by a key-like word on the same line;
//     stretches are split into words screened by the English word list;
//   - stretches of 36+ bytes of non-ASCII and spaces (the least 12 CJK ideographs take) are found
//     by probing one byte per window, then split into chains of ideographs screened by length,
//     spacing and the Chinese word lists;
//   - the literal anchors of structured secrets (and AWS key ids) are found by comparing byte
//     pairs sixteen positions at a time.
// Every screen is a necessary condition of the matching detector in src/analyzers/secrets, which
// makes the final decision.
//
// Memory: the text at inputBase(), then PADDING zero bytes, then the candidate records
// (type, start, end as three u32), at most one per two input bytes.

// Candidate types: the order of CANDIDATE_TYPES in src/analyzers/secrets/prefilter.ts.
const ALNUM: u32 = 0;
const WORDS: u32 = 1;
const PEM: u32 = 2;
const KDF: u32 = 3;
const COMET: u32 = 4;
const AZURE: u32 = 5;
const AWS: u32 = 6;
const TOKEN: u32 = 7;
const PROVIDER: u32 = 8;
const BYTEARRAY: u32 = 9;
const CJK: u32 = 10;

/** Flag: the file is a geth `nodekey`, whose bare hex content is a key without any name next to it. */
const FLAG_NODEKEY_FILE: u32 = 1;

const DIGIT: u8 = 1;
const UPPER: u8 = 2;
const LOWER: u8 = 4;
const BASE58: u8 = 8;
/** Lowercase letters, space and tab: what a written-out English mnemonic consists of. */
const WORDISH: u8 = 32;
/** Bytes of multi-byte UTF-8 characters, and the space. */
const WIDE: u8 = 64;
const ALPHANUMERIC: u8 = DIGIT | UPPER | LOWER;

const CLASS: usize = memory.data(256);
for (let c = 0x30; c <= 0x39; c++) store<u8>(CLASS + c, DIGIT | (c == 0x30 ? 0 : BASE58));
for (let c = 0x41; c <= 0x5a; c++) store<u8>(CLASS + c, UPPER | (c == 0x49 || c == 0x4f ? 0 : BASE58));
for (let c = 0x61; c <= 0x7a; c++) store<u8>(CLASS + c, LOWER | WORDISH | (c == 0x6c ? 0 : BASE58));
for (let c = 0x80; c <= 0xff; c++) store<u8>(CLASS + c, WIDE);
store<u8>(CLASS + 0x20, WORDISH | WIDE);
store<u8>(CLASS + 0x09, WORDISH);

const SPACE: u32 = 0x20;
const TAB: u32 = 0x09;
const NEWLINE: u32 = 0x0a;
/** Zero bytes after the text, so that vector loads and look-aheads past its end read nothing. */
const PADDING: i32 = 64;

let buf: usize = 0;
let n: i32 = 0;
let out: usize = 0;
let count: u32 = 0;
let flags: u32 = 0;

export function inputBase(): usize {
  return (__heap_base + 15) & ~15;
}

/** Makes room for `bytes` of input and the candidate records; returns 0 if memory cannot grow. */
export function reserve(bytes: i32): usize {
  const needed = <i64>inputBase() + <i64>(((bytes + PADDING) + 15) & ~15) + <i64>(bytes / 2 + 16) * 12;
  const pages = <i32>((needed + 0xffff) >> 16);
  if (pages > memory.size() && memory.grow(pages - memory.size()) < 0) return 0;
  return inputBase();
}

@inline function at(i: i32): u32 {
  return <u32>load<u8>(buf + <usize>i);
}

@inline function classOf(c: u32): u8 {
  return load<u8>(CLASS + <usize>c);
}

@inline function isAlphanumeric(i: i32): bool {
  return i >= 0 && (classOf(at(i)) & ALPHANUMERIC) != 0;
}

function emit(type: u32, start: i32, end: i32): void {
  const p = out + <usize>count * 12;
  store<u32>(p, type);
  store<u32>(p, <u32>start, 4);
  store<u32>(p, <u32>end, 8);
  count++;
}

/** `word` at `start` (reads past the text only into the zero padding). */
function startsWith(start: i32, word: string): bool {
  if (start < 0) return false;
  const len = word.length;
  for (let i = 0; i < len; i++) if (at(start + i) != <u32>word.charCodeAt(i)) return false;
  return true;
}

/** `word` is the whole run of letters and digits starting at `start`. */
function tokenAt(start: i32, word: string): bool {
  return startsWith(start, word) && !isAlphanumeric(start - 1) && !isAlphanumeric(start + word.length);
}

/**
 * Finds every maximal run of bytes of class `cls` at least `minimum` long and hands it to `found`.
 * Probing the last byte of each window of `minimum` bytes skips the whole window when it is
 * outside the class; otherwise the probe is walked back to the window's last byte outside the
 * class, where the next window starts.
 */
@inline function eachRun(cls: u8, minimum: i32, found: (start: i32, end: i32) => void): void {
  let i = 0;
  while (i + minimum <= n) {
    if ((classOf(at(i + minimum - 1)) & cls) == 0) {
      i += minimum;
      continue;
    }
    let q = i + minimum - 2;
    while (q >= i && (classOf(at(q)) & cls) != 0) q--;
    if (q >= i) {
      i = q + 1;
      continue;
    }
    let e = i + minimum;
    while (e < n && (classOf(at(e)) & cls) != 0) e++;
    found(i, e);
    i = e + 1;
  }
}

/** Bitmask of the sixteen bytes at `chunk` that are letters or digits (ALPHANUMERIC) or WORDISH. */
@inline function chunkMask(cls: u8, chunk: i32): u32 {
  const v = v128.load(buf + <usize>chunk);
  if (cls == WORDISH) {
    const lower = i8x16.le_u(i8x16.sub(v, i8x16.splat(0x61)), i8x16.splat(25));
    return <u32>i8x16.bitmask(v128.or(lower, v128.or(i8x16.eq(v, i8x16.splat(0x20)), i8x16.eq(v, i8x16.splat(0x09)))));
  }
  const letter = i8x16.le_u(i8x16.sub(v128.or(v, i8x16.splat(0x20)), i8x16.splat(0x61)), i8x16.splat(25));
  const digit = i8x16.le_u(i8x16.sub(v, i8x16.splat(0x30)), i8x16.splat(9));
  return <u32>i8x16.bitmask(v128.or(letter, digit));
}

/**
 * Every maximal stretch of class `cls` (ALPHANUMERIC or WORDISH) at least `minimum` (≥ 47) bytes
 * long holds two consecutive whole chunks of sixteen bytes of the class, so only where two such
 * chunks meet is the stretch measured byte by byte.
 */
@inline function eachLongStretch(cls: u8, minimum: i32, found: (start: i32, end: i32) => void): void {
  let previousFull = false;
  let chunk = 0;
  while (chunk + 16 <= n) {
    const full = chunkMask(cls, chunk) == 0xffff;
    if (!(full && previousFull)) {
      previousFull = full;
      chunk += 16;
      continue;
    }
    let s = chunk - 16;
    while (s > 0 && (classOf(at(s - 1)) & cls) != 0) s--;
    let e = chunk + 16;
    while (e + 16 <= n && chunkMask(cls, e) == 0xffff) e += 16;
    while (e < n && (classOf(at(e)) & cls) != 0) e++;
    if (e - s >= minimum) found(s, e);
    previousFull = false;
    chunk = e + 1;
  }
}

/** Whether every byte in [from, to) is a hex digit, sixteen at a time. */
function allHex(from: i32, to: i32): bool {
  for (let chunk = from; chunk < to; chunk += 16) {
    const v = v128.or(v128.load(buf + <usize>chunk), i8x16.splat(0x20));
    const digit = v128.and(i8x16.ge_u(v, i8x16.splat(0x30)), i8x16.le_u(v, i8x16.splat(0x39)));
    const letter = v128.and(i8x16.ge_u(v, i8x16.splat(0x61)), i8x16.le_u(v, i8x16.splat(0x66)));
    let want: u32 = 0xffff;
    if (to < chunk + 16) want = (<u32>1 << <u32>(to - chunk)) - 1;
    if ((<u32>i8x16.bitmask(v128.or(digit, letter)) & want) != want) return false;
  }
  return true;
}

function allBase58(from: i32, to: i32): bool {
  for (let i = from; i < to; i++) if ((classOf(at(i)) & BASE58) == 0) return false;
  return true;
}

// ---- Long runs of letters and digits ----------------------------------------------------------

@inline function bitsFrom(chunk: i32, from: i32, to: i32): u32 {
  let bits: u32 = 0xffff;
  if (from > chunk) bits &= <u32>0xffff << <u32>(from - chunk);
  if (to < chunk + 16) bits &= (<u32>1 << <u32>(to - chunk)) - 1;
  return bits;
}

/**
 * The key-like words the hex-key detector requires in the 80 bytes of the line before the value
 * (priv, secret, sk, sign, key, wallet, account, pk, prv in any case). Each holds one of s, p, k, w
 * or o, which are looked for sixteen bytes at a time; reads before the text fall in static data.
 */
function keyishBefore(valueStart: i32): bool {
  let from = valueStart - 80;
  if (from < 0) from = 0;
  for (let chunk = valueStart - 16; chunk > from - 16; chunk -= 16) {
    const newlines = <u32>i8x16.bitmask(i8x16.eq(v128.load(buf + <usize>chunk), i8x16.splat(0x0a))) & bitsFrom(chunk, from, valueStart);
    if (newlines != 0) {
      from = chunk + 32 - <i32>clz(newlines);
      break;
    }
  }
  for (let chunk = from; chunk < valueStart; chunk += 16) {
    const v = v128.or(v128.load(buf + <usize>chunk), i8x16.splat(0x20));
    let m = v128.or(i8x16.eq(v, i8x16.splat(0x73)), i8x16.eq(v, i8x16.splat(0x70)));
    m = v128.or(m, v128.or(i8x16.eq(v, i8x16.splat(0x6b)), v128.or(i8x16.eq(v, i8x16.splat(0x77)), i8x16.eq(v, i8x16.splat(0x6f)))));
    let bits = <u32>i8x16.bitmask(m) & bitsFrom(chunk, from, valueStart);
    while (bits != 0) {
      const i = chunk + <i32>ctz(bits);
      bits &= bits - 1;
      const c = at(i) | 0x20;
      if (c == 0x73) {
        if (wordBefore(i, valueStart, 'sk') || wordBefore(i, valueStart, 'sign') || wordBefore(i, valueStart, 'secret')) return true;
      } else if (c == 0x70) {
        if (wordBefore(i, valueStart, 'pk') || wordBefore(i, valueStart, 'prv') || wordBefore(i, valueStart, 'priv')) return true;
      } else if (c == 0x6b) {
        if (wordBefore(i, valueStart, 'key')) return true;
      } else if (c == 0x77) {
        if (wordBefore(i, valueStart, 'wallet')) return true;
      } else if (i - 3 >= from && (at(i - 3) | 0x20) == 0x61 && wordBefore(i - 3, valueStart, 'account')) return true;
    }
  }
  return false;
}

/** Case-insensitive `word` (given in lowercase) at `i`, ending before `limit`. */
function wordBefore(i: i32, limit: i32, word: string): bool {
  const len = word.length;
  if (i + len > limit) return false;
  for (let j = 1; j < len; j++) if ((at(i + j) | 0x20) != <u32>word.charCodeAt(j)) return false;
  return true;
}

/** A maximal run of 50+ letters and digits, kept only in the shapes of a key (see detectAlnumRun). */
function alphanumericRun(s: i32, e: i32): void {
  const len = e - s;
  const prev = s > 0 ? at(s - 1) : 0;
  const next = at(e);
  if (prev == 0x2b || prev == 0x2f || next == 0x2f || next == 0x2b || next == 0x3d) return; // inside base64
  const prefixed = at(s) == 0x30 && (at(s + 1) | 0x20) == 0x78;
  const bodyLen = prefixed ? len - 2 : len;
  if (bodyLen == 64 || bodyLen == 128) {
    if (!allHex(prefixed ? s + 2 : s, e)) return;
    if (bodyLen == 128 || (flags & FLAG_NODEKEY_FILE) != 0 || keyishBefore(s)) emit(ALNUM, s, e);
    return;
  }
  if ((len == 51 || len == 52 || len == 87 || len == 88 || len == 111) && allBase58(s, e)) emit(ALNUM, s, e);
}

// ---- Mnemonic word sequences ------------------------------------------------------------------

/**
 * The BIP39 English words are told apart by their first four letters: a bit per four-letter
 * prefix (letters coded 1–26, 0 past the end of a three-letter word), set by addWordPrefix.
 */
const WORD_PREFIXES: usize = memory.data(1 << 17);

export function addWordPrefix(code: u32): void {
  const p = WORD_PREFIXES + <usize>(code >> 3);
  store<u8>(p, <u32>load<u8>(p) | (<u32>1 << (code & 7)));
}

/** A word of 3–8 lowercase letters whose first four letters may be those of a list word. */
@inline function mayBeListWord(start: i32, len: i32): bool {
  if (len < 3 || len > 8) return false;
  const x = load<u32>(buf + <usize>start);
  const code = (((x & 0xff) - 0x60) << 15) | ((((x >> 8) & 0xff) - 0x60) << 10) | ((((x >> 16) & 0xff) - 0x60) << 5) | (len > 3 ? (x >> 24) - 0x60 : 0);
  return (load<u8>(WORD_PREFIXES + <usize>(code >> 3)) & (1 << (code & 7))) != 0;
}

let sequenceWords = 0;
let sequenceStart = 0;
let sequenceEnd = 0;

/** One word of a stretch [s, e): extends the current sequence of possible list words, or ends it. */
@inline function stretchWord(w: i32, end: i32, s: i32, e: i32): void {
  const whole = (w > s || !isAlphanumeric(w - 1)) && (end < e || !isAlphanumeric(e));
  if (whole && mayBeListWord(w, end - w)) {
    if (sequenceWords == 0) sequenceStart = w;
    sequenceWords++;
    sequenceEnd = end;
  } else {
    if (sequenceWords >= 12) emit(WORDS, sequenceStart, sequenceEnd);
    sequenceWords = 0;
  }
}

/**
 * Within a stretch of lowercase letters, spaces and tabs: sequences of 12+ words of 3–8 letters
 * that may be word-list words. A word touching the stretch's edge counts only if the run of
 * letters and digits ends there too. Separators are found sixteen bytes at a time.
 */
function wordStretch(s: i32, e: i32): void {
  sequenceWords = 0;
  let wordStart = s;
  for (let chunk = s; chunk < e; chunk += 16) {
    const v = v128.load(buf + <usize>chunk);
    let separators = <u32>i8x16.bitmask(v128.or(i8x16.eq(v, i8x16.splat(0x20)), i8x16.eq(v, i8x16.splat(0x09))));
    if (chunk + 16 > e) separators &= (<u32>1 << <u32>(e - chunk)) - 1;
    while (separators != 0) {
      const p = chunk + <i32>ctz(separators);
      separators &= separators - 1;
      if (p > wordStart) stretchWord(wordStart, p, s, e);
      wordStart = p + 1;
    }
  }
  if (e > wordStart) stretchWord(wordStart, e, s, e);
  if (sequenceWords >= 12) emit(WORDS, sequenceStart, sequenceEnd);
}

// ---- Chains of CJK ideographs -----------------------------------------------------------------

/** A bit per ideograph U+4E00..U+9FFF in the BIP39 Chinese word lists, set by addIdeograph. */
const IDEOGRAPHS: usize = memory.data(0x5200 / 8);

export function addIdeograph(index: u32): void {
  const p = IDEOGRAPHS + <usize>(index >> 3);
  store<u8>(p, <u32>load<u8>(p) | (<u32>1 << (index & 7)));
}

/** The index from U+4E00 of the ideograph whose UTF-8 (E4 B8 80 .. E9 BF BF) starts at `i`, or -1. */
@inline function ideographAt(i: i32, end: i32): i32 {
  if (i + 3 > end) return -1;
  const c = at(i);
  const b1 = at(i + 1);
  const b2 = at(i + 2);
  if (c < 0xe4 || c > 0xe9 || b1 < (c == 0xe4 ? <u32>0xb8 : <u32>0x80) || b1 > 0xbf || b2 < 0x80 || b2 > 0xbf) return -1;
  return <i32>(((c & 0x0f) << 12) | ((b1 & 0x3f) << 6) | (b2 & 0x3f)) - 0x4e00;
}

@inline function listIdeograph(index: i32): bool {
  return (load<u8>(IDEOGRAPHS + <usize>(index >> 3)) & (1 << (index & 7))) != 0;
}

/** A chain is a mnemonic candidate if it has a mnemonic's length, is written evenly and every ideograph is a list word. */
function chainEnds(first: i32, last: i32, chain: i32, separators: i32, allListed: bool): void {
  if (!allListed || (chain != 12 && chain != 15 && chain != 18 && chain != 21 && chain != 24)) return;
  if (separators == 0 || separators == chain - 1) emit(CJK, first, last);
}

/**
 * Within a stretch of non-ASCII bytes and spaces: chains of ideographs, each separated from the
 * next by at most one space or ideographic space, so every match of the Chinese-mnemonic pattern
 * is a whole chain.
 */
function wideStretch(s: i32, e: i32): void {
  let chain = 0;
  let separators = 0;
  let allListed = true;
  let first = 0;
  let last = -1;
  let i = s;
  while (i < e) {
    const index = ideographAt(i, e);
    if (index < 0) {
      i++;
      continue;
    }
    const adjacent = i == last;
    const separated = (i == last + 1 && at(last) == SPACE) || (i == last + 3 && at(last) == 0xe3 && at(last + 1) == 0x80 && at(last + 2) == 0x80);
    if (chain > 0 && (adjacent || separated)) {
      chain++;
      if (separated) separators++;
    } else {
      if (chain > 0) chainEnds(first, last, chain, separators, allListed);
      chain = 1;
      separators = 0;
      allListed = true;
      first = i;
    }
    if (!listIdeograph(index)) allListed = false;
    last = i + 3;
    i += 3;
  }
  if (chain > 0) chainEnds(first, last, chain, separators, allListed);
}

// ---- Literal anchors --------------------------------------------------------------------------

/** Node-provider host names whose RPC URLs carry an API key. */
function providerHostAt(s: i32): i32 {
  if (tokenAt(s, 'infura')) return 6;
  if (tokenAt(s, 'alchemy')) return 7;
  if (tokenAt(s, 'alchemyapi')) return 10;
  if (tokenAt(s, 'quiknode')) return 8;
  if (tokenAt(s, 'ankr')) return 4;
  if (tokenAt(s, 'getblock')) return 8;
  if (tokenAt(s, 'p2pify')) return 6;
  if (tokenAt(s, 'blastapi')) return 8;
  if (tokenAt(s, 'drpc')) return 4;
  if (tokenAt(s, 'nodereal')) return 8;
  return 0;
}

/** The host part of a URL after `://`: every provider host name in it followed by a dot. */
function urlHost(p: i32): void {
  const limit = p + 3 + 120 < n ? p + 3 + 120 : n;
  let i = p + 3;
  while (i < limit) {
    const c = at(i);
    const hostChar = (classOf(c) & ALPHANUMERIC) != 0 || c == 0x2e || c == 0x5f || c == 0x3a || c == 0x40 || c == 0x2d;
    if (!hostChar) return;
    if ((classOf(c) & ALPHANUMERIC) != 0 && !isAlphanumeric(i - 1)) {
      const len = providerHostAt(i);
      if (len > 0 && at(i + len) == 0x2e) emit(PROVIDER, i, i + len);
    }
    i++;
  }
}

/** Checks the anchor whose first two bytes were flagged at `p`. */
function anchorAt(p: i32): void {
  const c0 = at(p);
  const c1 = at(p + 1);
  if (c0 == 0x22) {
    // "kdf"
    if (startsWith(p, '"kdf"')) emit(KDF, p, p + 4);
  } else if (c0 == 0x67) {
    // ghp_ gho_ ghu_ ghs_ ghr_ github_pat_ glpat-
    if (isAlphanumeric(p - 1)) return;
    if (c1 == 0x68 && isAlphanumeric(p + 2) && at(p + 3) == 0x5f) emit(TOKEN, p, p + 3);
    else if (startsWith(p, 'github_')) emit(TOKEN, p, p + 6);
    else if (startsWith(p, 'glpat-')) emit(TOKEN, p, p + 5);
  } else if (c0 == 0x78) {
    // xoxb-
    if (!isAlphanumeric(p - 1) && at(p + 2) == 0x78 && isAlphanumeric(p + 3) && at(p + 4) == 0x2d) emit(TOKEN, p, p + 4);
  } else if (c0 == 0x2d) {
    // -----BEGIN
    if (startsWith(p, '-BEGIN ') && p >= 4 && at(p - 4) == 0x2d) emit(PEM, p - 4, p + 6);
  } else if (c0 == 0x2f) {
    // tendermint/PrivKey… cometbft/PrivKey…
    if (!startsWith(p, '/PrivKey')) return;
    if (tokenAt(p - 10, 'tendermint')) emit(COMET, p - 10, p);
    else if (tokenAt(p - 8, 'cometbft')) emit(COMET, p - 8, p);
  } else if (c0 == 0x79) {
    // AccountKey= SharedAccessKey=
    if (tokenAt(p - 9, 'AccountKey')) emit(AZURE, p - 9, p + 1);
    else if (tokenAt(p - 14, 'SharedAccessKey')) emit(AZURE, p - 14, p + 1);
  } else if (c0 == 0x41) {
    // AKIA… ASIA…: a run of exactly twenty letters and digits
    if (isAlphanumeric(p - 1) || at(p + 2) != 0x49 || at(p + 3) != 0x41 || isAlphanumeric(p + 20)) return;
    for (let i = p + 4; i < p + 20; i++) if (!isAlphanumeric(i)) return;
    emit(AWS, p, p + 20);
  } else if (c0 == 0x3a) {
    if (at(p + 2) == 0x2f) urlHost(p);
  } else if (c0 == 0x5b) {
    // [12, 34, … : the opening of a JSON byte array
    let q = p + 1;
    while (q < p + 8 && (at(q) == SPACE || at(q) == NEWLINE || at(q) == 0x0d || at(q) == TAB)) q++;
    const digits = q;
    while (q < digits + 4 && (classOf(at(q)) & DIGIT) != 0) q++;
    if (q > digits && q - digits <= 3 && at(q) == 0x2c) emit(BYTEARRAY, p, q);
  }
}

// Anchor pairs by nibble tables: bit k of FIRST_*[nibble] and SECOND_*[nibble] marks the first and
// second byte of pair k, so (first(v0) & second(v1)) != 0 exactly where a pair starts.
const PAIRS: StaticArray<string> = ['"k', 'gh', 'gi', 'gl', 'xo', '-B', '/P', 'y=', ':/', 'AK', 'AS'];
const PAIR_BIT: StaticArray<u8> = [1, 2, 2, 2, 4, 8, 16, 32, 64, 128, 128];
const FIRST_LOW: usize = memory.data(16, 16);
const FIRST_HIGH: usize = memory.data(16, 16);
const SECOND_LOW: usize = memory.data(16, 16);
const SECOND_HIGH: usize = memory.data(16, 16);
for (let k = 0; k < PAIRS.length; k++) {
  const pair = PAIRS[k];
  const bit = <u32>PAIR_BIT[k];
  const a = <u32>pair.charCodeAt(0);
  const b = <u32>pair.charCodeAt(1);
  store<u8>(FIRST_LOW + (a & 15), <u32>load<u8>(FIRST_LOW + (a & 15)) | bit);
  store<u8>(FIRST_HIGH + (a >> 4), <u32>load<u8>(FIRST_HIGH + (a >> 4)) | bit);
  store<u8>(SECOND_LOW + (b & 15), <u32>load<u8>(SECOND_LOW + (b & 15)) | bit);
  store<u8>(SECOND_HIGH + (b >> 4), <u32>load<u8>(SECOND_HIGH + (b >> 4)) | bit);
}

@inline function nibbleClass(v: v128, low: v128, high: v128): v128 {
  return v128.and(i8x16.swizzle(low, v128.and(v, i8x16.splat(0x0f))), i8x16.swizzle(high, i8x16.shr_u(v, 4)));
}

/**
 * Flags, sixteen positions at a time, the byte pairs every anchor starts with (and "["); the
 * tables may flag a few more pairs, which anchorAt turns down.
 */
function anchors(): void {
  const firstLow = v128.load(FIRST_LOW);
  const firstHigh = v128.load(FIRST_HIGH);
  const secondLow = v128.load(SECOND_LOW);
  const secondHigh = v128.load(SECOND_HIGH);
  for (let i = 0; i < n; i += 16) {
    const v0 = v128.load(buf + <usize>i);
    const v1 = v128.load(buf + <usize>i + 1);
    const pairs = v128.and(nibbleClass(v0, firstLow, firstHigh), nibbleClass(v1, secondLow, secondHigh));
    let bits = ~<u32>i8x16.bitmask(i8x16.eq(pairs, i8x16.splat(0))) & 0xffff;
    bits |= <u32>i8x16.bitmask(i8x16.eq(v0, i8x16.splat(0x5b)));
    while (bits != 0) {
      const p = i + <i32>ctz(bits);
      if (p >= n) return;
      anchorAt(p);
      bits &= bits - 1;
    }
  }
}

/** Where the last scan wrote its candidate records. */
export function records(): usize {
  return out;
}

/** Writes the candidates of the `length` bytes at inputBase(); returns their count. */
export function scan(length: i32, scanFlags: u32): u32 {
  buf = inputBase();
  n = length;
  memory.fill(buf + <usize>n, 0, PADDING);
  out = buf + <usize>(((n + PADDING) + 15) & ~15);
  count = 0;
  flags = scanFlags;
  eachLongStretch(ALPHANUMERIC, 50, alphanumericRun);
  eachLongStretch(WORDISH, 47, wordStretch);
  eachRun(WIDE, 36, wideStretch);
  anchors();
  return count;
}

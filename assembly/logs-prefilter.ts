// Candidate finder of the log classifier, compiled to WebAssembly by scripts/build-wasm.mjs.
//   - scan(): every occurrence of every anchor literal of the classification rules, found by one
//     Aho-Corasick automaton (built in src/analyzers/logs/prefilter.ts) run over the bytes. The
//     text is cut into eight stretches walked in lock step, so the table lookups of one stretch
//     overlap those of the others instead of waiting on each other.
//   - lineStats(): line, blank-line and record-start counts, sixteen bytes at a time; a record
//     starts where the first byte of a line is of the format's first-byte class and, when asked,
//     a given byte stands at a given offset.
//
// Memory from base(): the configuration (RECORD_CLASS_BYTES of record-start classes, 256 bytes of
// byte classes, then the transition table: u16 per state and byte class, a row of 128 per state so
// that a step is a shift, an or and a load; bit 15 marks a state where some literal ends), the text,
// PADDING zero bytes, then the match records (position and state as two u32).

const PADDING: i32 = 64;
const STREAMS: i32 = 8;
const RECORD_CLASS_BYTES: usize = 256;
const NEWLINE: i32 = 0x0a;

let configBytes: usize = 0;
let recordCapacity: i32 = 0;
let longest: i32 = 1;
let buf: usize = 0;
let out: usize = 0;
let overflowAt: i32 = -1;

let lines: i32 = 0;
let blankLines: i32 = 0;
let indentedLines: i32 = 0;
let recordStarts: i32 = 0;
let firstRecord: i32 = -1;
let lastRecord: i32 = -1;
let secondOffset: i32 = -1;
let secondByte: u32 = 0;
let otherOffset: i32 = -1;
let otherByte: u32 = 0;

export function base(): usize {
  return (__heap_base + 15) & ~15;
}

@inline function align16(n: usize): usize {
  return (n + 15) & ~15;
}

/**
 * Makes room for a configuration of `config` bytes, texts up to `input` bytes and `records`
 * match records; returns 0 if memory cannot grow.
 */
export function reserve(config: i32, text: i32, records: i32): usize {
  const needed =
    <i64>base() + <i64>align16(<usize>config) + <i64>align16(<usize>(text + PADDING)) + <i64>records * 8 + 16;
  const pages = <i32>((needed + 0xffff) >> 16);
  if (pages > memory.size() && memory.grow(pages - memory.size()) < 0) return 0;
  configBytes = align16(<usize>config);
  recordCapacity = records;
  return base();
}

/** Where the text goes. */
export function input(): usize {
  return base() + configBytes;
}

export function records(): usize {
  return out;
}

/** The longest literal of the automaton in the configuration area is `longestLiteral` bytes. */
export function configure(longestLiteral: i32): void {
  longest = longestLiteral;
}

/**
 * Record starts also need byte `value` at `offset` from the line start, or `value2` at `offset2`
 * (offsets < 0: no such condition).
 */
export function requireByte(offset: i32, value: u32, offset2: i32, value2: u32): void {
  secondOffset = offset;
  secondByte = value;
  otherOffset = offset2;
  otherByte = value2;
}

@inline function byteIs(p: i32, length: i32, offset: i32, value: u32): bool {
  return offset >= 0 && p + offset < length && <u32>load<u8>(buf + <usize>(p + offset)) == value;
}

@inline function step(state: u32, b: u32): u32 {
  const cls = <u32>load<u8>(base() + RECORD_CLASS_BYTES + <usize>b);
  return <u32>load<u16>(base() + RECORD_CLASS_BYTES + 256 + ((<usize>((state << 7) | cls)) << 1));
}

/** The state reached at `at` from the `longest - 1` bytes before it (not before `floor`). */
function warmUp(at: i32, floor: i32): u32 {
  let s: u32 = 0;
  for (let i = max(floor, at - longest + 1); i < at; i++) s = step(s & 0x7fff, <u32>load<u8>(buf + <usize>i));
  return s & 0x7fff;
}

/**
 * Runs the automaton over the text from `from` to `length`. Match records hold the position of the last
 * byte of the literal and the state reached (which names the literals ending there). Records are
 * in position order within each of the four stretches, and the stretches follow each other.
 */
export function scan(from: i32, length: i32): i32 {
  buf = input();
  memory.fill(buf + <usize>length, 0, PADDING);
  out = buf + align16(<usize>(length + PADDING));
  overflowAt = -1;
  const span = (length - from) / STREAMS;
  // Each stretch writes into its own part of the record area so that order is kept.
  const part = recordCapacity / STREAMS;
  const b0 = buf + <usize>(from + span * 0);
  const b1 = buf + <usize>(from + span * 1);
  const b2 = buf + <usize>(from + span * 2);
  const b3 = buf + <usize>(from + span * 3);
  const b4 = buf + <usize>(from + span * 4);
  const b5 = buf + <usize>(from + span * 5);
  const b6 = buf + <usize>(from + span * 6);
  const b7 = buf + <usize>(from + span * 7);
  // Each later stretch first reads the bytes just before it, so a literal across the cut is found.
  let s0: u32 = 0;
  let s1 = warmUp(from + span * 1, from);
  let s2 = warmUp(from + span * 2, from);
  let s3 = warmUp(from + span * 3, from);
  let s4 = warmUp(from + span * 4, from);
  let s5 = warmUp(from + span * 5, from);
  let s6 = warmUp(from + span * 6, from);
  let s7 = warmUp(from + span * 7, from);
  let c0 = part * 0;
  let c1 = part * 1;
  let c2 = part * 2;
  let c3 = part * 3;
  let c4 = part * 4;
  let c5 = part * 5;
  let c6 = part * 6;
  let c7 = part * 7;
  for (let i = 0; i < span; i++) {
    s0 = step(s0 & 0x7fff, <u32>load<u8>(b0 + <usize>i));
    s1 = step(s1 & 0x7fff, <u32>load<u8>(b1 + <usize>i));
    s2 = step(s2 & 0x7fff, <u32>load<u8>(b2 + <usize>i));
    s3 = step(s3 & 0x7fff, <u32>load<u8>(b3 + <usize>i));
    s4 = step(s4 & 0x7fff, <u32>load<u8>(b4 + <usize>i));
    s5 = step(s5 & 0x7fff, <u32>load<u8>(b5 + <usize>i));
    s6 = step(s6 & 0x7fff, <u32>load<u8>(b6 + <usize>i));
    s7 = step(s7 & 0x7fff, <u32>load<u8>(b7 + <usize>i));
    if (((s0 | s1 | s2 | s3 | s4 | s5 | s6 | s7) & 0x8000) != 0) {
      if (s0 & 0x8000) c0 = put(c0, part * 1, from + span * 0 + i, s0 & 0x7fff);
      if (s1 & 0x8000) c1 = put(c1, part * 2, from + span * 1 + i, s1 & 0x7fff);
      if (s2 & 0x8000) c2 = put(c2, part * 3, from + span * 2 + i, s2 & 0x7fff);
      if (s3 & 0x8000) c3 = put(c3, part * 4, from + span * 3 + i, s3 & 0x7fff);
      if (s4 & 0x8000) c4 = put(c4, part * 5, from + span * 4 + i, s4 & 0x7fff);
      if (s5 & 0x8000) c5 = put(c5, part * 6, from + span * 5 + i, s5 & 0x7fff);
      if (s6 & 0x8000) c6 = put(c6, part * 7, from + span * 6 + i, s6 & 0x7fff);
      if (s7 & 0x8000) c7 = put(c7, recordCapacity, from + span * 7 + i, s7 & 0x7fff);
    }
  }
  // The last stretch also takes the bytes left over by the division.
  for (let i = from + span * 8; i < length; i++) {
    s7 = step(s7 & 0x7fff, <u32>load<u8>(buf + <usize>i));
    if (s7 & 0x8000) c7 = put(c7, recordCapacity, i, s7 & 0x7fff);
  }
  // Close the gaps between the parts.
  let at = c0;
  at = gather(at, part * 1, c1);
  at = gather(at, part * 2, c2);
  at = gather(at, part * 3, c3);
  at = gather(at, part * 4, c4);
  at = gather(at, part * 5, c5);
  at = gather(at, part * 6, c6);
  at = gather(at, part * 7, c7);
  return at;
}

@inline function gather(at: i32, from: i32, to: i32): i32 {
  const n = to - from;
  if (n > 0 && at != from) memory.copy(out + (<usize>at << 3), out + (<usize>from << 3), <usize>n << 3);
  return at + n;
}

/** Writes a record at slot `slot` unless the stretch's quarter (ending at `limit`) is full. */
@inline function put(slot: i32, limit: i32, position: i32, state: u32): i32 {
  if (slot >= limit) {
    if (overflowAt < 0 || position < overflowAt) overflowAt = position;
    return slot;
  }
  const p = out + (<usize>slot << 3);
  store<u32>(p, <u32>position);
  store<u32>(p, state, 4);
  return slot + 1;
}

/** -1, or the first position whose matches did not fit: the caller scans again from that line. */
export function overflow(): i32 {
  return overflowAt;
}

/**
 * Counts lines, blank lines, indented lines and record starts in `length` bytes of text (which start at a line
 * start unless `midLine`); remembers the first and last record start.
 */
export function lineStats(length: i32, midLine: bool): void {
  buf = input();
  memory.fill(buf + <usize>length, 0, PADDING);
  lines = 0;
  blankLines = 0;
  indentedLines = 0;
  recordStarts = 0;
  firstRecord = -1;
  lastRecord = -1;
  if (!midLine && length > 0) lineStart(0, length);
  const newline = i8x16.splat(<i8>NEWLINE);
  for (let i = 0; i < length; i += 16) {
    let bits = <u32>i8x16.bitmask(i8x16.eq(v128.load(buf + <usize>i), newline));
    while (bits != 0) {
      const p = i + <i32>ctz(bits);
      bits &= bits - 1;
      if (p >= length) break;
      lines++;
      if (p + 1 < length) lineStart(p + 1, length);
    }
  }
}

@inline function lineStart(p: i32, length: i32): void {
  const b = <u32>load<u8>(buf + <usize>p);
  if (b == NEWLINE || (b == 0x0d && <i32>load<u8>(buf + <usize>p + 1) == NEWLINE)) {
    blankLines++;
    return;
  }
  if (b == 0x20 || b == 0x09) indentedLines++;
  if (load<u8>(base() + <usize>b) == 0) return;
  if (secondOffset >= 0 && !byteIs(p, length, secondOffset, secondByte) && !byteIs(p, length, otherOffset, otherByte)) return;
  recordStarts++;
  if (firstRecord < 0) firstRecord = p;
  lastRecord = p;
}

export function lineCount(): i32 {
  return lines;
}
export function blankLineCount(): i32 {
  return blankLines;
}
export function indentedLineCount(): i32 {
  return indentedLines;
}
export function recordStartCount(): i32 {
  return recordStarts;
}
export function firstRecordStart(): i32 {
  return firstRecord;
}
export function lastRecordStart(): i32 {
  return lastRecord;
}

/** Newlines in [from, to) of the text last scanned, sixteen bytes at a time. */
export function newlinesBetween(from: i32, to: i32): i32 {
  let n = 0;
  let i = from;
  for (; i < to && (i & 15) != 0; i++) if (<i32>load<u8>(buf + <usize>i) == NEWLINE) n++;
  const newline = i8x16.splat(<i8>NEWLINE);
  for (; i + 16 <= to; i += 16) n += <i32>popcnt(<u32>i8x16.bitmask(i8x16.eq(v128.load(buf + <usize>i), newline)));
  for (; i < to; i++) if (<i32>load<u8>(buf + <usize>i) == NEWLINE) n++;
  return n;
}

// Double SHA-256 of many independent messages, four at a time in the lanes of 128-bit SIMD
// registers. Compiled by scripts/build-wasm.mjs; src/analyzers/ledger/sha256d-batch.ts lays out
// the linear memory above heapBase() and calls the exports below.

const LANES: i32 = 4;

const K: usize = memory.data<u32>([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
const IV: usize = memory.data<u32>([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);

/** Round constants with each one repeated in all four lanes. */
const K_LANES: usize = memory.data(64 * 16, 16);
/** Message schedule of the current lane group: word t of lane k at W + 16t + 4k. */
const W: usize = memory.data(64 * 16, 16);
/** Complete schedule of the padding block that follows a 64-byte message; the same for every such message. */
const PAD64_SCHEDULE: usize = memory.data(64 * 16, 16);
/** Chaining state, word j of lane k at STATE + 16j + 4k. */
const STATE: usize = memory.data(8 * 16, 16);
/** Per lane, up to two padded final blocks of its current message. */
const TAIL: usize = memory.data(LANES * 128, 16);

/** Per-lane bookkeeping of sha256dMessages, one u32 per lane in each array. */
const LANE_MESSAGE: usize = memory.data(LANES * 4, 16);
const LANE_DATA: usize = memory.data(LANES * 4, 16);
const LANE_FULL_BLOCKS: usize = memory.data(LANES * 4, 16);
const LANE_BLOCKS: usize = memory.data(LANES * 4, 16);
const LANE_NEXT_BLOCK: usize = memory.data(LANES * 4, 16);
const LANE_IN_SECOND_HASH: usize = memory.data(LANES * 4, 16);
const IDLE: u32 = 0xffffffff;

for (let t: usize = 0; t < 64; t++) v128.store(K_LANES + t * 16, i32x4.splat(load<u32>(K + t * 4)));
for (let t: usize = 0; t < 16; t++) v128.store(PAD64_SCHEDULE + t * 16, i32x4.splat(t == 0 ? 0x80000000 : t == 15 ? 512 : 0));
expandSchedule(PAD64_SCHEDULE);

export function heapBase(): usize {
  return (__heap_base + 15) & ~15;
}

@inline function rotr(x: v128, n: i32): v128 {
  return v128.or(i32x4.shr_u(x, n), i32x4.shl(x, 32 - n));
}

@inline function bigEndianWords(x: v128): v128 {
  return i8x16.swizzle(x, i8x16(3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12));
}

function expandSchedule(w: usize): void {
  for (let t: usize = 16; t < 64; t++) {
    const w15 = v128.load(w + (t - 15) * 16);
    const w2 = v128.load(w + (t - 2) * 16);
    const s0 = v128.xor(v128.xor(rotr(w15, 7), rotr(w15, 18)), i32x4.shr_u(w15, 3));
    const s1 = v128.xor(v128.xor(rotr(w2, 17), rotr(w2, 19)), i32x4.shr_u(w2, 10));
    v128.store(w + t * 16, i32x4.add(i32x4.add(s1, v128.load(w + (t - 7) * 16)), i32x4.add(s0, v128.load(w + (t - 16) * 16))));
  }
}

@inline function bigSigma1PlusChoice(e: v128, f: v128, g: v128): v128 {
  return i32x4.add(v128.xor(v128.xor(rotr(e, 6), rotr(e, 11)), rotr(e, 25)), v128.bitselect(f, g, e));
}

@inline function bigSigma0(a: v128): v128 {
  return v128.xor(v128.xor(rotr(a, 2), rotr(a, 13)), rotr(a, 22));
}

/**
 * The 64 rounds over an expanded schedule, added into STATE. Unrolled by eight so the working
 * variables rename instead of moving; Maj(a, b, c) = b ^ ((a ^ b) & (b ^ c)) reuses a ^ b as the
 * next round's b ^ c.
 */
function compress(w: usize): void {
  let a = v128.load(STATE, 0);
  let b = v128.load(STATE, 16);
  let c = v128.load(STATE, 32);
  let d = v128.load(STATE, 48);
  let e = v128.load(STATE, 64);
  let f = v128.load(STATE, 80);
  let g = v128.load(STATE, 96);
  let h = v128.load(STATE, 112);
  let bc = v128.xor(b, c);
  let ab: v128;
  let t1: v128;
  for (let t: usize = 0; t < 64; t += 8) {
    const k = K_LANES + t * 16;
    const x = w + t * 16;
    t1 = i32x4.add(i32x4.add(h, bigSigma1PlusChoice(e, f, g)), i32x4.add(v128.load(k, 0), v128.load(x, 0)));
    ab = v128.xor(a, b);
    d = i32x4.add(d, t1);
    h = i32x4.add(t1, i32x4.add(bigSigma0(a), v128.xor(b, v128.and(ab, bc))));
    t1 = i32x4.add(i32x4.add(g, bigSigma1PlusChoice(d, e, f)), i32x4.add(v128.load(k, 16), v128.load(x, 16)));
    bc = v128.xor(h, a);
    c = i32x4.add(c, t1);
    g = i32x4.add(t1, i32x4.add(bigSigma0(h), v128.xor(a, v128.and(bc, ab))));
    t1 = i32x4.add(i32x4.add(f, bigSigma1PlusChoice(c, d, e)), i32x4.add(v128.load(k, 32), v128.load(x, 32)));
    ab = v128.xor(g, h);
    b = i32x4.add(b, t1);
    f = i32x4.add(t1, i32x4.add(bigSigma0(g), v128.xor(h, v128.and(ab, bc))));
    t1 = i32x4.add(i32x4.add(e, bigSigma1PlusChoice(b, c, d)), i32x4.add(v128.load(k, 48), v128.load(x, 48)));
    bc = v128.xor(f, g);
    a = i32x4.add(a, t1);
    e = i32x4.add(t1, i32x4.add(bigSigma0(f), v128.xor(g, v128.and(bc, ab))));
    t1 = i32x4.add(i32x4.add(d, bigSigma1PlusChoice(a, b, c)), i32x4.add(v128.load(k, 64), v128.load(x, 64)));
    ab = v128.xor(e, f);
    h = i32x4.add(h, t1);
    d = i32x4.add(t1, i32x4.add(bigSigma0(e), v128.xor(f, v128.and(ab, bc))));
    t1 = i32x4.add(i32x4.add(c, bigSigma1PlusChoice(h, a, b)), i32x4.add(v128.load(k, 80), v128.load(x, 80)));
    bc = v128.xor(d, e);
    g = i32x4.add(g, t1);
    c = i32x4.add(t1, i32x4.add(bigSigma0(d), v128.xor(e, v128.and(bc, ab))));
    t1 = i32x4.add(i32x4.add(b, bigSigma1PlusChoice(g, h, a)), i32x4.add(v128.load(k, 96), v128.load(x, 96)));
    ab = v128.xor(c, d);
    f = i32x4.add(f, t1);
    b = i32x4.add(t1, i32x4.add(bigSigma0(c), v128.xor(d, v128.and(ab, bc))));
    t1 = i32x4.add(i32x4.add(a, bigSigma1PlusChoice(f, g, h)), i32x4.add(v128.load(k, 112), v128.load(x, 112)));
    bc = v128.xor(b, c);
    e = i32x4.add(e, t1);
    a = i32x4.add(t1, i32x4.add(bigSigma0(b), v128.xor(c, v128.and(bc, ab))));
  }
  v128.store(STATE, i32x4.add(a, v128.load(STATE, 0)), 0);
  v128.store(STATE, i32x4.add(b, v128.load(STATE, 16)), 16);
  v128.store(STATE, i32x4.add(c, v128.load(STATE, 32)), 32);
  v128.store(STATE, i32x4.add(d, v128.load(STATE, 48)), 48);
  v128.store(STATE, i32x4.add(e, v128.load(STATE, 64)), 64);
  v128.store(STATE, i32x4.add(f, v128.load(STATE, 80)), 80);
  v128.store(STATE, i32x4.add(g, v128.load(STATE, 96)), 96);
  v128.store(STATE, i32x4.add(h, v128.load(STATE, 112)), 112);
}

function resetAllLanes(): void {
  for (let j: usize = 0; j < 8; j++) v128.store(STATE + j * 16, i32x4.splat(load<u32>(IV + j * 4)));
}

function resetLane(lane: usize): void {
  for (let j: usize = 0; j < 8; j++) store<u32>(STATE + j * 16 + lane * 4, load<u32>(IV + j * 4));
}

/** Loads one 64-byte block per lane into W[0..16), transposed to one word of every lane per vector. */
function loadBlocks(p0: usize, p1: usize, p2: usize, p3: usize): void {
  for (let offset: usize = 0; offset < 64; offset += 16) {
    const x0 = bigEndianWords(v128.load(p0 + offset));
    const x1 = bigEndianWords(v128.load(p1 + offset));
    const x2 = bigEndianWords(v128.load(p2 + offset));
    const x3 = bigEndianWords(v128.load(p3 + offset));
    const lo01 = i32x4.shuffle(x0, x1, 0, 4, 1, 5);
    const hi01 = i32x4.shuffle(x0, x1, 2, 6, 3, 7);
    const lo23 = i32x4.shuffle(x2, x3, 0, 4, 1, 5);
    const hi23 = i32x4.shuffle(x2, x3, 2, 6, 3, 7);
    const row = W + offset * 4;
    v128.store(row, i32x4.shuffle(lo01, lo23, 0, 1, 4, 5), 0);
    v128.store(row, i32x4.shuffle(lo01, lo23, 2, 3, 6, 7), 16);
    v128.store(row, i32x4.shuffle(hi01, hi23, 0, 1, 4, 5), 32);
    v128.store(row, i32x4.shuffle(hi01, hi23, 2, 3, 6, 7), 48);
  }
}

/** Writes the 32-byte digest of each lane, lane k at out + 32k. */
function storeDigests(out: usize): void {
  for (let half: usize = 0; half < 2; half++) {
    const s0 = v128.load(STATE + half * 64, 0);
    const s1 = v128.load(STATE + half * 64, 16);
    const s2 = v128.load(STATE + half * 64, 32);
    const s3 = v128.load(STATE + half * 64, 48);
    const lo01 = i32x4.shuffle(s0, s1, 0, 4, 1, 5);
    const hi01 = i32x4.shuffle(s0, s1, 2, 6, 3, 7);
    const lo23 = i32x4.shuffle(s2, s3, 0, 4, 1, 5);
    const hi23 = i32x4.shuffle(s2, s3, 2, 6, 3, 7);
    const at = out + half * 16;
    v128.store(at, bigEndianWords(i32x4.shuffle(lo01, lo23, 0, 1, 4, 5)), 0);
    v128.store(at, bigEndianWords(i32x4.shuffle(lo01, lo23, 2, 3, 6, 7)), 32);
    v128.store(at, bigEndianWords(i32x4.shuffle(hi01, hi23, 0, 1, 4, 5)), 64);
    v128.store(at, bigEndianWords(i32x4.shuffle(hi01, hi23, 2, 3, 6, 7)), 96);
  }
}

function storeLaneDigest(lane: usize, out: usize): void {
  for (let j: usize = 0; j < 8; j++) store<u32>(out + j * 4, bswap<u32>(load<u32>(STATE + j * 16 + lane * 4)));
}

/** Starts the first hash of message `index` (table entry: data pointer, length) in `lane`. */
function startMessage(lane: usize, table: usize, index: u32): void {
  const data = load<u32>(table + (<usize>index) * 8);
  const length = load<u32>(table + (<usize>index) * 8 + 4);
  const fullBlocks = length >> 6;
  const rest = length & 63;
  const tailBytes: u32 = rest < 56 ? 64 : 128;
  const tail = TAIL + lane * 128;
  memory.copy(tail, <usize>data + (<usize>fullBlocks << 6), rest);
  store<u8>(tail + rest, 0x80);
  memory.fill(tail + rest + 1, 0, tailBytes - rest - 9);
  store<u64>(tail + tailBytes - 8, bswap<u64>(<u64>length << 3));
  store<u32>(LANE_MESSAGE + lane * 4, index);
  store<u32>(LANE_DATA + lane * 4, data);
  store<u32>(LANE_FULL_BLOCKS + lane * 4, fullBlocks);
  store<u32>(LANE_BLOCKS + lane * 4, fullBlocks + (tailBytes >> 6));
  store<u32>(LANE_NEXT_BLOCK + lane * 4, 0);
  store<u32>(LANE_IN_SECOND_HASH + lane * 4, 0);
  resetLane(lane);
}

/** Replaces the lane's first-hash state by the start of the second hash over its digest. */
function startSecondHash(lane: usize): void {
  const tail = TAIL + lane * 128;
  storeLaneDigest(lane, tail);
  store<u8>(tail + 32, 0x80);
  memory.fill(tail + 33, 0, 31);
  store<u8>(tail + 62, 1); // message length 256 bits, big-endian
  store<u32>(LANE_FULL_BLOCKS + lane * 4, 0);
  store<u32>(LANE_BLOCKS + lane * 4, 1);
  store<u32>(LANE_NEXT_BLOCK + lane * 4, 0);
  store<u32>(LANE_IN_SECOND_HASH + lane * 4, 1);
  resetLane(lane);
}

function blockSource(lane: usize): usize {
  const tail = TAIL + lane * 128;
  if (load<u32>(LANE_MESSAGE + lane * 4) == IDLE) return tail;
  const next = load<u32>(LANE_NEXT_BLOCK + lane * 4);
  const fullBlocks = load<u32>(LANE_FULL_BLOCKS + lane * 4);
  if (next < fullBlocks) return <usize>load<u32>(LANE_DATA + lane * 4) + ((<usize>next) << 6);
  return tail + ((<usize>(next - fullBlocks)) << 6);
}

/**
 * sha256d of `count` messages of any length; `table` holds (data pointer, length) as two u32 per
 * message, digest i goes to out + 32i. A lane that finishes a message takes the next one, so
 * messages of different lengths keep all four lanes busy.
 */
export function sha256dMessages(table: usize, count: u32, out: usize): void {
  let next: u32 = 0;
  let busy = 0;
  for (let lane: usize = 0; lane < <usize>LANES; lane++) {
    if (next < count) {
      startMessage(lane, table, next++);
      busy++;
    } else store<u32>(LANE_MESSAGE + lane * 4, IDLE);
  }
  while (busy > 0) {
    loadBlocks(blockSource(0), blockSource(1), blockSource(2), blockSource(3));
    expandSchedule(W);
    compress(W);
    for (let lane: usize = 0; lane < <usize>LANES; lane++) {
      const message = load<u32>(LANE_MESSAGE + lane * 4);
      if (message == IDLE) continue;
      const done = load<u32>(LANE_NEXT_BLOCK + lane * 4) + 1;
      store<u32>(LANE_NEXT_BLOCK + lane * 4, done);
      if (done < load<u32>(LANE_BLOCKS + lane * 4)) continue;
      if (load<u32>(LANE_IN_SECOND_HASH + lane * 4) == 0) {
        startSecondHash(lane);
        continue;
      }
      storeLaneDigest(lane, out + (<usize>message) * 32);
      if (next < count) startMessage(lane, table, next++);
      else {
        store<u32>(LANE_MESSAGE + lane * 4, IDLE);
        busy--;
      }
    }
  }
}

/**
 * sha256d of `count` 64-byte messages stored back to back at `source`, digest i to out + 32i.
 * Works in whole groups of four: `source` must be readable for 64 bytes and `out` writable for
 * 32 bytes per message rounded up to a multiple of four.
 */
function sha256dPairs(source: usize, count: u32, out: usize): void {
  for (let i: usize = 0; i < <usize>count; i += LANES) {
    const group = source + i * 64;
    loadBlocks(group, group + 64, group + 128, group + 192);
    resetAllLanes();
    expandSchedule(W);
    compress(W);
    compress(PAD64_SCHEDULE);
    for (let j: usize = 0; j < 8; j++) v128.store(W + j * 16, v128.load(STATE + j * 16));
    v128.store(W, i32x4.splat(0x80000000), 8 * 16);
    for (let j: usize = 9; j < 15; j++) v128.store(W + j * 16, i32x4.splat(0));
    v128.store(W, i32x4.splat(256), 15 * 16);
    resetAllLanes();
    expandSchedule(W);
    compress(W);
    storeDigests(out + i * 32);
  }
}

@inline function equalHashes(x: usize, y: usize): bool {
  const difference = v128.or(v128.xor(v128.load(x), v128.load(y)), v128.xor(v128.load(x, 16), v128.load(y, 16)));
  return !v128.any_true(difference);
}

/**
 * Bitcoin's Merkle root over `count` ≥ 1 leaves at `level`, using `spare` as the other half of a
 * ping-pong buffer; both must hold 32 bytes per leaf plus 256 bytes. The root is left at `level`.
 * Returns 1 when two identical hashes are paired at some level (CVE-2012-2459 mutation), else 0.
 */
export function merkleRoot(level: usize, count: u32, spare: usize): i32 {
  const first = level;
  let mutated = 0;
  while (count > 1) {
    for (let i: usize = 0; i + 1 < <usize>count; i += 2) {
      if (equalHashes(level + i * 32, level + i * 32 + 32)) mutated = 1;
    }
    if (count & 1) memory.copy(level + (<usize>count) * 32, level + (<usize>count - 1) * 32, 32);
    const parents = (count + 1) >> 1;
    sha256dPairs(level, parents, spare);
    const done = level;
    level = spare;
    spare = done;
    count = parents;
  }
  if (level != first) memory.copy(first, level, 32);
  return mutated;
}

/**
 * Builds the message table for sha256dMessages from `count` messages of `parts` (start, end)
 * byte ranges each, relative to `data`. A message whose parts are adjacent is hashed where it
 * lies; the parts of any other message are first copied one after another into `scratch`.
 */
export function gatherMessages(data: usize, ranges: usize, count: u32, parts: u32, table: usize, scratch: usize): void {
  for (let i: usize = 0; i < <usize>count; i++) {
    const message = ranges + i * (<usize>parts) * 8;
    const start = load<u32>(message);
    let end = load<u32>(message, 4);
    let adjacent = true;
    for (let p: usize = 1; p < <usize>parts; p++) {
      if (load<u32>(message + p * 8) != end) adjacent = false;
      end = load<u32>(message + p * 8, 4);
    }
    if (adjacent) {
      store<u32>(table + i * 8, <u32>(data + start));
      store<u32>(table + i * 8, end - start, 4);
      continue;
    }
    let length: u32 = 0;
    for (let p: usize = 0; p < <usize>parts; p++) {
      const partStart = load<u32>(message + p * 8);
      const partLength = load<u32>(message + p * 8, 4) - partStart;
      memory.copy(scratch + length, data + partStart, partLength);
      length += partLength;
    }
    store<u32>(table + i * 8, <u32>scratch);
    store<u32>(table + i * 8, length, 4);
    scratch += length;
  }
}

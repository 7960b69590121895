import { instantiateKernel } from '../../wasm.js';

/**
 * Double SHA-256 of many messages per call, in WebAssembly with four SIMD lanes
 * (assembly/sha256d-batch.ts, compiled by `npm run build`). One node:crypto call costs a few
 * microseconds whatever its size, which dominates when a block has thousands of small
 * transactions and Merkle nodes to hash.
 */

interface Sha256dBatchExports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  gatherMessages(data: number, ranges: number, count: number, parts: number, table: number, scratch: number): void;
  sha256dMessages(table: number, count: number, out: number): void;
  merkleRoot(level: number, count: number, spare: number): number;
}

const WASM_FILE = new URL('./sha256d-batch.wasm', import.meta.url);
const PAGE_BYTES = 65536;
/** Linear memory is addressed with 32-bit offsets; keep every layout well inside that. */
const MAX_LAYOUT_BYTES = 2 ** 31;
/** Slack the Merkle kernel may read or write past the last leaf (it works in groups of four pairs). */
const MERKLE_SLACK_BYTES = 256;

let loaded: Sha256dBatchExports | undefined;

function kernel(): Sha256dBatchExports {
  loaded ??= instantiateKernel<Sha256dBatchExports>(WASM_FILE, 'SHA-256d');
  return loaded;
}

/** Hands out 16-byte aligned regions of linear memory above the kernel's static data. */
class Layout {
  private next: number;

  constructor(private readonly k: Sha256dBatchExports) {
    this.next = k.heapBase();
  }

  take(bytes: number): number {
    const at = this.next;
    this.next = at + Math.ceil(bytes / 16) * 16;
    if (this.next > MAX_LAYOUT_BYTES)
      throw new RangeError(`SHA-256d batch needs ${this.next} bytes of working memory, more than ${MAX_LAYOUT_BYTES}`);
    return at;
  }

  /** Grows linear memory to cover everything taken; returns a byte view of all of it. */
  commit(): Uint8Array {
    const missing = this.next - this.k.memory.buffer.byteLength;
    if (missing > 0) this.k.memory.grow(Math.ceil(missing / PAGE_BYTES));
    return new Uint8Array(this.k.memory.buffer);
  }
}

/**
 * sha256d of each message in `data`. A message is `partsPerMessage` consecutive (start, end)
 * pairs of `ranges`, hashed as the concatenation of those byte ranges. Returns the digests back
 * to back, 32 bytes per message, in the order of `ranges`.
 */
export function sha256dMany(data: Uint8Array, ranges: Uint32Array, partsPerMessage = 1): Buffer {
  const pairsPerMessage = partsPerMessage * 2;
  if (!Number.isInteger(partsPerMessage) || partsPerMessage < 1 || ranges.length % pairsPerMessage !== 0)
    throw new RangeError(
      `ranges hold ${ranges.length} numbers, not a whole number of messages of ${partsPerMessage} (start, end) parts`,
    );
  const count = ranges.length / pairsPerMessage;
  let gatheredBytes = 0;
  for (let m = 0; m < ranges.length; m += pairsPerMessage) {
    let adjacent = true;
    let length = 0;
    for (let p = m; p < m + pairsPerMessage; p += 2) {
      const start = ranges[p];
      const end = ranges[p + 1];
      if (start > end || end > data.length)
        throw new RangeError(`range ${start}..${end} is not inside the ${data.length}-byte data`);
      if (p > m && start !== ranges[p - 1]) adjacent = false;
      length += end - start;
    }
    if (!adjacent) gatheredBytes += length;
  }
  const k = kernel();
  const layout = new Layout(k);
  const dataAt = layout.take(data.length);
  const rangesAt = layout.take(ranges.byteLength);
  const tableAt = layout.take(count * 8);
  const scratchAt = layout.take(gatheredBytes);
  const outAt = layout.take(count * 32);
  const memory = layout.commit();
  memory.set(data, dataAt);
  new Uint32Array(memory.buffer, rangesAt, ranges.length).set(ranges);
  k.gatherMessages(dataAt, rangesAt, count, partsPerMessage, tableAt, scratchAt);
  k.sha256dMessages(tableAt, count, outAt);
  const digests = Buffer.allocUnsafe(count * 32);
  digests.set(memory.subarray(outAt, outAt + count * 32));
  return digests;
}

export interface MerkleResult {
  root: Buffer;
  /** CVE-2012-2459: two identical adjacent hashes at some level make a different tx list hash to the same root. */
  mutated: boolean;
}

/** Bitcoin Core's ComputeMerkleRoot over 32-byte leaves stored back to back, including its mutation detection. */
export function merkleRoot(leaves: Uint8Array): MerkleResult {
  if (leaves.length % 32 !== 0) throw new RangeError(`Merkle leaves take ${leaves.length} bytes, not a multiple of 32`);
  const count = leaves.length / 32;
  if (count === 0) return { root: Buffer.alloc(32), mutated: false };
  const k = kernel();
  const layout = new Layout(k);
  const levelAt = layout.take(leaves.length + MERKLE_SLACK_BYTES);
  const spareAt = layout.take(leaves.length + MERKLE_SLACK_BYTES);
  const memory = layout.commit();
  memory.set(leaves, levelAt);
  const mutated = k.merkleRoot(levelAt, count, spareAt) !== 0;
  return { root: Buffer.from(memory.subarray(levelAt, levelAt + 32)), mutated };
}

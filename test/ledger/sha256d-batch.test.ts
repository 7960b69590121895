import { hash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { merkleRoot, sha256dMany } from '../../src/analyzers/ledger/sha256d-batch.js';

const sha256d = (data: Uint8Array): Buffer =>
  hash('sha256', hash('sha256', data, 'buffer'), 'buffer') as unknown as Buffer;

/** Deterministic xorshift32, so a failure reproduces. */
function randomSource(seed: number) {
  let state = seed >>> 0 || 1;
  const next = (): number => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state;
  };
  return {
    below: (n: number) => next() % n,
    bytes: (n: number) => {
      const b = Buffer.allocUnsafe(n);
      for (let i = 0; i < n; i++) b[i] = next() & 0xff;
      return b;
    },
  };
}

const PADDING_BOUNDARIES = [0, 1, 55, 56, 63, 64, 65, 119, 120, 127, 128];
const BATCH_SIZES = [1, 2, 3, 4, 5, 7, 8, 9, 17, 33, 100];

/** Bitcoin Core's ComputeMerkleRoot, one node:crypto call per node. */
function referenceMerkle(leaves: Buffer[]): { root: Buffer; mutated: boolean } {
  if (leaves.length === 0) return { root: Buffer.alloc(32), mutated: false };
  let level = leaves;
  let mutated = false;
  while (level.length > 1) {
    const next: Buffer[] = [];
    for (let i = 0; i < level.length; i += 2) {
      const right = level[i + 1] ?? level[i];
      if (i + 1 < level.length && level[i].equals(right)) mutated = true;
      next.push(sha256d(Buffer.concat([level[i], right])));
    }
    level = next;
  }
  return { root: level[0], mutated };
}

function expectDigests(digests: Buffer, expected: Buffer[]): void {
  expect(digests.length).toBe(expected.length * 32);
  for (let i = 0; i < expected.length; i++) {
    const actual = digests.subarray(32 * i, 32 * i + 32);
    if (!actual.equals(expected[i]))
      expect.fail(`message ${i} of ${expected.length}: ${actual.toString('hex')} != ${expected[i].toString('hex')}`);
  }
}

describe('sha256dMany (WebAssembly SIMD) against node:crypto', () => {
  it('every length around the padding boundaries, in every batch size', () => {
    const random = randomSource(1);
    const data = random.bytes(4096);
    for (const size of BATCH_SIZES) {
      const ranges = new Uint32Array(size * 2);
      const expected: Buffer[] = [];
      for (let i = 0; i < size; i++) {
        const length = PADDING_BOUNDARIES[(i + size) % PADDING_BOUNDARIES.length];
        const start = random.below(data.length - length + 1);
        ranges[2 * i] = start;
        ranges[2 * i + 1] = start + length;
        expected.push(sha256d(data.subarray(start, start + length)));
      }
      expectDigests(sha256dMany(data, ranges), expected);
    }
  });

  it('random messages of 0..10,000 bytes, so lanes finish at different blocks and take over new messages', () => {
    const random = randomSource(2);
    const data = random.bytes(64 * 1024);
    for (const size of [...BATCH_SIZES, 257]) {
      const ranges = new Uint32Array(size * 2);
      const expected: Buffer[] = [];
      for (let i = 0; i < size; i++) {
        const length = random.below(10_001);
        const start = random.below(data.length - length + 1);
        ranges[2 * i] = start;
        ranges[2 * i + 1] = start + length;
        expected.push(sha256d(data.subarray(start, start + length)));
      }
      expectDigests(sha256dMany(data, ranges), expected);
    }
  });

  it('messages made of several ranges hash their concatenation, adjacent or scattered, empty parts included', () => {
    const random = randomSource(3);
    const data = random.bytes(32 * 1024);
    for (const size of BATCH_SIZES) {
      const ranges = new Uint32Array(size * 6);
      const expected: Buffer[] = [];
      for (let i = 0; i < size; i++) {
        const parts: Buffer[] = [];
        let at = random.below(data.length - 3 * 2100);
        const adjacent = i % 3 === 0;
        for (let p = 0; p < 3; p++) {
          const length = p === 1 && i % 5 === 0 ? 0 : random.below(2001);
          ranges[6 * i + 2 * p] = at;
          ranges[6 * i + 2 * p + 1] = at + length;
          parts.push(data.subarray(at, at + length));
          at += length + (adjacent ? 0 : 1 + random.below(100));
        }
        expected.push(sha256d(Buffer.concat(parts)));
      }
      expectDigests(sha256dMany(data, ranges, 3), expected);
    }
  });

  it('an empty batch gives no digests; ranges outside the data or not whole messages are refused', () => {
    const data = Buffer.alloc(100);
    expect(sha256dMany(data, new Uint32Array(0)).length).toBe(0);
    expect(() => sha256dMany(data, Uint32Array.of(0, 101))).toThrow(RangeError);
    expect(() => sha256dMany(data, Uint32Array.of(50, 40))).toThrow(RangeError);
    expect(() => sha256dMany(data, Uint32Array.of(0, 10, 10))).toThrow(RangeError);
    expect(() => sha256dMany(data, Uint32Array.of(0, 10, 10, 20), 3)).toThrow(RangeError);
  });

  it('large batches after small ones (working memory grows) still match', () => {
    const random = randomSource(4);
    const data = random.bytes(3 * 1024 * 1024);
    const count = 1500;
    const ranges = new Uint32Array(count * 2);
    const expected: Buffer[] = [];
    for (let i = 0; i < count; i++) {
      const start = Math.floor((i * data.length) / count);
      const end = Math.floor(((i + 1) * data.length) / count);
      ranges[2 * i] = start;
      ranges[2 * i + 1] = end;
      expected.push(sha256d(data.subarray(start, end)));
    }
    expectDigests(sha256dMany(data, ranges), expected);
  });
});

describe('merkleRoot (WebAssembly SIMD) against a node:crypto reference', () => {
  const leavesOf = (hashes: Buffer[]) => Buffer.concat(hashes);

  it('root and mutation flag for 0, 1, 2, 3, odd, even and random leaf counts', () => {
    const random = randomSource(5);
    const counts = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 15, 16, 17, 31, 33, 100, 255, 1557];
    for (let i = 0; i < 20; i++) counts.push(1 + random.below(3000));
    for (const count of counts) {
      const hashes = Array.from({ length: count }, () => random.bytes(32));
      const expected = referenceMerkle(hashes);
      const actual = merkleRoot(leavesOf(hashes));
      expect(actual.root.toString('hex'), `${count} leaves`).toBe(expected.root.toString('hex'));
      expect(actual.mutated, `${count} leaves`).toBe(false);
    }
  });

  it('CVE-2012-2459: repeating the last leaf (odd count) or the last pair keeps the root and is flagged', () => {
    const random = randomSource(6);
    for (const count of [3, 5, 7, 9, 101, 1557]) {
      const hashes = Array.from({ length: count }, () => random.bytes(32));
      const honest = merkleRoot(leavesOf(hashes));
      const repeatedLast = merkleRoot(leavesOf([...hashes, hashes[count - 1]]));
      expect(repeatedLast.root.equals(honest.root)).toBe(true);
      expect(honest.mutated).toBe(false);
      expect(repeatedLast.mutated).toBe(true);
    }
    // with an odd number of nodes one level up, the last pair of leaves is what gets duplicated there
    for (const count of [6, 10, 14, 102]) {
      const hashes = Array.from({ length: count }, () => random.bytes(32));
      const honest = merkleRoot(leavesOf(hashes));
      const repeatedPair = merkleRoot(leavesOf([...hashes, hashes[count - 2], hashes[count - 1]]));
      expect(repeatedPair.root.equals(honest.root)).toBe(true);
      expect(honest.mutated).toBe(false);
      expect(repeatedPair.mutated).toBe(true);
    }
  });

  it('equal leaves are a mutation only where they are paired, as in Bitcoin Core', () => {
    const random = randomSource(7);
    for (let trial = 0; trial < 200; trial++) {
      const count = 2 + random.below(40);
      const hashes = Array.from({ length: count }, () => random.bytes(32));
      const at = random.below(count - 1);
      hashes[at + 1] = hashes[at];
      const expected = referenceMerkle(hashes);
      const actual = merkleRoot(leavesOf(hashes));
      expect(actual.root.toString('hex')).toBe(expected.root.toString('hex'));
      expect(actual.mutated, `${count} leaves, equal at ${at} and ${at + 1}`).toBe(expected.mutated);
    }
  });

  it('leaves that are not whole 32-byte hashes are refused', () => {
    expect(() => merkleRoot(Buffer.alloc(33))).toThrow(RangeError);
  });
});

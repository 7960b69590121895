import { createKeccak } from 'hash-wasm';
import { encodeBytes, encodeListRaw } from './rlp.js';

/** hash-wasm's Keccak-256 in WebAssembly: several times faster than JavaScript on block-sized data (bench/ledger). */
const keccak256 = await createKeccak(256);

export function keccak(data: Uint8Array): Buffer {
  keccak256.init();
  keccak256.update(data);
  return Buffer.from(keccak256.digest('binary'));
}

/** Root of an empty trie: keccak(rlp("")). */
export const EMPTY_TRIE_ROOT = keccak(Buffer.from([0x80]));
/** keccak(rlp([])): the ommers hash of a block without ommers. */
export const EMPTY_LIST_HASH = keccak(Buffer.from([0xc0]));

function nibbles(key: Uint8Array): Uint8Array {
  const out = new Uint8Array(key.length * 2);
  for (let i = 0; i < key.length; i++) {
    out[2 * i] = key[i] >> 4;
    out[2 * i + 1] = key[i] & 15;
  }
  return out;
}

function hexPrefix(path: Uint8Array, leaf: boolean): Buffer {
  const odd = path.length % 2;
  const out = Buffer.alloc(1 + (path.length >> 1));
  out[0] = ((leaf ? 2 : 0) + odd) << 4;
  let j = 0;
  if (odd) out[0] |= path[j++];
  for (let i = 1; j < path.length; i++, j += 2) out[i] = (path[j] << 4) | path[j + 1];
  return out;
}

function ref(node: Buffer): Buffer {
  return node.length < 32 ? node : encodeBytes(keccak(node));
}

type Pair = { key: Uint8Array; value: Uint8Array };

function build(pairs: Pair[], depth: number): Buffer {
  if (pairs.length === 1)
    return encodeListRaw([encodeBytes(hexPrefix(pairs[0].key.subarray(depth), true)), encodeBytes(pairs[0].value)]);
  const first = pairs[0].key;
  const last = pairs[pairs.length - 1].key;
  let common = 0;
  while (
    depth + common < first.length &&
    depth + common < last.length &&
    first[depth + common] === last[depth + common]
  )
    common++;
  if (common > 0)
    return encodeListRaw([
      encodeBytes(hexPrefix(first.subarray(depth, depth + common), false)),
      ref(build(pairs, depth + common)),
    ]);
  const children: Buffer[] = [];
  let value: Uint8Array = new Uint8Array(0);
  let i = 0;
  if (pairs[0].key.length === depth) value = pairs[i++].value;
  for (let nib = 0; nib < 16; nib++) {
    const startIdx = i;
    while (i < pairs.length && pairs[i].key[depth] === nib) i++;
    children.push(i > startIdx ? ref(build(pairs.slice(startIdx, i), depth + 1)) : Buffer.from([0x80]));
  }
  children.push(encodeBytes(value));
  return encodeListRaw(children);
}

/** Merkle-Patricia trie root over key → value (empty values mean absent, as in the trie). */
export function trieRoot(entries: Array<[Uint8Array, Uint8Array]>): Buffer {
  const map = new Map<string, Pair>();
  for (const [k, v] of entries) {
    const id = Buffer.from(k).toString('hex');
    if (v.length === 0) map.delete(id);
    else map.set(id, { key: nibbles(k), value: v });
  }
  if (map.size === 0) return EMPTY_TRIE_ROOT;
  const pairs = [...map.values()].sort((a, b) => compareNibbles(a.key, b.key));
  return keccak(build(pairs, 0));
}

function compareNibbles(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

/** Root of the trie keyed by rlp(index), as transactions, receipts and withdrawals are stored. */
export function orderedTrieRoot(values: Uint8Array[]): Buffer {
  return trieRoot(values.map((v, i) => [encodeBytes(intKey(i)), v]));
}

function intKey(i: number): Uint8Array {
  if (i === 0) return new Uint8Array(0);
  const out: number[] = [];
  for (let x = i; x > 0; x = Math.floor(x / 256)) out.unshift(x & 0xff);
  return Uint8Array.from(out);
}

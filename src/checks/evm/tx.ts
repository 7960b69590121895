import { secp256k1 } from '@noble/curves/secp256k1.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';

/** Minimal RLP (Ethereum yellow paper, appendix B): enough to build and sign legacy transactions. */
type RlpItem = Uint8Array | RlpItem[];

function lengthPrefix(len: number, offset: number): Uint8Array {
  if (len < 56) return Uint8Array.of(offset + len);
  const bytes = bigintBytes(BigInt(len));
  return Uint8Array.of(offset + 55 + bytes.length, ...bytes);
}

export function rlp(item: RlpItem): Uint8Array {
  if (item instanceof Uint8Array) {
    if (item.length === 1 && item[0] < 0x80) return item;
    return concat(lengthPrefix(item.length, 0x80), item);
  }
  const body = concat(...item.map(rlp));
  return concat(lengthPrefix(body.length, 0xc0), body);
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Minimal big-endian bytes; zero is the empty string, as RLP wants. */
export function bigintBytes(n: bigint): Uint8Array {
  if (n === 0n) return new Uint8Array();
  let hex = n.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  return hexToBytes(hex);
}

export const SECP256K1_N = secp256k1.Point.Fn.ORDER;

export interface LegacyTx {
  nonce: bigint;
  gasPrice: bigint;
  gas: bigint;
  to: string;
  value: bigint;
  data: Uint8Array;
}

export interface SignedTx {
  raw: string;
  hash: string;
  from: string;
}

export function addressOf(privateKey: Uint8Array): string {
  const pub = secp256k1.getPublicKey(privateKey, false);
  return `0x${bytesToHex(keccak_256(pub.subarray(1)).subarray(12))}`;
}

export function randomKey(): Uint8Array {
  return secp256k1.utils.randomSecretKey();
}

function fields(tx: LegacyTx): Uint8Array[] {
  return [
    bigintBytes(tx.nonce),
    bigintBytes(tx.gasPrice),
    bigintBytes(tx.gas),
    hexToBytes(tx.to.slice(2)),
    bigintBytes(tx.value),
    tx.data,
  ];
}

/**
 * Signs a legacy EIP-155 transaction. `tamper` rewrites the signature before encoding, to build
 * transactions whose signature a node must refuse.
 */
export function signLegacy(
  tx: LegacyTx,
  chainId: bigint,
  privateKey: Uint8Array,
  tamper?: (sig: { r: bigint; s: bigint; v: bigint }) => { r: bigint; s: bigint; v: bigint },
): SignedTx {
  const sighash = keccak_256(rlp([...fields(tx), bigintBytes(chainId), new Uint8Array(), new Uint8Array()]));
  const sig = secp256k1.Signature.fromBytes(
    secp256k1.sign(sighash, privateKey, { prehash: false, format: 'recovered' }),
    'recovered',
  );
  let parts = { r: sig.r, s: sig.s, v: chainId * 2n + 35n + BigInt(sig.recovery ?? 0) };
  if (tamper) parts = tamper(parts);
  const raw = rlp([...fields(tx), bigintBytes(parts.v), bigintBytes(parts.r), bigintBytes(parts.s)]);
  return { raw: `0x${bytesToHex(raw)}`, hash: `0x${bytesToHex(keccak_256(raw))}`, from: addressOf(privateKey) };
}

import { createHash } from 'node:crypto';
import { base58, createBase58check } from '@scure/base';
import { sha256 } from '@noble/hashes/sha2.js';
import { ed25519 } from '@noble/curves/ed25519.js';
import type { Confidence } from '../../model.js';

/** Order of the secp256k1 group: a private key k is valid iff 0 < k < n (SEC 2, section 2.4.1). */
export const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

const base58check = createBase58check(sha256);

export function decodeBase58check(s: string): Uint8Array | undefined {
  try {
    return base58check.decode(s);
  } catch {
    return undefined;
  }
}

export function decodeBase58(s: string): Uint8Array | undefined {
  try {
    return base58.decode(s);
  } catch {
    return undefined;
  }
}

export function bytesToBigint(bytes: Uint8Array): bigint {
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  return n;
}

export function isSecp256k1Scalar(bytes: Uint8Array): boolean {
  if (bytes.length !== 32) return false;
  const k = bytesToBigint(bytes);
  return k > 0n && k < SECP256K1_N;
}

export function hexToBytes(hex: string): Uint8Array {
  return Uint8Array.from(Buffer.from(hex, 'hex'));
}

/** True when the last 32 bytes are the ed25519 public key of the first 32 (seed ‖ public key layout). */
export function isEd25519Keypair(bytes: Uint8Array): boolean {
  if (bytes.length !== 64) return false;
  try {
    const pub = ed25519.getPublicKey(bytes.subarray(0, 32));
    return Buffer.compare(Buffer.from(pub), Buffer.from(bytes.subarray(32))) === 0;
  } catch {
    return false;
  }
}

/**
 * Placeholders such as 0x1111…, 0xdeadbeef… or 0123456789abcdef repeated are not keys anyone
 * uses; a random 64-digit hex string practically always shows at least ten distinct digits.
 */
export function looksRandomHex(hex: string): boolean {
  const seen = new Set(hex.toLowerCase());
  return seen.size >= 10;
}

export function distinctChars(s: string): number {
  return new Set(s).size;
}

export function secretFingerprint(kind: string, secret: string): string {
  return createHash('sha256').update(`${kind}\0${secret}`).digest('hex').slice(0, 16);
}

export function lowerConfidence(c: Confidence): Confidence {
  return c === 'high' ? 'medium' : 'low';
}

/** A DER SEQUENCE whose encoded length matches the bytes present (trailing padding allowed). */
export function isDerSequence(bytes: Uint8Array): boolean {
  if (bytes.length < 8 || bytes[0] !== 0x30) return false;
  let len = bytes[1];
  let header = 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 3 || bytes.length < 2 + n) return false;
    len = 0;
    for (let i = 0; i < n; i++) len = (len << 8) | bytes[2 + i];
    header = 2 + n;
  }
  return header + len <= bytes.length && header + len >= bytes.length - 16;
}

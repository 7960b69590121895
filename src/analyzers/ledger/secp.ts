import { createRequire } from 'node:module';
import { secp256k1, schnorr } from '@noble/curves/secp256k1.js';

/**
 * secp256k1 operations. The native libsecp256k1 binding (npm `secp256k1`) is used when it loads,
 * being ~20× faster than the pure-JS curve for verification and recovery (measured in
 * bench/ledger); the pure-JS implementation is the fallback.
 */
interface NativeSecp {
  ecdsaVerify(sig: Uint8Array, msg: Uint8Array, pub: Uint8Array): boolean;
  ecdsaRecover(sig: Uint8Array, recid: number, msg: Uint8Array, compressed?: boolean): Uint8Array;
  signatureNormalize(sig: Uint8Array): Uint8Array;
}

function loadNative(): NativeSecp | null {
  if (process.env.CHAINAUDIT_SECP === 'js') return null;
  try {
    return createRequire(import.meta.url)('secp256k1/bindings.js') as NativeSecp;
  } catch {
    return null;
  }
}

const nativeBinding = loadNative();
let native = nativeBinding;

export function secpBackend(): string {
  return native ? 'libsecp256k1 (native)' : '@noble/curves';
}

/** Switches between the native binding and the pure-JS curve (the benchmark measures both). */
export function useSecpBackend(which: 'native' | 'js'): void {
  native = which === 'native' ? nativeBinding : null;
}

const N = secp256k1.Point.CURVE().n;
const HALF_N = N >> 1n;

/** ECDSA verification with s normalized to the low half, as Bitcoin Core's CPubKey::Verify does. */
export function ecdsaVerify(r: Uint8Array, s: Uint8Array, msg: Uint8Array, pubkey: Uint8Array): boolean {
  const sig = new Uint8Array(64);
  sig.set(r, 0);
  sig.set(s, 32);
  try {
    if (native) return native.ecdsaVerify(native.signatureNormalize(sig), msg, pubkey);
    return secp256k1.verify(sig, msg, pubkey, { prehash: false, lowS: false, format: 'compact' });
  } catch {
    return false;
  }
}

/** Public key (65 bytes, uncompressed) that signed `msg`, or null when none does. */
export function ecdsaRecover(r: bigint, s: bigint, recovery: number, msg: Uint8Array): Uint8Array | null {
  if (r <= 0n || r >= N || s <= 0n || s >= N || recovery < 0 || recovery > 1) return null;
  const sig = new Uint8Array(64);
  sig.set(bigTo32(r), 0);
  sig.set(bigTo32(s), 32);
  try {
    if (native) return native.ecdsaRecover(sig, recovery, msg, false);
    const recovered = secp256k1.Signature.fromBytes(sig, 'compact').addRecoveryBit(recovery).recoverPublicKey(msg);
    return recovered.toBytes(false);
  } catch {
    return null;
  }
}

export function schnorrVerify(sig: Uint8Array, msg: Uint8Array, xOnlyKey: Uint8Array): boolean {
  try {
    return schnorr.verify(sig, msg, xOnlyKey);
  } catch {
    return false;
  }
}

export function isHighS(s: bigint): boolean {
  return s > HALF_N;
}

export const SECP256K1_N = N;

export function bigTo32(v: bigint): Uint8Array {
  const out = new Uint8Array(32);
  let x = v;
  for (let i = 31; i >= 0; i--) {
    out[i] = Number(x & 0xffn);
    x >>= 8n;
  }
  return out;
}

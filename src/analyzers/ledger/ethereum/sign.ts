import { secp256k1 } from '@noble/curves/secp256k1.js';
import { encode, intBytes } from './rlp.js';
import { keccak } from './trie.js';

/** Builds and signs legacy (type 0, EIP-155) transactions: what the active EVM checks submit to test networks. */

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
  return `0x${keccak(pub.subarray(1)).subarray(12).toString('hex')}`;
}

export function randomKey(): Uint8Array {
  return secp256k1.utils.randomSecretKey();
}

function fields(tx: LegacyTx): Buffer[] {
  return [
    intBytes(tx.nonce),
    intBytes(tx.gasPrice),
    intBytes(tx.gas),
    Buffer.from(tx.to.slice(2), 'hex'),
    intBytes(tx.value),
    Buffer.from(tx.data),
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
  const sighash = keccak(encode([...fields(tx), intBytes(chainId), Buffer.alloc(0), Buffer.alloc(0)]));
  const sig = secp256k1.Signature.fromBytes(
    secp256k1.sign(sighash, privateKey, { prehash: false, format: 'recovered' }),
    'recovered',
  );
  let parts = { r: sig.r, s: sig.s, v: chainId * 2n + 35n + BigInt(sig.recovery ?? 0) };
  if (tamper) parts = tamper(parts);
  const raw = encode([...fields(tx), intBytes(parts.v), intBytes(parts.r), intBytes(parts.s)]);
  return { raw: `0x${raw.toString('hex')}`, hash: `0x${keccak(raw).toString('hex')}`, from: addressOf(privateKey) };
}

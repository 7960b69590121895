import { secp256k1 } from '@noble/curves/secp256k1.js';
import { legacySighash, SIGHASH_ALL } from './sighash.js';
import { hash160 } from './signatures.js';
import type { Tx } from './tx.js';

/**
 * Builds and signs pay-to-public-key-hash transactions in the legacy (non-witness) format that
 * every Bitcoin-family chain kept (Bitcoin, Litecoin, Dogecoin, …): what the consensus checks
 * submit to test networks.
 */

export interface OutPoint {
  /** Display (RPC) byte order. */
  txid: string;
  vout: number;
}

export interface KeyPair {
  secret: Uint8Array;
  pubkey: Buffer;
  script: Buffer;
}

export function p2pkhScript(pubkey: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from('76a914', 'hex'), hash160(Buffer.from(pubkey)), Buffer.from('88ac', 'hex')]);
}

export function newKey(): KeyPair {
  const secret = secp256k1.utils.randomSecretKey();
  const pubkey = Buffer.from(secp256k1.getPublicKey(secret, true));
  return { secret, pubkey, script: p2pkhScript(pubkey) };
}

function push(data: Uint8Array): Buffer {
  if (data.length >= 0x4c) throw new Error('a push of 76 bytes or more needs OP_PUSHDATA, not used here');
  return Buffer.from([data.length, ...data]);
}

/** Signs every input (all spending P2PKH outputs of `key`) with SIGHASH_ALL, in place, and returns the transaction. */
export function signP2pkh(tx: Tx, key: KeyPair): Tx {
  const sigs = tx.inputs.map((_, n) => {
    const der = secp256k1.sign(legacySighash(tx, n, key.script, SIGHASH_ALL), key.secret, {
      prehash: false,
      format: 'der',
    });
    return Buffer.from([...der, SIGHASH_ALL]);
  });
  tx.inputs.forEach((input, n) => {
    input.scriptSig = Buffer.concat([push(sigs[n]), push(key.pubkey)]);
  });
  return tx;
}

/** A one-input, one-output transaction (version 2, final sequence) paying `value` to `script`; unsigned. */
export function spend(from: OutPoint, script: Buffer, value: bigint): Tx {
  return {
    version: 2,
    inputs: [
      {
        prevTxid: Buffer.from(from.txid, 'hex').reverse(),
        prevIndex: from.vout,
        scriptSig: Buffer.alloc(0),
        sequence: 0xffffffff,
        witness: [],
      },
    ],
    outputs: [{ value, script }],
    lockTime: 0,
    segwit: false,
  };
}

import { secp256k1 } from '@noble/curves/secp256k1.js';
import { ripemd160 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';

/**
 * Just enough of the Bitcoin transaction format to build the seed-003 test transactions: legacy
 * (non-witness) serialization, P2PKH scripts and SIGHASH_ALL signatures, shared by every
 * Bitcoin-family chain that kept the original format (Bitcoin, Litecoin, Dogecoin, …).
 */

export interface OutPoint {
  /** Display (RPC) byte order. */
  txid: string;
  vout: number;
}

export interface TxInput extends OutPoint {
  scriptSig: Uint8Array;
  sequence: number;
}

export interface TxOutput {
  value: bigint;
  script: Uint8Array;
}

export interface Tx {
  version: number;
  inputs: TxInput[];
  outputs: TxOutput[];
  locktime: number;
}

export const SIGHASH_ALL = 1;

class Writer {
  private parts: Uint8Array[] = [];
  bytes(b: Uint8Array): this {
    this.parts.push(b);
    return this;
  }
  u32(n: number): this {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, n >>> 0, true);
    return this.bytes(b);
  }
  u64(n: bigint): this {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigUint64(0, BigInt.asUintN(64, n), true);
    return this.bytes(b);
  }
  varint(n: number): this {
    if (n < 0xfd) return this.bytes(Uint8Array.of(n));
    if (n <= 0xffff) return this.bytes(Uint8Array.of(0xfd, n & 0xff, n >>> 8));
    const b = new Uint8Array(5);
    b[0] = 0xfe;
    new DataView(b.buffer).setUint32(1, n, true);
    return this.bytes(b);
  }
  varbytes(b: Uint8Array): this {
    return this.varint(b.length).bytes(b);
  }
  done(): Uint8Array {
    const out = new Uint8Array(this.parts.reduce((n, p) => n + p.length, 0));
    let o = 0;
    for (const p of this.parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  }
}

export function hexToBytes(hex: string): Uint8Array {
  if (!/^([0-9a-fA-F]{2})*$/.test(hex)) throw new Error('not a hex string');
  return Uint8Array.from(Buffer.from(hex, 'hex'));
}

export function bytesToHex(b: Uint8Array): string {
  return Buffer.from(b).toString('hex');
}

function reversed(b: Uint8Array): Uint8Array {
  return Uint8Array.from(b).reverse();
}

export function serializeTx(tx: Tx): Uint8Array {
  const w = new Writer().u32(tx.version).varint(tx.inputs.length);
  for (const i of tx.inputs)
    w.bytes(reversed(hexToBytes(i.txid)))
      .u32(i.vout)
      .varbytes(i.scriptSig)
      .u32(i.sequence);
  w.varint(tx.outputs.length);
  for (const o of tx.outputs) w.u64(o.value).varbytes(o.script);
  return w.u32(tx.locktime).done();
}

export function hash256(b: Uint8Array): Uint8Array {
  return sha256(sha256(b));
}

export function txid(tx: Tx): string {
  return bytesToHex(reversed(hash256(serializeTx(tx))));
}

export function hash160(b: Uint8Array): Uint8Array {
  return ripemd160(sha256(b));
}

export function p2pkhScript(pubkey: Uint8Array): Uint8Array {
  return Uint8Array.from([0x76, 0xa9, 0x14, ...hash160(pubkey), 0x88, 0xac]);
}

function push(data: Uint8Array): Uint8Array {
  if (data.length >= 0x4c) throw new Error('push of 76+ bytes is not needed here');
  return Uint8Array.from([data.length, ...data]);
}

/** The legacy signature hash: every scriptSig emptied except the signed input's, which carries the spent script. */
export function legacySighash(tx: Tx, index: number, spentScript: Uint8Array, hashType = SIGHASH_ALL): Uint8Array {
  const copy: Tx = {
    ...tx,
    inputs: tx.inputs.map((i, n) => ({ ...i, scriptSig: n === index ? spentScript : new Uint8Array() })),
  };
  const body = serializeTx(copy);
  const withType = new Uint8Array(body.length + 4);
  withType.set(body);
  new DataView(withType.buffer).setUint32(body.length, hashType, true);
  return hash256(withType);
}

export interface KeyPair {
  secret: Uint8Array;
  pubkey: Uint8Array;
  script: Uint8Array;
}

export function newKey(): KeyPair {
  const secret = secp256k1.utils.randomSecretKey();
  const pubkey = secp256k1.getPublicKey(secret, true);
  return { secret, pubkey, script: p2pkhScript(pubkey) };
}

/** Signs every input (all spending P2PKH outputs of `key`) in place and returns the transaction. */
export function signP2pkh(tx: Tx, key: KeyPair): Tx {
  const sigs = tx.inputs.map((_, n) => {
    const der = secp256k1.sign(legacySighash(tx, n, key.script), key.secret, { prehash: false, format: 'der' });
    return Uint8Array.from([...der, SIGHASH_ALL]);
  });
  tx.inputs.forEach((input, n) => {
    input.scriptSig = Uint8Array.from([...push(sigs[n]), ...push(key.pubkey)]);
  });
  return tx;
}

/** A one-input transaction paying `value` to `script`. */
export function spend(from: OutPoint, to: Uint8Array, value: bigint): Tx {
  return {
    version: 2,
    inputs: [{ ...from, scriptSig: new Uint8Array(), sequence: 0xffffffff }],
    outputs: [{ value, script: to }],
    locktime: 0,
  };
}

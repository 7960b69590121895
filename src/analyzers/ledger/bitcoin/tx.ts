import { sha256d } from '../bytes.js';
import { Cursor } from './block.js';

export interface TxInput {
  prevTxid: Buffer; // internal byte order
  prevIndex: number;
  scriptSig: Buffer;
  sequence: number;
  witness: Buffer[];
}

export interface TxOutput {
  value: bigint;
  script: Buffer;
}

export interface Tx {
  version: number;
  inputs: TxInput[];
  outputs: TxOutput[];
  lockTime: number;
  segwit: boolean;
}

/** Full decode of one transaction (for signature checks), from `c.pos` to its end. */
export function decodeTx(c: Cursor): Tx {
  c.need(4, 'tx version');
  const version = c.buf.readInt32LE(c.pos);
  c.pos += 4;
  let segwit = false;
  if (c.pos + 1 < c.end && c.buf[c.pos] === 0 && c.buf[c.pos + 1] === 1) {
    segwit = true;
    c.pos += 2;
  }
  const inputs: TxInput[] = [];
  const nIn = c.compactSize('input count');
  for (let i = 0; i < nIn; i++) {
    const prevTxid = c.bytes(32, 'outpoint');
    const prevIndex = c.u32('outpoint index');
    const scriptSig = c.bytes(c.compactSize('scriptSig length'), 'scriptSig');
    const sequence = c.u32('sequence');
    inputs.push({ prevTxid, prevIndex, scriptSig, sequence, witness: [] });
  }
  const outputs: TxOutput[] = [];
  const nOut = c.compactSize('output count');
  for (let i = 0; i < nOut; i++) {
    c.need(8, 'value');
    const value = c.buf.readBigUInt64LE(c.pos);
    c.pos += 8;
    outputs.push({ value, script: c.bytes(c.compactSize('scriptPubKey length'), 'scriptPubKey') });
  }
  if (segwit) {
    for (const input of inputs) {
      const items = c.compactSize('witness item count');
      for (let k = 0; k < items; k++) input.witness.push(c.bytes(c.compactSize('witness item length'), 'witness item'));
    }
  }
  const lockTime = c.u32('lock time');
  return { version, inputs, outputs, lockTime, segwit };
}

export function decodeTxHex(hexTx: string): Tx {
  const buf = Buffer.from(hexTx, 'hex');
  const c = new Cursor(buf, 0);
  const tx = decodeTx(c);
  if (c.pos !== buf.length) throw new Error(`${buf.length - c.pos} bytes after the transaction`);
  return tx;
}

export function compactSizeBytes(n: number): Buffer {
  if (n < 0xfd) return Buffer.from([n]);
  if (n <= 0xffff) {
    const b = Buffer.alloc(3);
    b[0] = 0xfd;
    b.writeUInt16LE(n, 1);
    return b;
  }
  const b = Buffer.alloc(5);
  b[0] = 0xfe;
  b.writeUInt32LE(n, 1);
  return b;
}

/** Splits a script into its pushes; returns null if a push runs past the end. */
export function scriptPushes(
  script: Buffer,
): Array<{ op: number; data: Buffer | null; start: number; end: number }> | null {
  const out: Array<{ op: number; data: Buffer | null; start: number; end: number }> = [];
  let i = 0;
  while (i < script.length) {
    const start = i;
    const op = script[i++];
    let len = -1;
    if (op >= 1 && op <= 75) len = op;
    else if (op === 0x4c) {
      if (i + 1 > script.length) return null;
      len = script[i];
      i += 1;
    } else if (op === 0x4d) {
      if (i + 2 > script.length) return null;
      len = script.readUInt16LE(i);
      i += 2;
    } else if (op === 0x4e) {
      if (i + 4 > script.length) return null;
      len = script.readUInt32LE(i);
      i += 4;
    }
    if (len >= 0) {
      if (i + len > script.length) return null;
      out.push({ op, data: script.subarray(i, i + len), start, end: i + len });
      i += len;
    } else out.push({ op, data: op === 0 ? Buffer.alloc(0) : null, start, end: i });
  }
  return out;
}

function u32le(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0, 0);
  return b;
}

function varBytes(b: Buffer): Buffer {
  return Buffer.concat([compactSizeBytes(b.length), b]);
}

/**
 * Serialises a transaction: with `witness` in the BIP144 form (marker, flag, witness stacks),
 * without it in the legacy form that txids hash. The inverse of `decodeTx`.
 */
export function encodeTx(tx: Tx, witness = tx.segwit): Buffer {
  const version = Buffer.alloc(4);
  version.writeInt32LE(tx.version, 0);
  const parts: Buffer[] = [version];
  if (witness) parts.push(Buffer.from([0, 1]));
  parts.push(compactSizeBytes(tx.inputs.length));
  for (const i of tx.inputs) parts.push(i.prevTxid, u32le(i.prevIndex), varBytes(i.scriptSig), u32le(i.sequence));
  parts.push(compactSizeBytes(tx.outputs.length));
  for (const o of tx.outputs) {
    const value = Buffer.alloc(8);
    value.writeBigUInt64LE(BigInt.asUintN(64, o.value), 0);
    parts.push(value, varBytes(o.script));
  }
  if (witness) for (const i of tx.inputs) parts.push(compactSizeBytes(i.witness.length), ...i.witness.map(varBytes));
  parts.push(u32le(tx.lockTime));
  return Buffer.concat(parts);
}

/** The txid in display (RPC) byte order. */
export function txidOf(tx: Tx): string {
  return Buffer.from(sha256d(encodeTx(tx, false)))
    .reverse()
    .toString('hex');
}

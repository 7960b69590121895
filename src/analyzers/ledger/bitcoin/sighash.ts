import { createHash } from 'node:crypto';
import { sha256, sha256d } from '../bytes.js';
import { compactSizeBytes, scriptPushes, type Tx, type TxOutput } from './tx.js';

export const SIGHASH_ALL = 1;
export const SIGHASH_NONE = 2;
export const SIGHASH_SINGLE = 3;
export const SIGHASH_ANYONECANPAY = 0x80;
const OP_CODESEPARATOR = 0xab;

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0, 0);
  return b;
}

function i32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32LE(n | 0, 0);
  return b;
}

function u64(n: bigint): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt.asUintN(64, n), 0);
  return b;
}

function varBytes(b: Buffer): Buffer {
  return Buffer.concat([compactSizeBytes(b.length), b]);
}

function serializeOutput(o: TxOutput): Buffer {
  return Buffer.concat([u64(o.value), varBytes(o.script)]);
}

/** Removes OP_CODESEPARATOR opcodes (not bytes inside pushes), as legacy signature hashing does. */
function withoutCodeSeparators(script: Buffer): Buffer {
  const ops = scriptPushes(script);
  if (!ops) return script;
  const parts: Buffer[] = [];
  for (const o of ops) if (o.op !== OP_CODESEPARATOR || o.data) parts.push(script.subarray(o.start, o.end));
  return Buffer.concat(parts);
}

/** Bitcoin Core's legacy SignatureHash, including the SIGHASH_SINGLE out-of-range quirk (returns 1). */
export function legacySighash(tx: Tx, inputIndex: number, scriptCode: Buffer, hashType: number): Buffer {
  const base = hashType & 0x1f;
  const anyoneCanPay = (hashType & SIGHASH_ANYONECANPAY) !== 0;
  if (base === SIGHASH_SINGLE && inputIndex >= tx.outputs.length) {
    const one = Buffer.alloc(32);
    one[0] = 1;
    return one;
  }
  const code = withoutCodeSeparators(scriptCode);
  const parts: Buffer[] = [i32(tx.version)];
  const inputs = anyoneCanPay ? [inputIndex] : tx.inputs.map((_, i) => i);
  parts.push(compactSizeBytes(inputs.length));
  for (const i of inputs) {
    const inp = tx.inputs[i];
    parts.push(inp.prevTxid, u32(inp.prevIndex));
    parts.push(varBytes(i === inputIndex ? code : Buffer.alloc(0)));
    const zeroSeq = i !== inputIndex && (base === SIGHASH_NONE || base === SIGHASH_SINGLE);
    parts.push(u32(zeroSeq ? 0 : inp.sequence));
  }
  if (base === SIGHASH_NONE) parts.push(compactSizeBytes(0));
  else if (base === SIGHASH_SINGLE) {
    parts.push(compactSizeBytes(inputIndex + 1));
    for (let i = 0; i < inputIndex; i++) parts.push(u64(-1n), compactSizeBytes(0));
    parts.push(serializeOutput(tx.outputs[inputIndex]));
  } else {
    parts.push(compactSizeBytes(tx.outputs.length));
    for (const o of tx.outputs) parts.push(serializeOutput(o));
  }
  parts.push(u32(tx.lockTime), i32(hashType));
  return sha256d(Buffer.concat(parts));
}

/** BIP143 signature hash for segwit v0 inputs. */
export function segwitV0Sighash(
  tx: Tx,
  inputIndex: number,
  scriptCode: Buffer,
  amount: bigint,
  hashType: number,
): Buffer {
  const base = hashType & 0x1f;
  const anyoneCanPay = (hashType & SIGHASH_ANYONECANPAY) !== 0;
  const zero: Buffer = Buffer.alloc(32);
  const hashPrevouts = anyoneCanPay
    ? zero
    : sha256d(Buffer.concat(tx.inputs.flatMap((i) => [i.prevTxid, u32(i.prevIndex)])));
  const hashSequence =
    anyoneCanPay || base === SIGHASH_SINGLE || base === SIGHASH_NONE
      ? zero
      : sha256d(Buffer.concat(tx.inputs.map((i) => u32(i.sequence))));
  let hashOutputs: Buffer = zero;
  if (base !== SIGHASH_SINGLE && base !== SIGHASH_NONE)
    hashOutputs = sha256d(Buffer.concat(tx.outputs.map(serializeOutput)));
  else if (base === SIGHASH_SINGLE && inputIndex < tx.outputs.length)
    hashOutputs = sha256d(serializeOutput(tx.outputs[inputIndex]));
  const inp = tx.inputs[inputIndex];
  return sha256d(
    Buffer.concat([
      i32(tx.version),
      hashPrevouts,
      hashSequence,
      inp.prevTxid,
      u32(inp.prevIndex),
      varBytes(scriptCode),
      u64(amount),
      u32(inp.sequence),
      hashOutputs,
      u32(tx.lockTime),
      u32(hashType),
    ]),
  );
}

function taggedHash(tag: string, data: Buffer): Buffer {
  const t = sha256(Buffer.from(tag));
  return createHash('sha256').update(t).update(t).update(data).digest();
}

/** BIP341 signature message for a key-path spend (no annex, ext_flag 0); null if hashType is not allowed. */
export function taprootKeySighash(
  tx: Tx,
  inputIndex: number,
  prevouts: TxOutput[],
  hashType: number,
  annex: Buffer | null,
): Buffer | null {
  if (!(hashType <= 3 || (hashType >= 0x81 && hashType <= 0x83))) return null;
  const base = hashType & 3;
  const anyoneCanPay = (hashType & SIGHASH_ANYONECANPAY) !== 0;
  const parts: Buffer[] = [Buffer.from([0x00, hashType]), i32(tx.version), u32(tx.lockTime)];
  if (!anyoneCanPay) {
    parts.push(sha256(Buffer.concat(tx.inputs.flatMap((i) => [i.prevTxid, u32(i.prevIndex)]))));
    parts.push(sha256(Buffer.concat(prevouts.map((p) => u64(p.value)))));
    parts.push(sha256(Buffer.concat(prevouts.map((p) => varBytes(p.script)))));
    parts.push(sha256(Buffer.concat(tx.inputs.map((i) => u32(i.sequence)))));
  }
  if (base !== SIGHASH_NONE && base !== SIGHASH_SINGLE)
    parts.push(sha256(Buffer.concat(tx.outputs.map(serializeOutput))));
  parts.push(Buffer.from([annex ? 1 : 0]));
  const inp = tx.inputs[inputIndex];
  if (anyoneCanPay)
    parts.push(
      inp.prevTxid,
      u32(inp.prevIndex),
      u64(prevouts[inputIndex].value),
      varBytes(prevouts[inputIndex].script),
      u32(inp.sequence),
    );
  else parts.push(u32(inputIndex));
  if (annex) parts.push(sha256(varBytes(annex)));
  if (base === SIGHASH_SINGLE) {
    if (inputIndex >= tx.outputs.length) return null;
    parts.push(sha256(serializeOutput(tx.outputs[inputIndex])));
  }
  return taggedHash('TapSighash', Buffer.concat(parts));
}

import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ChunkReader } from '../reader.js';
import { LedgerInputError } from '../types.js';

/**
 * Hyperledger Fabric peer block store (blkstorage/block_serialization.go): each record is a
 * varint length and a block serialized as varint number, bytes data_hash, bytes previous_hash,
 * varint count + bytes per envelope, varint count + bytes per metadata entry.
 */
export interface FabricBlock {
  number: bigint;
  dataHash: Buffer;
  previousHash: Buffer;
  envelopes: Buffer[];
  metadata: Buffer[];
}

export const MAX_FABRIC_BLOCK = 100 << 20;

export class FabricParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FabricParseError';
  }
}

export function readVarint(buf: Buffer, pos: number): { value: bigint; next: number } {
  let value = 0n;
  let shift = 0n;
  for (let i = 0; i < 10; i++) {
    if (pos + i >= buf.length) throw new FabricParseError(`varint runs past the end at byte ${pos}`);
    const b = buf[pos + i];
    value |= BigInt(b & 0x7f) << shift;
    if (b < 0x80) return { value, next: pos + i + 1 };
    shift += 7n;
  }
  throw new FabricParseError(`varint longer than 10 bytes at byte ${pos}`);
}

function smallVarint(buf: Buffer, pos: number, what: string, max: number): { value: number; next: number } {
  const { value, next } = readVarint(buf, pos);
  if (value > BigInt(max)) throw new FabricParseError(`${what} ${value} too large at byte ${pos}`);
  return { value: Number(value), next };
}

function rawBytes(buf: Buffer, pos: number, what: string): { value: Buffer; next: number } {
  const { value: len, next } = smallVarint(buf, pos, `${what} length`, buf.length);
  if (next + len > buf.length) throw new FabricParseError(`${what} of ${len} bytes runs past the end`);
  return { value: buf.subarray(next, next + len), next: next + len };
}

export function parseFabricBlock(buf: Buffer): FabricBlock {
  let p = 0;
  const num = readVarint(buf, p);
  p = num.next;
  const dh = rawBytes(buf, p, 'data hash');
  p = dh.next;
  const ph = rawBytes(buf, p, 'previous hash');
  p = ph.next;
  const n = smallVarint(buf, p, 'envelope count', buf.length);
  p = n.next;
  const envelopes: Buffer[] = [];
  for (let i = 0; i < n.value; i++) {
    const e = rawBytes(buf, p, `envelope ${i}`);
    envelopes.push(e.value);
    p = e.next;
  }
  const m = smallVarint(buf, p, 'metadata count', buf.length);
  p = m.next;
  const metadata: Buffer[] = [];
  for (let i = 0; i < m.value; i++) {
    const e = rawBytes(buf, p, `metadata ${i}`);
    metadata.push(e.value);
    p = e.next;
  }
  if (p !== buf.length) throw new FabricParseError(`${buf.length - p} bytes after the block metadata`);
  return { number: num.value, dataHash: dh.value, previousHash: ph.value, envelopes, metadata };
}

export interface FabricRecord {
  kind: 'block';
  buf: Buffer;
  offset: number;
  file: string;
}
export interface FabricProblem {
  kind: 'problem';
  offset: number;
  file: string;
  message: string;
}

/** The block files of a store: a single file, or every `blockfile_NNNNNN` of a channel folder in order. */
export async function fabricFiles(path: string): Promise<string[]> {
  const st = await stat(path);
  if (st.isFile()) return [path];
  const names = (await readdir(path)).filter((n) => /^blockfile_\d{6}$/.test(n)).sort();
  if (names.length === 0) throw new LedgerInputError(`${path}: no blockfile_NNNNNN files in this folder`);
  return names.map((n) => join(path, n));
}

export async function* readFabricStore(files: string[]): AsyncGenerator<FabricRecord | FabricProblem> {
  for (const file of files) {
    const r = await ChunkReader.open(file);
    try {
      for (;;) {
        if ((await r.fill(10)) === 0) break;
        const head = r.peek(10);
        let len: number;
        let hl: number;
        try {
          const v = readVarint(Buffer.from(head), 0);
          len = Number(v.value);
          hl = v.next;
        } catch {
          yield { kind: 'problem', file, offset: r.offset, message: 'record length is not a varint (truncated file?)' };
          break;
        }
        if (len === 0 || len > MAX_FABRIC_BLOCK) {
          yield {
            kind: 'problem',
            file,
            offset: r.offset,
            message: `record length ${len} outside 1..${MAX_FABRIC_BLOCK}`,
          };
          break;
        }
        const have = await r.fill(hl + len);
        if (have < hl + len) {
          yield {
            kind: 'problem',
            file,
            offset: r.offset,
            message: `record of ${len} bytes but only ${have - hl} remain (truncated file)`,
          };
          break;
        }
        r.skip(hl);
        const offset = r.offset;
        yield { kind: 'block', buf: r.take(len), offset, file };
      }
    } finally {
      await r.close();
    }
  }
}

/** lastBlockNum and lastBlockHash of a store bootstrapped from a snapshot (bootstrappingSnapshot.info). */
export function parseBootstrapInfo(buf: Buffer): { lastBlockNum: bigint; lastBlockHash: Buffer } {
  let p = 0;
  let lastBlockNum = 0n;
  let lastBlockHash = Buffer.alloc(0);
  while (p < buf.length) {
    const key = readVarint(buf, p);
    p = key.next;
    const field = Number(key.value >> 3n);
    const wire = Number(key.value & 7n);
    if (wire === 0) {
      const v = readVarint(buf, p);
      p = v.next;
      if (field === 1) lastBlockNum = v.value;
    } else if (wire === 2) {
      const v = rawBytes(buf, p, 'field');
      p = v.next;
      if (field === 2) lastBlockHash = Buffer.from(v.value);
    } else throw new FabricParseError(`unexpected wire type ${wire} in bootstrappingSnapshot.info`);
  }
  return { lastBlockNum, lastBlockHash };
}

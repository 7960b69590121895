import { sha256d } from '../bytes.js';
import { sha256dMany } from '../sha256d-batch.js';

export const HEADER_BYTES = 80;
/** Consensus limit on serialized block size including witness (weight ≤ 4,000,000). */
export const MAX_BLOCK_BYTES = 4_000_000;

export class BitcoinParseError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(`${message} at byte ${position}`);
    this.name = 'BitcoinParseError';
  }
}

export interface BlockHeader {
  version: number;
  prevHash: Buffer;
  merkleRoot: Buffer;
  time: number;
  bits: number;
  nonce: number;
  /** sha256d of the 80 header bytes, internal byte order. */
  hash: Buffer;
  raw: Buffer;
}

/** Byte ranges of one transaction inside the block buffer. */
export interface TxSpan {
  start: number;
  end: number;
  /** BIP144 serialization with marker, flag and witness data. */
  segwit: boolean;
  /** Offset just after version (and after marker+flag when segwit). */
  bodyStart: number;
  /** Offset where the witness data begins (== end - 4 when not segwit). */
  witnessStart: number;
}

export interface ParsedBlock {
  header: BlockHeader;
  txs: TxSpan[];
  buf: Buffer;
}

export function parseHeader(buf: Buffer, at = 0): BlockHeader {
  if (buf.length - at < HEADER_BYTES) throw new BitcoinParseError(`header needs 80 bytes, ${buf.length - at} left`, at);
  const raw = buf.subarray(at, at + HEADER_BYTES);
  return {
    version: raw.readInt32LE(0),
    prevHash: raw.subarray(4, 36),
    merkleRoot: raw.subarray(36, 68),
    time: raw.readUInt32LE(68),
    bits: raw.readUInt32LE(72),
    nonce: raw.readUInt32LE(76),
    hash: sha256d(raw),
    raw,
  };
}

/** A cursor over a buffer; every read is bounds-checked, compact sizes must be canonical. */
export class Cursor {
  constructor(
    readonly buf: Buffer,
    public pos: number,
    readonly end = buf.length,
  ) {}

  need(n: number, what: string): void {
    if (n < 0 || this.pos + n > this.end)
      throw new BitcoinParseError(`truncated ${what}: needs ${n} bytes, ${this.end - this.pos} left`, this.pos);
  }

  skip(n: number, what: string): void {
    this.need(n, what);
    this.pos += n;
  }

  u8(what: string): number {
    this.need(1, what);
    return this.buf[this.pos++];
  }

  u32(what: string): number {
    this.need(4, what);
    const v = this.buf.readUInt32LE(this.pos);
    this.pos += 4;
    return v;
  }

  bytes(n: number, what: string): Buffer {
    this.need(n, what);
    const b = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return b;
  }

  compactSize(what: string): number {
    const first = this.u8(what);
    if (first < 0xfd) return first;
    if (first === 0xfd) {
      this.need(2, what);
      const v = this.buf.readUInt16LE(this.pos);
      this.pos += 2;
      if (v < 0xfd) throw new BitcoinParseError(`non-canonical compact size for ${what}`, this.pos - 3);
      return v;
    }
    if (first === 0xfe) {
      const v = this.u32(what);
      if (v <= 0xffff) throw new BitcoinParseError(`non-canonical compact size for ${what}`, this.pos - 5);
      return v;
    }
    this.need(8, what);
    const v = this.buf.readBigUInt64LE(this.pos);
    this.pos += 8;
    if (v <= 0xffffffffn) throw new BitcoinParseError(`non-canonical compact size for ${what}`, this.pos - 9);
    throw new BitcoinParseError(`${what} count ${v} exceeds any block`, this.pos - 9);
  }
}

/** Finds the byte ranges of one transaction starting at `c.pos`. */
export function spanTx(c: Cursor): TxSpan {
  const start = c.pos;
  c.skip(4, 'tx version');
  let segwit = false;
  if (c.pos + 1 < c.end && c.buf[c.pos] === 0) {
    if (c.buf[c.pos + 1] !== 1)
      throw new BitcoinParseError('segwit marker 0x00 followed by flag other than 0x01', c.pos);
    segwit = true;
    c.pos += 2;
  }
  const bodyStart = c.pos;
  const nIn = c.compactSize('input count');
  if (nIn === 0) throw new BitcoinParseError('transaction without inputs', c.pos);
  for (let i = 0; i < nIn; i++) {
    c.skip(36, 'outpoint');
    c.skip(c.compactSize('scriptSig length'), 'scriptSig');
    c.skip(4, 'sequence');
  }
  const nOut = c.compactSize('output count');
  for (let i = 0; i < nOut; i++) {
    c.skip(8, 'output value');
    c.skip(c.compactSize('scriptPubKey length'), 'scriptPubKey');
  }
  const witnessStart = c.pos;
  if (segwit) {
    let anyWitness = false;
    for (let i = 0; i < nIn; i++) {
      const items = c.compactSize('witness item count');
      if (items > 0) anyWitness = true;
      for (let k = 0; k < items; k++) c.skip(c.compactSize('witness item length'), 'witness item');
    }
    if (!anyWitness)
      throw new BitcoinParseError(
        'segwit serialization with all witnesses empty (superfluous witness record)',
        witnessStart,
      );
  }
  c.skip(4, 'lock time');
  return { start, end: c.pos, segwit, bodyStart, witnessStart };
}

export function parseBlock(buf: Buffer): ParsedBlock {
  if (buf.length > MAX_BLOCK_BYTES)
    throw new BitcoinParseError(`block of ${buf.length} bytes exceeds the ${MAX_BLOCK_BYTES}-byte limit`, 0);
  const header = parseHeader(buf, 0);
  const c = new Cursor(buf, HEADER_BYTES);
  const n = c.compactSize('transaction count');
  if (n === 0) throw new BitcoinParseError('block without transactions', HEADER_BYTES);
  if (n > (buf.length - HEADER_BYTES) / 60 + 1)
    throw new BitcoinParseError(`transaction count ${n} cannot fit in ${buf.length} bytes`, HEADER_BYTES);
  const txs: TxSpan[] = new Array(n);
  for (let i = 0; i < n; i++) txs[i] = spanTx(c);
  if (c.pos !== buf.length)
    throw new BitcoinParseError(`${buf.length - c.pos} bytes after the last transaction`, c.pos);
  return { header, txs, buf };
}

/** txids of all transactions (hash of the serialization without witness), 32 bytes each, back to back. */
export function txidsOf(block: ParsedBlock): Buffer {
  const ranges = new Uint32Array(block.txs.length * 6);
  for (let i = 0, r = 0; i < block.txs.length; i++, r += 6) {
    const t = block.txs[i];
    ranges[r] = t.start;
    ranges[r + 1] = t.start + 4;
    ranges[r + 2] = t.bodyStart;
    ranges[r + 3] = t.witnessStart;
    ranges[r + 4] = t.end - 4;
    ranges[r + 5] = t.end;
  }
  return sha256dMany(block.buf, ranges, 3);
}

/** wtxids of all transactions (hash of the full serialization; equals the txid without witness), 32 bytes each, back to back. */
export function wtxidsOf(block: ParsedBlock): Buffer {
  const ranges = new Uint32Array(block.txs.length * 2);
  for (let i = 0; i < block.txs.length; i++) {
    ranges[2 * i] = block.txs[i].start;
    ranges[2 * i + 1] = block.txs[i].end;
  }
  return sha256dMany(block.buf, ranges);
}

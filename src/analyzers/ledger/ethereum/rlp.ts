/** Strict RLP (Ethereum yellow paper, appendix B): non-canonical encodings are rejected. */

export type Rlp = Buffer | Rlp[];

export class RlpError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RlpError';
  }
}

interface Head {
  list: boolean;
  /** Offset of the payload. */
  start: number;
  /** Offset just past the item. */
  end: number;
}

const MAX_DEPTH = 64;

function head(buf: Uint8Array, pos: number, limit: number): Head {
  if (pos >= limit) throw new RlpError('unexpected end of input');
  const b = buf[pos];
  if (b < 0x80) return { list: false, start: pos, end: pos + 1 };
  if (b <= 0xb7 || (b >= 0xc0 && b <= 0xf7)) {
    const list = b >= 0xc0;
    const len = b - (list ? 0xc0 : 0x80);
    const end = pos + 1 + len;
    if (end > limit) throw new RlpError(`${list ? 'list' : 'string'} of ${len} bytes runs past the end`);
    if (!list && len === 1 && buf[pos + 1] < 0x80)
      throw new RlpError('single byte below 0x80 encoded as a string (non-canonical)');
    return { list, start: pos + 1, end };
  }
  const list = b >= 0xf8;
  const lenOfLen = b - (list ? 0xf7 : 0xb7);
  if (pos + 1 + lenOfLen > limit) throw new RlpError('length of length runs past the end');
  if (buf[pos + 1] === 0) throw new RlpError('length with leading zero bytes (non-canonical)');
  if (lenOfLen > 6) throw new RlpError('length above 2^48');
  let len = 0;
  for (let i = 0; i < lenOfLen; i++) len = len * 256 + buf[pos + 1 + i];
  if (len < 56) throw new RlpError('long form used for a length below 56 (non-canonical)');
  const start = pos + 1 + lenOfLen;
  if (start + len > limit) throw new RlpError(`${list ? 'list' : 'string'} of ${len} bytes runs past the end`);
  return { list, start, end: start + len };
}

function decodeAt(buf: Buffer, pos: number, limit: number, depth: number): { item: Rlp; end: number } {
  if (depth > MAX_DEPTH) throw new RlpError('nesting deeper than 64');
  const h = head(buf, pos, limit);
  if (!h.list) return { item: buf.subarray(h.start, h.end), end: h.end };
  const items: Rlp[] = [];
  let p = h.start;
  while (p < h.end) {
    const r = decodeAt(buf, p, h.end, depth + 1);
    items.push(r.item);
    p = r.end;
  }
  return { item: items, end: h.end };
}

/** Decodes exactly one item filling the whole buffer. */
export function decode(buf: Buffer): Rlp {
  const { item, end } = decodeAt(buf, 0, buf.length, 0);
  if (end !== buf.length) throw new RlpError(`${buf.length - end} bytes after the RLP item`);
  return item;
}

/** Length of the RLP item starting at `pos` (header + payload), for framing concatenated items. */
export function itemLength(buf: Uint8Array, pos: number): { total: number; complete: boolean } {
  const b = buf[pos];
  if (b < 0x80) return { total: 1, complete: true };
  if (b <= 0xbf && b <= 0xb7) return { total: 1 + b - 0x80, complete: true };
  if (b >= 0xc0 && b <= 0xf7) return { total: 1 + b - 0xc0, complete: true };
  const lenOfLen = b - (b >= 0xf8 ? 0xf7 : 0xb7);
  if (pos + 1 + lenOfLen > buf.length) return { total: 1 + lenOfLen, complete: false };
  let len = 0;
  for (let i = 0; i < lenOfLen; i++) len = len * 256 + buf[pos + 1 + i];
  return { total: 1 + lenOfLen + len, complete: true };
}

/** The raw encodings of a list's elements (to hash a header or put a transaction in the trie as stored). */
export function listElements(buf: Buffer): Buffer[] {
  const h = head(buf, 0, buf.length);
  if (!h.list) throw new RlpError('expected a list');
  if (h.end !== buf.length) throw new RlpError(`${buf.length - h.end} bytes after the list`);
  const out: Buffer[] = [];
  let p = h.start;
  while (p < h.end) {
    const e = head(buf, p, h.end);
    out.push(buf.subarray(p, e.end));
    p = e.end;
  }
  return out;
}

function lengthPrefix(len: number, offset: number): Buffer {
  if (len < 56) return Buffer.from([offset + len]);
  const bytes: number[] = [];
  for (let l = len; l > 0; l = Math.floor(l / 256)) bytes.unshift(l & 0xff);
  return Buffer.from([offset + 55 + bytes.length, ...bytes]);
}

export function encodeBytes(b: Uint8Array): Buffer {
  if (b.length === 1 && b[0] < 0x80) return Buffer.from(b);
  return Buffer.concat([lengthPrefix(b.length, 0x80), b]);
}

/** A list from already-encoded items. */
export function encodeListRaw(items: Uint8Array[]): Buffer {
  let len = 0;
  for (const i of items) len += i.length;
  return Buffer.concat([lengthPrefix(len, 0xc0), ...items]);
}

export function encode(item: Rlp): Buffer {
  if (Buffer.isBuffer(item)) return encodeBytes(item);
  return encodeListRaw(item.map(encode));
}

/** Minimal big-endian bytes of a non-negative integer (empty for zero). */
export function intBytes(v: bigint | number): Buffer {
  let x = BigInt(v);
  if (x < 0n) throw new RlpError('negative integer');
  if (x === 0n) return Buffer.alloc(0);
  const out: number[] = [];
  while (x > 0n) {
    out.unshift(Number(x & 0xffn));
    x >>= 8n;
  }
  return Buffer.from(out);
}

export function toBig(b: Uint8Array): bigint {
  return b.length === 0 ? 0n : BigInt(`0x${Buffer.from(b).toString('hex')}`);
}

import { readFile, stat } from 'node:fs/promises';
import { ChunkReader } from '../reader.js';
import { LedgerInputError } from '../types.js';
import { MAX_BLOCK_BYTES } from './block.js';
import { networkByMagic, type BitcoinNetwork } from './params.js';

export interface BlkRecord {
  kind: 'block';
  buf: Buffer;
  offset: number;
}

export interface BlkProblem {
  kind: 'problem';
  offset: number;
  rule: 'truncated' | 'framing';
  message: string;
}

const KNOWN_MAGICS = new Set(['f9beb4d9', '0b110907', 'fabfb5da', 'fbc0b6db', 'fdd2c8f1', '0a03cf40']);

/** Detects the network of a blk*.dat file from its first magic, or null if it is not one. */
export async function sniffBlkMagic(path: string): Promise<string | null> {
  const r = await ChunkReader.open(path, 64);
  try {
    await r.fill(8);
    const head = r.peek(8);
    if (head.length < 8) return null;
    const magic = head.subarray(0, 4).toString('hex');
    return KNOWN_MAGICS.has(magic) ? magic : null;
  } finally {
    await r.close();
  }
}

/**
 * Reads blk*.dat framing (4-byte network magic, uint32 LE length, block). Zero bytes between
 * records are Bitcoin Core's preallocation and are skipped; bad framing is reported and the
 * reader resynchronises on the next magic, as Core's -reindex does.
 */
export async function* readBlkFile(
  path: string,
  onProgress?: (done: number, total: number) => void,
): AsyncGenerator<BlkRecord | BlkProblem> {
  const r = await ChunkReader.open(path);
  let magic: Buffer | null = null;
  let lastProgress = 0;
  try {
    for (;;) {
      if ((await r.fill(8)) === 0) return;
      const head = r.peek(8);
      if (head[0] === 0 && head.subarray(0, Math.min(4, head.length)).every((b) => b === 0)) {
        let k = 0;
        while (k < head.length && head[k] === 0) k++;
        r.skip(k);
        continue;
      }
      if (head.length < 8) {
        yield {
          kind: 'problem',
          offset: r.offset,
          rule: 'truncated',
          message: `file ends ${head.length} bytes into a record header`,
        };
        r.skip(head.length);
        return;
      }
      const m = head.subarray(0, 4);
      if (!magic) {
        if (!KNOWN_MAGICS.has(m.toString('hex')))
          throw new LedgerInputError(
            `${path}: not a blk*.dat file (first bytes ${head.subarray(0, 4).toString('hex')} are no known network magic)`,
          );
        magic = Buffer.from(m);
      }
      if (!m.equals(magic)) {
        const at = r.offset;
        const skipped = await resync(r, magic);
        yield {
          kind: 'problem',
          offset: at,
          rule: 'framing',
          message: `expected magic ${magic.toString('hex')}, found ${m.toString('hex')}; skipped ${skipped} bytes to the next record`,
        };
        continue;
      }
      const len = head.readUInt32LE(4);
      if (len < 81 || len > MAX_BLOCK_BYTES) {
        const at = r.offset;
        r.skip(4);
        const skipped = await resync(r, magic);
        yield {
          kind: 'problem',
          offset: at,
          rule: 'framing',
          message: `record length ${len} outside 81..${MAX_BLOCK_BYTES}; skipped ${skipped + 4} bytes to the next record`,
        };
        continue;
      }
      const have = await r.fill(8 + len);
      if (have < 8 + len) {
        yield {
          kind: 'problem',
          offset: r.offset,
          rule: 'truncated',
          message: `record of ${len} bytes but only ${have - 8} remain in the file`,
        };
        r.skip(have);
        return;
      }
      r.skip(8);
      const offset = r.offset;
      yield { kind: 'block', buf: r.take(len), offset };
      if (onProgress && offset - lastProgress > 16 << 20) {
        lastProgress = offset;
        onProgress(offset, r.size);
      }
    }
  } finally {
    await r.close();
  }
}

async function resync(r: ChunkReader, magic: Buffer): Promise<number> {
  let skipped = 0;
  for (;;) {
    const n = await r.fill(1 << 20);
    if (n === 0) return skipped;
    const view = r.peek(n);
    const i = view.indexOf(magic, 1);
    if (i > 0) {
      r.skip(i);
      return skipped + i;
    }
    const keep = Math.min(3, n);
    r.skip(n - keep);
    skipped += n - keep;
    if (n <= 3) {
      r.skip(n);
      return skipped + n;
    }
  }
}

/** A raw block file: exactly one serialized block. */
export async function readRawBlock(path: string): Promise<Buffer> {
  const st = await stat(path);
  if (st.size > MAX_BLOCK_BYTES)
    throw new LedgerInputError(
      `${path}: ${st.size} bytes is larger than any block (${MAX_BLOCK_BYTES}); is it a blk*.dat file?`,
    );
  if (st.size < 81) throw new LedgerInputError(`${path}: ${st.size} bytes is too short for a block`);
  return readFile(path);
}

export function networkForMagic(magic: string | null, fallback: BitcoinNetwork): BitcoinNetwork {
  return (magic && networkByMagic(magic)) || fallback;
}

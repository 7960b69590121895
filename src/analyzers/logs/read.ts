import {
  closeSync,
  constants,
  lstatSync,
  openSync,
  readdirSync,
  readSync,
  realpathSync,
  statSync,
  type Stats,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { createGunzip } from 'node:zlib';
import { errorMessage } from '../../errors.js';

/**
 * Finds the log files under a path and reads them in chunks of whole lines with bounded memory,
 * gzip-compressed ones transparently. Nothing is left out quietly: whatever is not read (a special
 * file, an unreadable file, a file over a limit, a corrupt gzip stream) is listed with the reason.
 */

export interface LogFile {
  path: string;
  size: number;
  mtimeMs: number;
  compressed: boolean;
  /** The live file of a rotation group (`debug.log` for `debug.log.1` and `debug.log.2.gz`). */
  group: string;
  /** Position in the rotation, 0 for the live file; higher is older. */
  generation: number;
}

export interface Unread {
  path: string;
  reason: string;
  /** Bytes of the file not read, when known. */
  bytes?: number;
}

export interface LogListing {
  files: LogFile[];
  unread: Unread[];
}

export interface ListLimits {
  maxFiles: number;
  maxDepth: number;
}

export const DEFAULT_LIST_LIMITS: ListLimits = { maxFiles: 5000, maxDepth: 8 };

/** Log-like names in a folder, with logrotate's suffixes (`.1`, `.2.gz`, `-20261120`, `-20261120.gz`). */
const LOG_NAME =
  /(?:\.log|\.out|\.err|\.txt|\.json|\.jsonl|\.ndjson|\.journal\.json|^messages|^syslog|^secure|^kern\.log|^auth\.log|^daemon\.log|^debug\.log|^current)(?:\.\d+|-\d{8})?(?:\.gz)?$/i;
const ROTATION = /(?:\.(\d+)|-(\d{8}))?(\.gz)?$/;

function rotationOf(path: string): { group: string; generation: number; compressed: boolean } {
  const name = basename(path);
  const m = ROTATION.exec(name)!;
  const stem = name.slice(0, m.index);
  const generation = m[1] !== undefined ? Number(m[1]) : m[2] !== undefined ? 1e9 - Number(m[2]) : 0;
  return { group: join(dirname(path), stem), generation, compressed: Boolean(m[3]) };
}

function kindOf(st: Stats): string {
  if (st.isFIFO()) return 'a named pipe (FIFO)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  if (st.isDirectory()) return 'a directory';
  return 'not a regular file';
}

/**
 * The log files of a path: the path itself when it is a file (any name), or the log-like files
 * below a folder. Symbolic links to files are followed once (each file is read once); links to
 * folders are not followed and are reported. Special files are never opened.
 */
export function listLogFiles(path: string, limits: ListLimits = DEFAULT_LIST_LIMITS): LogListing {
  const files: LogFile[] = [];
  const unread: Unread[] = [];
  const seen = new Set<string>();
  const add = (p: string, st: Stats) => {
    let real: string;
    try {
      real = realpathSync(p);
    } catch (err) {
      unread.push({ path: p, reason: `cannot be resolved: ${errorMessage(err)}` });
      return;
    }
    if (seen.has(real)) return;
    seen.add(real);
    if (files.length >= limits.maxFiles) {
      unread.push({ path: p, reason: `more than ${limits.maxFiles} log files under ${path}`, bytes: st.size });
      return;
    }
    files.push({ path: p, size: st.size, mtimeMs: st.mtimeMs, ...rotationOf(p) });
  };
  const visit = (p: string, depth: number, explicit: boolean) => {
    let st: Stats;
    try {
      st = lstatSync(p);
    } catch (err) {
      unread.push({ path: p, reason: `cannot be read: ${errorMessage(err)}` });
      return;
    }
    if (st.isSymbolicLink()) {
      try {
        st = statSync(p);
      } catch (err) {
        if (explicit || LOG_NAME.test(basename(p)))
          unread.push({ path: p, reason: `broken symbolic link: ${errorMessage(err)}` });
        return;
      }
      if (st.isDirectory()) {
        if (explicit) return visit(realpathSync(p), depth, true);
        unread.push({ path: p, reason: 'symbolic link to a folder, not followed' });
        return;
      }
    }
    if (st.isDirectory()) {
      if (depth > limits.maxDepth) {
        unread.push({ path: p, reason: `deeper than ${limits.maxDepth} folders` });
        return;
      }
      let names: string[];
      try {
        names = readdirSync(p).sort();
      } catch (err) {
        unread.push({ path: p, reason: `folder cannot be listed: ${errorMessage(err)}` });
        return;
      }
      for (const name of names) visit(join(p, name), depth + 1, false);
      return;
    }
    if (!explicit && !LOG_NAME.test(basename(p))) return;
    if (!st.isFile()) {
      unread.push({ path: p, reason: `${kindOf(st)}, not read` });
      return;
    }
    add(p, st);
  };
  visit(path, 0, true);
  // Oldest first within a rotation group, so that a program's story reads in order.
  files.sort((a, b) => (a.group === b.group ? b.generation - a.generation : a.group < b.group ? -1 : 1));
  return { files, unread };
}

/** Opens a regular file for reading without blocking on a FIFO swapped in after listing. */
export function openLogFile(path: string): number {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new Error(`${kindOf(st)}, not read`);
  } catch (err) {
    closeSync(fd);
    throw err;
  }
  return fd;
}

export interface ChunkInfo {
  final: boolean;
  /** The chunk starts inside a line longer than a chunk. */
  midLine: boolean;
  /** The first `overlap` bytes repeat the end of the previous piece of that long line. */
  overlap: number;
}

export interface ChunkSink {
  /** Where to read the next bytes: a view of at least `bytes` length (the prefilter's text area). */
  area(bytes: number): Uint8Array;
  /** Whole lines in `area[0, length)` (or a piece of one very long line); `stop` ends the reading. */
  chunk(length: number, info: ChunkInfo): void | 'stop';
}

export const CHUNK_BYTES = 4 * 1024 * 1024;
/** A line longer than a chunk is passed on in pieces; this much of a piece is repeated so anchors across the cut are found. */
const LONG_LINE_OVERLAP = 256;

/** Fills the sink's area and hands it on cut at the last newline; the rest of the line starts the next chunk. */
class ChunkAssembler {
  fill = 0;
  stopped = false;
  private midLine = false;
  private overlap = 0;

  constructor(
    private readonly sink: ChunkSink,
    readonly size: number,
  ) {}

  area(): Uint8Array {
    return this.sink.area(this.size);
  }

  added(n: number): void {
    this.fill += n;
    if (this.fill >= this.size) this.flush(false);
  }

  flush(final: boolean): void {
    const area = this.area();
    let cut = final ? this.fill : area.lastIndexOf(10, this.fill - 1) + 1;
    let rest: Buffer;
    let nextMid = false;
    let nextOverlap = 0;
    if (cut === 0 && !final) {
      cut = this.fill;
      rest = Buffer.from(area.subarray(this.fill - LONG_LINE_OVERLAP, this.fill));
      nextMid = true;
      nextOverlap = LONG_LINE_OVERLAP;
    } else rest = Buffer.from(area.subarray(cut, this.fill));
    // The rest is saved first: the prefilter writes padding past the end of the text it scans.
    if (this.sink.chunk(cut, { final, midLine: this.midLine, overlap: this.overlap }) === 'stop') this.stopped = true;
    this.midLine = nextMid;
    this.overlap = nextOverlap;
    this.area().set(rest, 0);
    this.fill = rest.length;
  }
}

/**
 * Feeds a file to `sink` in chunks that end at a newline (or at the end of the file), each read
 * into the sink's area; a line longer than the chunk size is passed on in pieces. Returns the
 * number of bytes read (for compressed files, decompressed bytes).
 */
export async function readChunks(
  file: LogFile,
  sink: ChunkSink,
  signal?: AbortSignal,
  chunkBytes = CHUNK_BYTES,
): Promise<number> {
  const asm = new ChunkAssembler(sink, chunkBytes);
  let total = 0;
  const fd = openLogFile(file.path);
  try {
    if (file.compressed) {
      const gunzip = createGunzip({ chunkSize: 1024 * 1024 });
      const pump = (async () => {
        const piece = Buffer.allocUnsafe(1024 * 1024);
        for (;;) {
          if (signal?.aborted) throw signal.reason ?? new Error('aborted');
          const n = readSync(fd, piece, 0, piece.length, null);
          if (n <= 0) break;
          if (!gunzip.write(Buffer.from(piece.subarray(0, n)))) await new Promise((r) => gunzip.once('drain', r));
        }
        gunzip.end();
      })();
      pump.catch((err: unknown) => gunzip.destroy(err instanceof Error ? err : new Error(String(err))));
      try {
        for await (const data of gunzip as AsyncIterable<Buffer>) {
          if (asm.stopped) break;
          total += data.length;
          for (let offset = 0; offset < data.length;) {
            const take = Math.min(asm.size - asm.fill, data.length - offset);
            asm.area().set(data.subarray(offset, offset + take), asm.fill);
            offset += take;
            asm.added(take);
          }
        }
        await pump;
      } catch (err) {
        // What was decompressed before the break is still read; the error says where it broke.
        if (!asm.stopped) asm.flush(true);
        throw new Error(`gzip data broken after ${total} decompressed bytes: ${errorMessage(err)}`);
      }
    } else {
      let position = 0;
      let sinceYield = 0;
      for (;;) {
        if (signal?.aborted) throw signal.reason ?? new Error('aborted');
        const n = readSync(fd, asm.area(), asm.fill, asm.size - asm.fill, position);
        if (n <= 0 || asm.stopped) break;
        position += n;
        total += n;
        asm.added(n);
        sinceYield += n;
        if (sinceYield >= 64 * 1024 * 1024) {
          sinceYield = 0;
          await new Promise((r) => setImmediate(r));
        }
      }
    }
    if (!asm.stopped) asm.flush(true);
  } finally {
    closeSync(fd);
  }
  return total;
}

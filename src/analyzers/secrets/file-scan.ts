import { closeSync, readSync } from 'node:fs';
import {
  FileInputError,
  openRegularFile,
  problem,
  problemFromError,
  vanishedIfMissing,
  type FileProblem,
} from '../../clients/files.js';
import { WINDOW_BYTES, WINDOW_OVERLAP, isBinary, scanBytes, scanTextBytes, type BufferScan } from './buffer.js';
import { prefilterInput } from './prefilter.js';

/** One file to scan: its raw path on disk, its size when listed, and its name in results (relative, escaped). */
export interface FileTask {
  path: Uint8Array;
  size: number;
  file: string;
  /** Text files above this size are not scanned; binary files are recognised by their first window whatever their size. */
  maxBytes: number;
  /** The scanned root is this file: follow a symbolic link to it, as the walk did. */
  followLink?: boolean;
}

export interface FileOutcome extends BufferScan {
  kind: 'text' | 'binary' | 'not-scanned';
  /** Why the file was not scanned, named by its relative path. */
  problem?: FileProblem;
}

function countNewlines(buf: Uint8Array, from: number, to: number): number {
  let n = 0;
  for (let i = buf.indexOf(10, from); i !== -1 && i < to; i = buf.indexOf(10, i + 1)) n++;
  return n;
}

function readAt(fd: number, into: Uint8Array, length: number, position: number): number {
  let done = 0;
  while (done < length) {
    const n = readSync(fd, into, done, length - done, position + done);
    if (n <= 0) break;
    done += n;
  }
  return done;
}

/**
 * Scans a large file through overlapping windows; a hit belongs to the window where it starts, away
 * from the edges. Text above `maxBytes` is not scanned: the first window tells.
 */
function scanLargeFile(fd: number, size: number, task: FileTask, out: BufferScan): 'text' | 'binary' | 'too-large' {
  const buf = Buffer.allocUnsafe(Math.min(WINDOW_BYTES, size));
  let start = 0;
  let baseLine = 1;
  const half = WINDOW_OVERLAP / 2;
  while (start < size) {
    const length = readAt(fd, buf, Math.min(buf.length, size - start), start);
    if (length <= 0) break;
    const window = buf.subarray(0, length);
    if (start === 0) {
      if (isBinary(window)) return 'binary';
      if (size > task.maxBytes) return 'too-large';
    }
    const last = start + length >= size;
    const acceptFrom = start === 0 ? 0 : half;
    const acceptTo = last ? Infinity : length - half;
    scanTextBytes(window, task.file, { acceptFrom, acceptTo, baseLine }, out);
    if (last) break;
    const advance = length - WINDOW_OVERLAP;
    baseLine += countNewlines(window, 0, advance);
    start += advance;
  }
  return 'text';
}

/** Reads a whole file straight into the prefilter's input area, saving a copy of every byte. */
function readWhole(fd: number, size: number): Uint8Array {
  const into = prefilterInput(size);
  return into.subarray(0, readAt(fd, into, size, 0));
}

/** The problem named by the file's path relative to the scanned root, as findings are. */
function notScanned(task: FileTask, p: FileProblem): FileOutcome {
  return { kind: 'not-scanned', findings: [], encrypted: [], problem: problem(task.file, p.reason, p.detail) };
}

/** Scans one file on disk, in this thread or in a pool worker; what cannot be read becomes a named problem. */
export function scanFile(task: FileTask): FileOutcome {
  const out: BufferScan = { findings: [], encrypted: [] };
  const path = Buffer.from(task.path.buffer, task.path.byteOffset, task.path.byteLength);
  let fd: number;
  let size: number;
  try {
    ({ fd, size } = openRegularFile(path, { followSymlinks: task.followLink ?? false }));
  } catch (err) {
    return notScanned(
      task,
      err instanceof FileInputError ? vanishedIfMissing(err.problem) : problemFromError(task.file, err),
    );
  }
  try {
    const kind =
      size > WINDOW_BYTES || size > task.maxBytes
        ? scanLargeFile(fd, size, task, out)
        : scanBytes(readWhole(fd, size), task.file, out);
    if (kind === 'too-large')
      return notScanned(
        task,
        problem(task.file, 'too-large', `${size} bytes of text, above the ${task.maxBytes}-byte limit; not scanned`),
      );
    return { kind, ...out };
  } catch (err) {
    return notScanned(task, problemFromError(task.file, err));
  } finally {
    closeSync(fd);
  }
}

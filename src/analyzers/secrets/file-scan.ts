import { closeSync, openSync, readSync } from 'node:fs';
import { errorMessage } from '../../errors.js';
import { WINDOW_BYTES, WINDOW_OVERLAP, isBinary, scanBytes, scanTextBytes, type BufferScan } from './buffer.js';
import { prefilterInput } from './prefilter.js';

/** One file to scan: its path on disk, its size, and its name in results (relative, POSIX). */
export interface FileTask {
  path: string;
  size: number;
  file: string;
}

export interface FileOutcome extends BufferScan {
  kind: 'text' | 'binary' | 'unreadable';
  warning?: string;
}

function countNewlines(buf: Uint8Array, from: number, to: number): number {
  let n = 0;
  for (let i = buf.indexOf(10, from); i !== -1 && i < to; i = buf.indexOf(10, i + 1)) n++;
  return n;
}

/** Scans a large file through overlapping windows; a hit belongs to the window where it starts, away from the edges. */
function scanLargeFile(path: string, size: number, file: string, out: BufferScan): 'text' | 'binary' {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(WINDOW_BYTES);
    let start = 0;
    let baseLine = 1;
    const half = WINDOW_OVERLAP / 2;
    while (start < size) {
      const length = readSync(fd, buf, 0, Math.min(WINDOW_BYTES, size - start), start);
      if (length <= 0) break;
      const window = buf.subarray(0, length);
      if (start === 0 && isBinary(window)) return 'binary';
      const last = start + length >= size;
      const acceptFrom = start === 0 ? 0 : half;
      const acceptTo = last ? Infinity : length - half;
      scanTextBytes(window, file, { acceptFrom, acceptTo, baseLine }, out);
      if (last) break;
      const advance = length - WINDOW_OVERLAP;
      baseLine += countNewlines(window, 0, advance);
      start += advance;
    }
    return 'text';
  } finally {
    closeSync(fd);
  }
}

/** Reads a whole file straight into the prefilter's input area, saving a copy of every byte. */
function readWhole(path: string, size: number): Uint8Array {
  const into = prefilterInput(size);
  const fd = openSync(path, 'r');
  try {
    let length = 0;
    while (length < size) {
      const read = readSync(fd, into, length, size - length, length);
      if (read <= 0) break;
      length += read;
    }
    return into.subarray(0, length);
  } finally {
    closeSync(fd);
  }
}

/** Scans one file on disk, in this thread or in a pool worker; a read error becomes a warning. */
export function scanFile(task: FileTask): FileOutcome {
  const out: BufferScan = { findings: [], encrypted: [] };
  try {
    const kind =
      task.size > WINDOW_BYTES
        ? scanLargeFile(task.path, task.size, task.file, out)
        : scanBytes(readWhole(task.path, task.size), task.file, out);
    return { kind, ...out };
  } catch (err) {
    return { kind: 'unreadable', findings: [], encrypted: [], warning: `${task.file}: ${errorMessage(err)}` };
  }
}

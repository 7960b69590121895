import { closeSync, lstatSync, openSync, readdirSync, readFileSync, readSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { InputError, errorMessage } from '../../errors.js';
import { WINDOW_BYTES, WINDOW_OVERLAP, isBinary, scanBytes, scanTextBytes, type BufferScan } from './buffer.js';
import { scanGitHistory } from './git.js';
import type { ScanOptions, ScanResult, ScanStats } from './types.js';

export const DEFAULT_EXCLUDED_DIRS = ['.git', '.hg', '.svn', 'node_modules'];
export const DEFAULT_MAX_FILE_BYTES = 512 * 1024 * 1024;

const YIELD_EVERY_MS = 50;

function emptyStats(): ScanStats {
  return { files: 0, bytes: 0, skippedBinary: 0, skippedLarge: 0, skippedSymlinks: 0, unreadable: 0, gitBlobs: 0, gitBytes: 0, durationMs: 0 };
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

function toPosix(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}

/**
 * Scans a file or a directory tree (never following symbolic links) and, with `git`, every blob in
 * the repository's history. Results carry masked previews only; the secrets never leave this module.
 */
export async function scanSecrets(root: string, options: ScanOptions = {}): Promise<ScanResult> {
  const started = Date.now();
  const stats = emptyStats();
  const out: BufferScan = { findings: [], encrypted: [] };
  const warnings: string[] = [];
  const excluded = new Set(options.excludeDirs ?? DEFAULT_EXCLUDED_DIRS);
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  let rootStat;
  try {
    rootStat = lstatSync(root);
  } catch (err) {
    throw new InputError(`secrets: cannot read ${root}: ${errorMessage(err)}`);
  }
  if (!rootStat.isDirectory() && !rootStat.isFile()) throw new InputError(`secrets: ${root} is neither a file nor a directory`);

  let lastYield = Date.now();
  const pause = async () => {
    if (Date.now() - lastYield < YIELD_EVERY_MS) return;
    options.signal?.throwIfAborted();
    options.onProgress?.(`secrets: ${stats.files} files, ${(stats.bytes / 1e6).toFixed(1)} MB`);
    await new Promise((r) => setImmediate(r));
    lastYield = Date.now();
  };

  const scanFile = (path: string, size: number, file: string) => {
    if (size > maxFileBytes) {
      stats.skippedLarge++;
      warnings.push(`${file}: ${size} bytes exceeds the ${maxFileBytes}-byte limit, not scanned`);
      return;
    }
    try {
      const kind = size > WINDOW_BYTES ? scanLargeFile(path, size, file, out) : scanBytes(readFileSync(path), file, out);
      stats.files++;
      stats.bytes += size;
      if (kind === 'binary') stats.skippedBinary++;
    } catch (err) {
      stats.unreadable++;
      warnings.push(`${file}: ${errorMessage(err)}`);
    }
  };

  if (rootStat.isFile()) {
    scanFile(root, rootStat.size, toPosix(root));
  } else {
    const stack = [root];
    while (stack.length) {
      const dir = stack.pop()!;
      let entries;
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch (err) {
        stats.unreadable++;
        warnings.push(`${toPosix(relative(root, dir)) || '.'}: ${errorMessage(err)}`);
        continue;
      }
      for (const entry of entries) {
        const path = join(dir, entry.name);
        if (entry.isSymbolicLink()) stats.skippedSymlinks++;
        else if (entry.isDirectory()) {
          if (!excluded.has(entry.name)) stack.push(path);
        } else if (entry.isFile()) {
          let size: number;
          try {
            size = lstatSync(path).size;
          } catch (err) {
            stats.unreadable++;
            warnings.push(`${toPosix(relative(root, path))}: ${errorMessage(err)}`);
            continue;
          }
          scanFile(path, size, toPosix(relative(root, path)));
          await pause();
        }
      }
    }
  }

  if (options.git) {
    const history = await scanGitHistory(rootStat.isFile() ? join(root, '..') : root, {
      maxBlobBytes: Math.min(maxFileBytes, WINDOW_BYTES),
      maxBlobs: options.maxGitBlobs ?? 200_000,
      signal: options.signal,
      onProgress: options.onProgress,
    });
    stats.gitBlobs = history.blobs;
    stats.gitBytes = history.bytes;
    warnings.push(...history.warnings);
    const seen = new Set(out.findings.map((f) => `${f.fingerprint}\0${f.file}`));
    for (const f of history.findings) {
      if (!seen.has(`${f.fingerprint}\0${f.file}`)) {
        seen.add(`${f.fingerprint}\0${f.file}`);
        out.findings.push(f);
      }
    }
    out.encrypted.push(...history.encrypted);
  }

  stats.durationMs = Date.now() - started;
  return { root, findings: out.findings, encrypted: out.encrypted, stats, warnings };
}

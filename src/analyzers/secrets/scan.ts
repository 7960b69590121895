import { lstatSync, readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, relative, sep } from 'node:path';
import { InputError, errorMessage } from '../../errors.js';
import { WINDOW_BYTES, type BufferScan } from './buffer.js';
import { scanFile, type FileOutcome, type FileTask } from './file-scan.js';
import { scanGitHistory } from './git.js';
import { POOL_MIN_BYTES, scanFilesInPool } from './pool.js';
import type { ScanOptions, ScanResult, ScanStats } from './types.js';

export const DEFAULT_EXCLUDED_DIRS = ['.git', '.hg', '.svn', 'node_modules'];
export const DEFAULT_MAX_FILE_BYTES = 512 * 1024 * 1024;

const YIELD_EVERY_MS = 50;

function emptyStats(): ScanStats {
  return {
    files: 0,
    bytes: 0,
    skippedBinary: 0,
    skippedLarge: 0,
    skippedSymlinks: 0,
    unreadable: 0,
    gitBlobs: 0,
    gitBytes: 0,
    durationMs: 0,
  };
}

function toPosix(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}

interface Walk {
  tasks: FileTask[];
  bytes: number;
}

/** Lists the files to scan (never following symbolic links), counting what is skipped on the way. */
function walk(
  root: string,
  rootIsFile: boolean,
  rootSize: number,
  options: ScanOptions,
  stats: ScanStats,
  warnings: string[],
): Walk {
  const excluded = new Set(options.excludeDirs ?? DEFAULT_EXCLUDED_DIRS);
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const result: Walk = { tasks: [], bytes: 0 };
  const add = (path: string, size: number, file: string) => {
    if (size > maxFileBytes) {
      stats.skippedLarge++;
      warnings.push(`${file}: ${size} bytes exceeds the ${maxFileBytes}-byte limit, not scanned`);
      return;
    }
    result.tasks.push({ path, size, file });
    result.bytes += size;
  };
  if (rootIsFile) {
    add(root, rootSize, toPosix(root));
    return result;
  }
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
        try {
          add(path, lstatSync(path).size, toPosix(relative(root, path)));
        } catch (err) {
          stats.unreadable++;
          warnings.push(`${toPosix(relative(root, path))}: ${errorMessage(err)}`);
        }
      }
    }
  }
  return result;
}

function workerCount(options: ScanOptions, bytes: number): number {
  if (options.workers !== undefined) return options.workers;
  return bytes >= POOL_MIN_BYTES ? availableParallelism() : 1;
}

/**
 * Scans a file or a directory tree (never following symbolic links) and, with `git`, every blob in
 * the repository's history. Large trees are scanned by a pool of worker threads. Results carry
 * masked previews only; the secrets never leave this module.
 */
export async function scanSecrets(root: string, options: ScanOptions = {}): Promise<ScanResult> {
  const started = Date.now();
  const stats = emptyStats();
  const out: BufferScan = { findings: [], encrypted: [] };
  const warnings: string[] = [];
  let rootStat;
  try {
    rootStat = lstatSync(root);
  } catch (err) {
    throw new InputError(`secrets: cannot read ${root}: ${errorMessage(err)}`);
  }
  if (!rootStat.isDirectory() && !rootStat.isFile())
    throw new InputError(`secrets: ${root} is neither a file nor a directory`);

  const { tasks, bytes } = walk(root, rootStat.isFile(), rootStat.size, options, stats, warnings);
  let scannedBytes = 0;
  let lastProgress = Date.now();
  const progress = (task: FileTask) => {
    scannedBytes += task.size;
    if (Date.now() - lastProgress < YIELD_EVERY_MS) return;
    lastProgress = Date.now();
    options.onProgress?.(`secrets: ${(scannedBytes / 1e6).toFixed(1)} of ${(bytes / 1e6).toFixed(1)} MB`);
  };
  const workers = workerCount(options, bytes);
  let outcomes: FileOutcome[];
  if (workers > 1) {
    outcomes = await scanFilesInPool(tasks, { workers, signal: options.signal, onOutcome: progress });
  } else {
    outcomes = [];
    let lastYield = Date.now();
    for (const task of tasks) {
      outcomes.push(scanFile(task));
      progress(task);
      if (Date.now() - lastYield >= YIELD_EVERY_MS) {
        options.signal?.throwIfAborted();
        await new Promise((r) => setImmediate(r));
        lastYield = Date.now();
      }
    }
  }
  for (let i = 0; i < tasks.length; i++) {
    const outcome = outcomes[i];
    if (outcome.kind === 'unreadable') {
      stats.unreadable++;
      warnings.push(outcome.warning!);
      continue;
    }
    stats.files++;
    stats.bytes += tasks[i].size;
    if (outcome.kind === 'binary') stats.skippedBinary++;
    out.findings.push(...outcome.findings);
    out.encrypted.push(...outcome.encrypted);
  }

  if (options.git) {
    const history = await scanGitHistory(rootStat.isFile() ? join(root, '..') : root, {
      maxBlobBytes: Math.min(options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES, WINDOW_BYTES),
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

import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { FileInputError, walkFiles, type FileProblem, type WalkResult } from '../../clients/files.js';
import { InputError } from '../../errors.js';
import { WINDOW_BYTES, type BufferScan } from './buffer.js';
import { scanFile, type FileOutcome, type FileTask } from './file-scan.js';
import { scanGitHistory } from './git.js';
import { POOL_MIN_BYTES, scanFilesInPool } from './pool.js';
import type { ScanOptions, ScanResult, ScanStats } from './types.js';

export const DEFAULT_EXCLUDED_DIRS = ['.git', '.hg', '.svn', 'node_modules'];
export const DEFAULT_MAX_FILE_BYTES = 512 * 1024 * 1024;

const YIELD_EVERY_MS = 50;

function workerCount(options: ScanOptions, bytes: number): number {
  if (options.workers !== undefined) return options.workers;
  return bytes >= POOL_MIN_BYTES ? availableParallelism() : 1;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Why a scan saw nothing at all, for the error that replaces a clean verdict. */
function nothingScanned(root: string, walk: WalkResult, problems: FileProblem[]): InputError {
  if (problems.length) {
    const named = problems.slice(0, 3).map((p) => p.message);
    if (problems.length > 3) named.push(`${problems.length - 3} more`);
    return new InputError(`secrets: nothing under ${root} could be scanned: ${named.join('; ')}`);
  }
  const count = (reason: string) => walk.skipped.filter((s) => s.reason === reason).length;
  const skipped = [
    count('symlink') && plural(count('symlink'), 'symbolic link not followed', 'symbolic links not followed'),
    count('excluded') && plural(count('excluded'), 'excluded folder', 'excluded folders'),
    count('special-file') && plural(count('special-file'), 'FIFO, socket or device', 'FIFOs, sockets or devices'),
  ].filter(Boolean);
  return new InputError(`secrets: ${root}: no file to scan${skipped.length ? ` (${skipped.join(', ')})` : ''}`);
}

/**
 * Scans a file or a directory tree (never following symbolic links below the root) and, with `git`,
 * every blob in the repository's history. Large trees are scanned by a pool of worker threads.
 * Results carry masked previews only; the secrets never leave this module. Fails closed: a root
 * that cannot be read, or a scan that read nothing, throws an InputError naming the path; every
 * input that could not be scanned is a named problem and marks the result incomplete.
 */
export async function scanSecrets(root: string, options: ScanOptions = {}): Promise<ScanResult> {
  const started = Date.now();
  let walk: WalkResult;
  try {
    walk = await walkFiles(root, {
      excludeNames: options.excludeDirs ?? DEFAULT_EXCLUDED_DIRS,
      maxEntries: options.maxEntries,
      signal: options.signal,
    });
  } catch (err) {
    if (err instanceof FileInputError) throw new InputError(`secrets: ${err.message}`);
    throw err;
  }
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const tasks: FileTask[] = walk.files.map((f) => ({
    path: f.path,
    size: f.size,
    file: f.relative,
    maxBytes,
    ...(walk.rootIsFile ? { followLink: true } : {}),
  }));
  const bytes = tasks.reduce((sum, t) => sum + Math.min(t.size, maxBytes), 0);
  const stats: ScanStats = {
    files: 0,
    bytes: 0,
    skippedBinary: 0,
    skippedSymlinks: walk.skipped.filter((s) => s.reason === 'symlink').length,
    skippedSpecial: walk.skipped.filter((s) => s.reason === 'special-file').length,
    notScanned: 0,
    gitBlobs: 0,
    gitBytes: 0,
    durationMs: 0,
  };
  const problems = [...walk.problems];
  const out: BufferScan = { findings: [], encrypted: [] };

  let scannedBytes = 0;
  let lastProgress = Date.now();
  const progress = (task: FileTask) => {
    scannedBytes += Math.min(task.size, maxBytes);
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
    if (outcome.kind === 'not-scanned') {
      problems.push(outcome.problem!);
      continue;
    }
    stats.files++;
    stats.bytes += tasks[i].size;
    if (outcome.kind === 'binary') stats.skippedBinary++;
    out.findings.push(...outcome.findings);
    out.encrypted.push(...outcome.encrypted);
  }

  if (options.git) {
    const history = await scanGitHistory(walk.rootIsFile ? join(root, '..') : root, {
      maxBlobBytes: Math.min(maxBytes, WINDOW_BYTES),
      maxBlobs: options.maxGitBlobs ?? 200_000,
      signal: options.signal,
      onProgress: options.onProgress,
    });
    stats.gitBlobs = history.blobs;
    stats.gitBytes = history.bytes;
    problems.push(...history.problems);
    const seen = new Set(out.findings.map((f) => `${f.fingerprint}\0${f.file}`));
    for (const f of history.findings) {
      if (!seen.has(`${f.fingerprint}\0${f.file}`)) {
        seen.add(`${f.fingerprint}\0${f.file}`);
        out.findings.push(f);
      }
    }
    out.encrypted.push(...history.encrypted);
  }

  if (stats.files + stats.gitBlobs === 0) throw nothingScanned(walk.root, walk, problems);
  stats.notScanned = problems.length;
  stats.durationMs = Date.now() - started;
  return {
    root,
    findings: out.findings,
    encrypted: out.encrypted,
    stats,
    complete: problems.length === 0,
    problems,
    skipped: walk.skipped,
  };
}

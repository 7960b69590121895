import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { displayPath, problem, type FileProblem } from '../../clients/files.js';
import { InputError, errorMessage } from '../../errors.js';
import { WINDOW_BYTES, scanBytes, type BufferScan } from './buffer.js';
import type { EncryptedKeyRecord, SecretFinding } from './types.js';

const run = promisify(execFile);

/**
 * Only plumbing commands that read objects are used (rev-list, cat-file, log --find-object): none
 * runs hooks, filters, textconv or fsmonitor, so nothing from the repository is ever executed.
 */
const GIT_ENV = {
  ...process.env,
  GIT_TERMINAL_PROMPT: '0',
  GIT_OPTIONAL_LOCKS: '0',
  GIT_NO_REPLACE_OBJECTS: '1',
  GIT_PAGER: 'cat',
};
const SAFE_CONFIG = ['-c', 'core.fsmonitor=false', '-c', 'core.hooksPath=/dev/null', '-c', 'diff.external='];
const COMMAND_TIMEOUT_MS = 60_000;
const MAX_ATTRIBUTIONS = 200;

async function git(cwd: string, args: string[], timeout = COMMAND_TIMEOUT_MS): Promise<string> {
  return (await gitBytes(cwd, args, timeout)).toString('utf8');
}

/** Output as raw bytes: path names in git are bytes, not necessarily UTF-8. */
async function gitBytes(cwd: string, args: string[], timeout = COMMAND_TIMEOUT_MS): Promise<Buffer> {
  const { stdout } = await run('git', [...SAFE_CONFIG, ...args], {
    cwd,
    env: GIT_ENV,
    timeout,
    maxBuffer: 256 * 1024 * 1024,
    encoding: 'buffer',
  });
  return stdout;
}

export interface HistoryScan extends BufferScan {
  blobs: number;
  bytes: number;
  /** History that was not scanned (blob limits), named. */
  problems: FileProblem[];
}

export interface HistoryOptions {
  maxBlobBytes?: number;
  maxBlobs: number;
  signal?: AbortSignal;
  onProgress?(text: string): void;
}

/** Streams `git cat-file --batch` output and hands each object's bytes to `onBlob`. */
function readBlobs(
  cwd: string,
  ids: string[],
  signal: AbortSignal | undefined,
  onBlob: (id: string, data: Buffer) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', [...SAFE_CONFIG, 'cat-file', '--batch'], {
      cwd,
      env: GIT_ENV,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let pending: Buffer = Buffer.alloc(0);
    let need: { id: string; size: number } | undefined;
    let stderr = '';
    const abort = () => child.kill('SIGTERM');
    signal?.addEventListener('abort', abort, { once: true });
    child.stdout.on('data', (chunk: Buffer) => {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      for (;;) {
        if (!need) {
          const nl = pending.indexOf(10);
          if (nl === -1) break;
          const [id, type, size] = pending.subarray(0, nl).toString('latin1').split(' ');
          pending = pending.subarray(nl + 1);
          if (type === 'missing' || size === undefined) continue;
          need = { id, size: Number(size) };
        }
        if (pending.length < need.size + 1) break;
        onBlob(need.id, pending.subarray(0, need.size));
        pending = pending.subarray(need.size + 1);
        need = undefined;
      }
    });
    child.stderr.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-2000)));
    child.on('error', reject);
    child.on('close', (code) => {
      signal?.removeEventListener('abort', abort);
      if (signal?.aborted) reject(signal.reason);
      else if (code !== 0) reject(new Error(`git cat-file exited with ${code}: ${stderr.trim()}`));
      else resolve();
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(ids.join('\n') + '\n');
  });
}

/** The oldest commit that introduced the blob, found with `git log --find-object`. */
async function introducingCommit(cwd: string, blob: string): Promise<string | undefined> {
  const out = await git(cwd, ['log', '--all', '--reverse', '--format=%H', `--find-object=${blob}`], 30_000);
  return out.split('\n').find(Boolean);
}

/**
 * Scans every distinct blob reachable from any ref once, through `git cat-file --batch`. Paths are
 * the first path git lists for the blob, relative to the scanned folder; blobs outside it are skipped.
 */
export async function scanGitHistory(dir: string, options: HistoryOptions): Promise<HistoryScan> {
  const maxBlobBytes = options.maxBlobBytes ?? WINDOW_BYTES;
  let prefix: string;
  try {
    prefix = (await git(dir, ['rev-parse', '--show-prefix'], 10_000)).trim();
  } catch (err) {
    throw new InputError(
      `secrets --git: ${dir} is not inside a readable git repository (${errorMessage(err).split('\n')[0]})`,
    );
  }
  const result: HistoryScan = { findings: [], encrypted: [], blobs: 0, bytes: 0, problems: [] };
  const rawPrefix = Buffer.from(prefix);
  const listing = await gitBytes(dir, [
    'rev-list',
    '--objects',
    '--all',
    '--filter=object:type=blob',
    '--filter-provided-objects',
  ]);
  const pathOf = new Map<string, string>();
  // One line per blob: "<object id> <path>", the path in raw bytes.
  for (let from = 0, end = 0; from < listing.length; from = end + 1) {
    end = listing.indexOf(10, from);
    if (end === -1) end = listing.length;
    const space = listing.indexOf(32, from);
    if (space === -1 || space > end || (space - from !== 40 && space - from !== 64)) continue;
    const id = listing.toString('latin1', from, space);
    const path = listing.subarray(space + 1, end);
    if (!path.subarray(0, rawPrefix.length).equals(rawPrefix)) continue;
    if (!pathOf.has(id)) pathOf.set(id, displayPath(path.subarray(rawPrefix.length)));
  }
  let ids = [...pathOf.keys()];
  if (ids.length > options.maxBlobs) {
    result.problems.push(
      problem('git history', 'too-many-entries', `${ids.length} blobs, only the first ${options.maxBlobs} scanned`),
    );
    ids = ids.slice(0, options.maxBlobs);
  }
  const sizeChecked = await batchCheck(dir, ids);
  const wanted = ids.filter((id) => {
    const size = sizeChecked.get(id) ?? Infinity;
    if (size > maxBlobBytes) {
      result.problems.push(
        problem(
          `${pathOf.get(id)} (git blob ${id.slice(0, 12)})`,
          'too-large',
          `${size} bytes, above the ${maxBlobBytes}-byte limit for history blobs; not scanned`,
        ),
      );
      return false;
    }
    return true;
  });
  const blobFindings = new Map<string, SecretFinding[]>();
  const blobEncrypted = new Map<string, EncryptedKeyRecord[]>();
  let lastProgress = Date.now();
  await readBlobs(dir, wanted, options.signal, (id, data) => {
    const out: BufferScan = { findings: [], encrypted: [] };
    scanBytes(data, pathOf.get(id)!, out);
    result.blobs++;
    result.bytes += data.length;
    if (out.findings.length) blobFindings.set(id, out.findings);
    if (out.encrypted.length) blobEncrypted.set(id, out.encrypted);
    if (Date.now() - lastProgress > 1000) {
      lastProgress = Date.now();
      options.onProgress?.(`secrets --git: ${result.blobs}/${wanted.length} blobs`);
    }
  });
  let attributed = 0;
  for (const [id, findings] of blobFindings) {
    let commit: string | undefined;
    if (attributed++ < MAX_ATTRIBUTIONS) commit = await introducingCommit(dir, id).catch(() => undefined);
    for (const f of findings) result.findings.push({ ...f, commit: commit ?? `blob:${id}` });
  }
  for (const records of blobEncrypted.values()) result.encrypted.push(...records);
  return result;
}

function batchCheck(cwd: string, ids: string[]): Promise<Map<string, number>> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', [...SAFE_CONFIG, 'cat-file', '--batch-check=%(objectname) %(objectsize)'], {
      cwd,
      env: GIT_ENV,
    });
    let out = '';
    const timer = setTimeout(() => child.kill('SIGTERM'), COMMAND_TIMEOUT_MS);
    child.stdout.on('data', (c: Buffer) => (out += c.toString('latin1')));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code !== 0) return reject(new Error(`git cat-file --batch-check exited with ${code}`));
      const sizes = new Map<string, number>();
      for (const line of out.split('\n')) {
        const [id, size] = line.split(' ');
        if (id && size && /^\d+$/.test(size)) sizes.set(id, Number(size));
      }
      resolve(sizes);
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(ids.join('\n') + '\n');
  });
}

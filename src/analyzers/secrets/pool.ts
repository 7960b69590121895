import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { FileOutcome, FileTask } from './file-scan.js';

/** A batch is sent to a worker as one message; small enough to keep every worker busy to the end. */
const BATCH_BYTES = 4 * 1024 * 1024;
const BATCH_FILES = 64;
/** Below this much data, starting workers costs more than it saves. */
export const POOL_MIN_BYTES = 32 * 1024 * 1024;

function startWorker(): Worker {
  const ext = extname(fileURLToPath(import.meta.url));
  const url = new URL(`./scan-worker${ext}`, import.meta.url);
  // Run from the TypeScript sources (as the tests do), the worker loads them the same way, through tsx.
  if (ext === '.ts')
    return new Worker(
      `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(url.href)}); })`,
      { eval: true },
    );
  return new Worker(url);
}

function batchesOf(tasks: FileTask[]): { from: number; to: number }[] {
  const batches: { from: number; to: number }[] = [];
  let from = 0;
  let bytes = 0;
  for (let i = 0; i < tasks.length; i++) {
    bytes += tasks[i].size;
    if (bytes >= BATCH_BYTES || i + 1 - from >= BATCH_FILES || i === tasks.length - 1) {
      batches.push({ from, to: i + 1 });
      from = i + 1;
      bytes = 0;
    }
  }
  return batches;
}

export interface PoolOptions {
  workers: number;
  signal?: AbortSignal;
  onOutcome?(task: FileTask): void;
}

/** Scans files in worker threads; outcomes come back in the order of `tasks`. */
export function scanFilesInPool(tasks: FileTask[], options: PoolOptions): Promise<FileOutcome[]> {
  const batches = batchesOf(tasks);
  const outcomes = new Array<FileOutcome>(tasks.length);
  const pool = Array.from({ length: Math.max(1, Math.min(options.workers, batches.length)) }, startWorker);
  return new Promise((resolve, reject) => {
    let next = 0;
    let busy = 0;
    let settled = false;
    const finish = (err?: unknown) => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      for (const w of pool) void w.terminate();
      if (err) reject(err);
      else resolve(outcomes);
    };
    const onAbort = () => finish(options.signal!.reason);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const feed = (worker: Worker) => {
      if (next >= batches.length) {
        if (busy === 0) finish();
        return;
      }
      const batch = batches[next++];
      busy++;
      worker.once('message', (results: FileOutcome[]) => {
        busy--;
        for (let i = 0; i < results.length; i++) {
          outcomes[batch.from + i] = results[i];
          options.onOutcome?.(tasks[batch.from + i]);
        }
        feed(worker);
      });
      // Paths are copied out of the shared pool buffers they may be views of: a view is sent with its whole buffer.
      worker.postMessage(tasks.slice(batch.from, batch.to).map((t) => ({ ...t, path: new Uint8Array(t.path) })));
    };
    for (const worker of pool) {
      worker.on('error', (err) => finish(new Error(`secrets: scanner worker failed: ${err.message}`)));
      worker.on('exit', (code) => {
        if (!settled) finish(new Error(`secrets: scanner worker exited with code ${code}`));
      });
      feed(worker);
    }
  });
}

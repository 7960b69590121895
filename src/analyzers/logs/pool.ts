import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { errorMessage } from '../../errors.js';
import type { LogFile } from './read.js';
import type { LogScanOptions, LogSummary } from './scan.js';

/** What a worker is sent: one rotation group to scan, oldest file first. */
export interface GroupTask {
  files: LogFile[];
  errorRules: LogScanOptions['errorRules'];
  format?: string;
}

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

export function unreadSummary(files: LogFile[], reason: string): LogSummary {
  return {
    files: [],
    unread: files.map((f) => ({ path: f.path, reason, bytes: f.size })),
    records: 0,
    timestamped: 0,
    untimestampedExamples: [],
    nodeFiles: 0,
    errors: new Map(),
    authFailures: new Map(),
    authUntracked: 0,
    crashes: new Map(),
    secrets: [],
    secretCount: 0,
  };
}

/**
 * Scans rotation groups in worker threads, largest first; summaries come back in the order of
 * `groups`. A stopped scan or a failed worker leaves the groups it did not finish listed as unread.
 */
export function scanGroupsInPool(
  groups: LogFile[][],
  options: Pick<LogScanOptions, 'errorRules' | 'format' | 'signal'>,
  workers: number,
): Promise<LogSummary[]> {
  const results = new Array<LogSummary | undefined>(groups.length);
  const order = groups.map((_, i) => i).sort((a, b) => size(groups[b]) - size(groups[a]));
  const pool = Array.from({ length: workers }, startWorker);
  return new Promise((resolve) => {
    let next = 0;
    let busy = 0;
    let settled = false;
    const finish = (reason?: string) => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      for (const w of pool) void w.terminate();
      resolve(results.map((r, i) => r ?? unreadSummary(groups[i], reason ?? 'not scanned')));
    };
    const onAbort = () => finish('the scan was stopped before this file');
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const feed = (worker: Worker) => {
      if (next >= order.length) {
        if (busy === 0) finish();
        return;
      }
      const index = order[next++];
      busy++;
      worker.once('message', (summary: LogSummary) => {
        busy--;
        results[index] = summary;
        feed(worker);
      });
      const task: GroupTask = { files: groups[index], errorRules: options.errorRules, format: options.format };
      worker.postMessage(task);
    };
    for (const worker of pool) {
      worker.on('error', (err) => finish(`log scanner worker failed: ${errorMessage(err)}`));
      worker.on('exit', (code) => {
        if (!settled) finish(`log scanner worker exited with code ${code}`);
      });
      feed(worker);
    }
  });
}

function size(files: LogFile[]): number {
  return files.reduce((n, f) => n + f.size, 0);
}

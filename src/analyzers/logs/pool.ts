import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { errorMessage } from '../../errors.js';
import type { CompiledAnchors } from './prefilter.js';
import type { LogFile } from './read.js';
import type { LogScanOptions, LogSummary } from './scan.js';

/** What a worker is sent: one rotation group to scan, oldest file first. */
export interface GroupTask {
  files: LogFile[];
  errorRules: LogScanOptions['errorRules'];
  format?: string;
  /** The anchor automaton, built once by the caller. */
  anchors: CompiledAnchors;
}

function startWorker(): Worker {
  const ext = extname(fileURLToPath(import.meta.url));
  const url = new URL(`./scan-worker${ext}`, import.meta.url);
  // Run from the TypeScript sources (as the tests do), the worker loads them the same way, through tsx.
  const worker =
    ext === '.ts'
      ? new Worker(`import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(url.href)}); })`, {
          eval: true,
        })
      : new Worker(url);
  // Idle workers never keep the process alive.
  worker.unref();
  return worker;
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

interface Job {
  task: GroupTask;
  done(summary: LogSummary): void;
}

/**
 * Worker threads kept for the life of the process: a worker warms up (loads the modules, compiles
 * the hot code) once, not once per scan. Jobs from any number of scans share them.
 */
class Pool {
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, Job>();
  private readonly queue: Job[] = [];
  private size = 0;

  grow(to: number): void {
    while (this.size < to) {
      this.size++;
      this.release(this.spawn());
    }
  }

  private spawn(): Worker {
    const worker = startWorker();
    const lost = (reason: string) => {
      const job = this.busy.get(worker);
      this.busy.delete(worker);
      const i = this.idle.indexOf(worker);
      if (i >= 0) this.idle.splice(i, 1);
      this.size--;
      job?.done(unreadSummary(job.task.files, reason));
      this.drain();
    };
    worker.on('message', (summary: LogSummary) => {
      const job = this.busy.get(worker);
      this.busy.delete(worker);
      this.release(worker);
      job?.done(summary);
    });
    worker.on('error', (err) => lost(`log scanner worker failed: ${errorMessage(err)}`));
    worker.on('exit', (code) => {
      if (this.busy.has(worker) || this.idle.includes(worker)) lost(`log scanner worker exited with code ${code}`);
    });
    return worker;
  }

  private release(worker: Worker): void {
    worker.unref();
    this.idle.push(worker);
    this.drain();
  }

  private drain(): void {
    while (this.idle.length && this.queue.length) {
      const worker = this.idle.pop()!;
      const job = this.queue.shift()!;
      this.busy.set(worker, job);
      // A worker holding a job keeps the process alive until it answers.
      worker.ref();
      worker.postMessage(job.task);
    }
  }

  run(task: GroupTask): Promise<LogSummary> {
    return new Promise((done) => {
      this.queue.push({ task, done });
      this.drain();
    });
  }

  /** Stops the workers running these jobs (a stopped scan); the pool starts new ones when needed. */
  cancel(jobs: Set<GroupTask>, reason: string): void {
    for (let i = this.queue.length - 1; i >= 0; i--) {
      if (!jobs.has(this.queue[i].task)) continue;
      const [job] = this.queue.splice(i, 1);
      job.done(unreadSummary(job.task.files, reason));
    }
    for (const [worker, job] of this.busy) {
      if (!jobs.has(job.task)) continue;
      this.busy.delete(worker);
      this.size--;
      void worker.terminate();
      job.done(unreadSummary(job.task.files, reason));
    }
  }
}

const pool = new Pool();

/**
 * Scans rotation groups in worker threads, largest first; summaries come back in the order of
 * `groups`. A stopped scan or a failed worker leaves the groups it did not finish listed as unread.
 */
export async function scanGroupsInPool(
  groups: LogFile[][],
  options: Pick<LogScanOptions, 'errorRules' | 'format' | 'signal'>,
  workers: number,
  anchors: CompiledAnchors,
): Promise<LogSummary[]> {
  pool.grow(workers);
  const tasks = groups.map((files) => ({ files, errorRules: options.errorRules, format: options.format, anchors }));
  const order = tasks.map((_, i) => i).sort((a, b) => size(groups[b]) - size(groups[a]));
  const running = new Set(tasks);
  const onAbort = () => pool.cancel(running, 'the scan was stopped before this file');
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const results = new Array<LogSummary>(tasks.length);
    await Promise.all(
      order.map(async (i) => {
        results[i] = await pool.run(tasks[i]);
        running.delete(tasks[i]);
      }),
    );
    return results;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
}

function size(files: LogFile[]): number {
  return files.reduce((n, f) => n + f.size, 0);
}

import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Cron } from 'croner';
import { better, defineQueue, type Queue } from 'plainjob';
import {
  DEAD_LETTER_DAYS,
  ENGINE_EXPIRY_SECONDS,
  type QueueEngine,
  type QueuedJob,
  type SendOptions,
} from './engine.js';

const RETRY_DELAY_MS = 5_000;

interface Payload {
  monitorJobId: string;
  /** 1 for the first attempt. */
  attempt: number;
  retries: number;
}

/**
 * Embedded mode: plainjob keeps the jobs in the `plainjob_jobs` table of `queue.db` beside
 * `server.db`, hands each to one taker at a time (an immediate transaction) and keeps failed ones
 * as dead letters; the server process runs them. A retry is a new job carrying its attempt number.
 */
export class SqliteQueueEngine implements QueueEngine {
  readonly kind = 'sqlite' as const;
  private queue?: Queue;
  private readonly crons: Cron[] = [];

  constructor(private readonly dataDir: string) {}

  async start(): Promise<void> {
    const db = new Database(join(this.dataDir, 'queue.db'), { timeout: 10_000 });
    db.pragma('journal_mode = WAL');
    this.queue = defineQueue({
      connection: better(db),
      timeout: ENGINE_EXPIRY_SECONDS * 1000,
      removeDoneJobsOlderThan: 86_400_000,
      removeFailedJobsOlderThan: DEAD_LETTER_DAYS * 86_400_000,
      logger: { error: () => undefined, warn: () => undefined, info: () => undefined, debug: () => undefined },
    });
  }

  async stop(): Promise<void> {
    for (const c of this.crons) c.stop();
    this.crons.length = 0;
    this.queue?.close();
    this.queue = undefined;
  }

  private get q(): Queue {
    if (!this.queue) throw new Error('the job queue is not started');
    return this.queue;
  }

  async send(queue: string, monitorJobId: string, opts: SendOptions): Promise<void> {
    const payload: Payload = { monitorJobId, attempt: 1, retries: opts.retries };
    this.q.add(queue, payload, { delay: opts.startAfter ? Math.max(0, opts.startAfter.getTime() - Date.now()) : 0 });
  }

  async fetch(queue: string): Promise<QueuedJob | null> {
    const taken = this.q.getAndMarkJobAsProcessing(queue);
    if (!taken) return null;
    const job = this.q.getJobById(taken.id);
    if (!job) return null;
    const payload = JSON.parse(job.data) as Payload;
    return { id: String(job.id), monitorJobId: payload.monitorJobId, handle: job.data };
  }

  async complete(_queue: string, job: QueuedJob): Promise<void> {
    this.q.markJobAsDone(Number(job.id));
  }

  async fail(queue: string, job: QueuedJob, reason: string): Promise<'retry' | 'dead'> {
    const payload = JSON.parse(job.handle) as Payload;
    this.q.markJobAsFailed(Number(job.id), reason);
    if (payload.attempt > payload.retries) return 'dead';
    this.q.add(queue, { ...payload, attempt: payload.attempt + 1 }, { delay: RETRY_DELAY_MS });
    return 'retry';
  }

  async everyMinute(_name: string, fn: () => Promise<void>): Promise<void> {
    this.crons.push(new Cron('* * * * *', { protect: true, catch: true }, fn));
  }
}

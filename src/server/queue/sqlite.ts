import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Cron } from 'croner';
import { buildDBClient, SqliteQueue } from 'liteque';
import { ENGINE_EXPIRY_SECONDS, type QueueEngine, type QueuedJob, type SendOptions } from './engine.js';

const RETRY_DELAY_MS = 5_000;

/**
 * Embedded mode: liteque keeps the jobs in a `tasks` table of `queue.db` beside `server.db`, and
 * the server process runs them. A dequeued job holds an allocation id until it is finalised; a
 * failed job with no runs left stays in the table as a dead letter.
 */
export class SqliteQueueEngine implements QueueEngine {
  readonly kind = 'sqlite' as const;
  private db?: ReturnType<typeof buildDBClient>;
  /** A plain connection to the same file, for what liteque has no call for (the runs a job has left). */
  private raw?: Database.Database;
  private readonly queues = new Map<string, SqliteQueue<{ monitorJobId: string }>>();
  private readonly crons: Cron[] = [];

  constructor(private readonly dataDir: string) {}

  async start(): Promise<void> {
    const file = join(this.dataDir, 'queue.db');
    this.db = buildDBClient(file, { runMigrations: true });
    this.raw = new Database(file, { timeout: 10_000 });
  }

  async stop(): Promise<void> {
    for (const c of this.crons) c.stop();
    this.crons.length = 0;
    this.raw?.close();
    this.raw = undefined;
    // liteque's own connection (drizzle keeps the better-sqlite3 handle on its session)
    (this.db as unknown as { session?: { client?: { close?(): void } } } | undefined)?.session?.client?.close?.();
    this.db = undefined;
  }

  private queue(name: string): SqliteQueue<{ monitorJobId: string }> {
    let q = this.queues.get(name);
    if (!q) {
      if (!this.db) throw new Error('the job queue is not started');
      q = new SqliteQueue(name, this.db, { defaultJobArgs: { numRetries: 0 }, keepFailedJobs: true });
      this.queues.set(name, q);
    }
    return q;
  }

  async send(queue: string, monitorJobId: string, opts: SendOptions): Promise<void> {
    await this.queue(queue).enqueue(
      { monitorJobId },
      {
        numRetries: opts.retries,
        idempotencyKey: monitorJobId,
        delayMs: opts.startAfter ? Math.max(0, opts.startAfter.getTime() - Date.now()) : undefined,
      },
    );
  }

  async fetch(queue: string): Promise<QueuedJob | null> {
    const job = await this.queue(queue).attemptDequeue({ timeoutSecs: ENGINE_EXPIRY_SECONDS });
    if (!job) return null;
    const payload = JSON.parse(job.payload) as { monitorJobId: string };
    return { id: String(job.id), monitorJobId: payload.monitorJobId, handle: job.allocationId };
  }

  async complete(queue: string, job: QueuedJob): Promise<void> {
    await this.queue(queue).finalize(Number(job.id), job.handle, 'completed');
  }

  async fail(queue: string, job: QueuedJob): Promise<'retry' | 'dead'> {
    const q = this.queue(queue);
    const row = this.raw!.prepare('SELECT numRunsLeft FROM tasks WHERE id = ? AND allocationId = ?').get(
      Number(job.id),
      job.handle,
    ) as { numRunsLeft: number } | undefined;
    const left = row?.numRunsLeft ?? 0;
    await q.finalize(
      Number(job.id),
      job.handle,
      left > 0 ? 'pending_retry' : 'failed',
      new Date(Date.now() + RETRY_DELAY_MS),
    );
    return left > 0 ? 'retry' : 'dead';
  }

  async everyMinute(_name: string, fn: () => Promise<void>): Promise<void> {
    this.crons.push(new Cron('* * * * *', { protect: true, catch: true }, fn));
  }
}

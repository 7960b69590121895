import { createHash } from 'node:crypto';
import PgBoss from 'pg-boss';
import {
  DEAD_LETTER_DAYS,
  ENGINE_EXPIRY_SECONDS,
  type QueueEngine,
  type QueuedJob,
  type SendOptions,
} from './engine.js';

const DEAD_LETTERS = 'chainaudit.dead';
const RETRY_DELAY_SECONDS = 5;

/** A job's pg-boss id from its monitoring job id, so sending it twice inserts it once. */
function jobUuid(monitorJobId: string): string {
  const h = createHash('sha256').update(monitorJobId).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * pg-boss on the server's PostgreSQL database (schema `pgboss`): every server replica and the
 * workers behind them share one queue. pg-boss keeps retries, the dead-letter queue, expiry and
 * the cron that runs maintenance on one replica a minute.
 */
export class PgBossQueueEngine implements QueueEngine {
  readonly kind = 'postgres' as const;
  private readonly boss: PgBoss;
  private readonly created = new Set<string>();
  private readonly onError: (err: Error) => void;

  constructor(connectionString: string, onError: (err: Error) => void = () => undefined) {
    this.onError = onError;
    this.boss = new PgBoss({
      connectionString,
      schema: 'pgboss',
      max: 4,
      application_name: 'chainaudit-queue',
      // Expired active jobs (a dead server's lease) are noticed within a minute.
      maintenanceIntervalSeconds: 60,
      monitorStateIntervalSeconds: 60,
      cronMonitorIntervalSeconds: 30,
      cronWorkerIntervalSeconds: 5,
    });
  }

  async start(): Promise<void> {
    this.boss.on('error', this.onError);
    await this.boss.start();
    await this.ensureQueue(DEAD_LETTERS, true);
  }

  async stop(): Promise<void> {
    await this.boss.stop({ graceful: false, close: true, wait: true, timeout: 5_000 });
    this.boss.off('error', this.onError);
  }

  private async ensureQueue(name: string, dead = false): Promise<void> {
    if (this.created.has(name)) return;
    await this.boss.createQueue(name, {
      name,
      policy: 'standard',
      retryLimit: 0,
      retryDelay: RETRY_DELAY_SECONDS,
      expireInSeconds: ENGINE_EXPIRY_SECONDS,
      retentionDays: DEAD_LETTER_DAYS,
      ...(dead ? {} : { deadLetter: DEAD_LETTERS }),
    });
    this.created.add(name);
  }

  async send(queue: string, monitorJobId: string, opts: SendOptions): Promise<void> {
    await this.ensureQueue(queue);
    await this.boss.send(
      queue,
      { monitorJobId },
      { id: jobUuid(monitorJobId), retryLimit: opts.retries, startAfter: opts.startAfter },
    );
  }

  async fetch(queue: string): Promise<QueuedJob | null> {
    await this.ensureQueue(queue);
    const [job] = await this.boss.fetch<{ monitorJobId: string }>(queue, { batchSize: 1 });
    return job ? { id: job.id, monitorJobId: job.data.monitorJobId, handle: '' } : null;
  }

  async complete(queue: string, job: QueuedJob): Promise<void> {
    await this.boss.complete(queue, job.id);
  }

  async fail(queue: string, job: QueuedJob, reason: string): Promise<'retry' | 'dead'> {
    await this.boss.fail(queue, job.id, { reason });
    const after = await this.boss.getJobById(queue, job.id);
    return after?.state === 'retry' ? 'retry' : 'dead';
  }

  async everyMinute(name: string, fn: () => Promise<void>): Promise<void> {
    await this.ensureQueue(name, true);
    await this.boss.schedule(name, '* * * * *', {}, { tz: 'UTC', retryLimit: 0, expireInSeconds: 300 });
    await this.boss.work(name, { pollingIntervalSeconds: 2 }, async () => {
      await fn();
    });
  }
}

import { randomUUID } from 'node:crypto';
import { Queue, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import {
  DEAD_LETTER_DAYS,
  ENGINE_EXPIRY_SECONDS,
  type QueueEngine,
  type QueuedJob,
  type SendOptions,
} from './engine.js';

const RETRY_DELAY_MS = 5_000;
const PREFIX = 'chainaudit';

/**
 * BullMQ on a Redis the site already runs. Jobs are taken by hand (getNextJob with a lock token),
 * so the server's own leases decide who holds a job; BullMQ keeps the attempts, the backoff, the
 * failed set (dead letters) and the job scheduler that runs maintenance once a minute.
 */
export class RedisQueueEngine implements QueueEngine {
  readonly kind = 'redis' as const;
  private readonly connection: Redis;
  private readonly queues = new Map<string, Queue>();
  private readonly takers = new Map<string, Worker>();
  private readonly runners: Worker[] = [];

  constructor(
    readonly url: string,
    private readonly onError: (err: Error) => void = () => undefined,
  ) {
    this.connection = new Redis(url, { maxRetriesPerRequest: null, lazyConnect: true });
    this.connection.on('error', onError);
  }

  /** Workers block on a connection of their own. */
  private dup(): Redis {
    const c = this.connection.duplicate();
    c.on('error', this.onError);
    return c;
  }

  async start(): Promise<void> {
    await this.connection.connect();
  }

  async stop(): Promise<void> {
    await Promise.allSettled([...this.runners, ...this.takers.values()].map((w) => w.close(true)));
    await Promise.allSettled([...this.queues.values()].map((q) => q.close()));
    this.connection.disconnect();
  }

  private queue(name: string): Queue {
    let q = this.queues.get(name);
    if (!q) {
      q = new Queue(name, { connection: this.connection, prefix: PREFIX });
      q.on('error', this.onError);
      this.queues.set(name, q);
    }
    return q;
  }

  private taker(name: string): Worker {
    let w = this.takers.get(name);
    if (!w) {
      w = new Worker(name, null, {
        connection: this.dup(),
        prefix: PREFIX,
        lockDuration: ENGINE_EXPIRY_SECONDS * 1000,
        autorun: false,
      });
      w.on('error', this.onError);
      this.takers.set(name, w);
    }
    return w;
  }

  async send(queue: string, monitorJobId: string, opts: SendOptions): Promise<void> {
    await this.queue(queue).add(
      'audit',
      { monitorJobId },
      {
        jobId: monitorJobId,
        delay: opts.startAfter ? Math.max(0, opts.startAfter.getTime() - Date.now()) : 0,
        attempts: opts.retries + 1,
        backoff: { type: 'fixed', delay: RETRY_DELAY_MS },
        removeOnComplete: { age: 86_400 },
        removeOnFail: { age: DEAD_LETTER_DAYS * 86_400 },
      },
    );
  }

  async fetch(queue: string): Promise<QueuedJob | null> {
    const token = randomUUID();
    const job = (await this.taker(queue).getNextJob(token, { block: false })) as
      Job<{ monitorJobId: string }> | undefined;
    if (!job?.id) return null;
    return { id: job.id, monitorJobId: job.data.monitorJobId, handle: token };
  }

  private async job(queue: string, id: string): Promise<Job> {
    const job = await this.queue(queue).getJob(id);
    if (!job) throw new Error(`queue ${queue} has no job ${id}`);
    return job;
  }

  async complete(queue: string, job: QueuedJob): Promise<void> {
    await (await this.job(queue, job.id)).moveToCompleted('done', job.handle, false);
  }

  async fail(queue: string, job: QueuedJob, reason: string): Promise<'retry' | 'dead'> {
    const j = await this.job(queue, job.id);
    await j.moveToFailed(new Error(reason), job.handle, false);
    return (await j.getState()) === 'failed' ? 'dead' : 'retry';
  }

  async everyMinute(name: string, fn: () => Promise<void>): Promise<void> {
    await this.queue(name).upsertJobScheduler('every-minute', { pattern: '* * * * *' }, { name: 'minute' });
    const w = new Worker(
      name,
      async () => {
        await fn();
      },
      { connection: this.dup(), prefix: PREFIX, concurrency: 1 },
    );
    w.on('error', this.onError);
    this.runners.push(w);
  }
}

/**
 * The job queue the monitoring jobs go through: an existing engine behind one small interface.
 * SQLite (plainjob) keeps the jobs in a table beside the server's database and runs them in the
 * server process; PostgreSQL (pg-boss) shares them between server replicas and workers; Redis
 * (BullMQ) serves sites that already run it. Leases with heartbeats, held by the caller, sit on top
 * (see jobs.ts): the engine's own expiry is only the backstop for a server that died with a lease.
 */
export interface QueuedJob {
  /** The engine's id. */
  id: string;
  /** What the job carries: the monitoring job it runs. */
  monitorJobId: string;
  /** Engine-specific proof of ownership (the job as stored, BullMQ's lock token). */
  handle: string;
}

export interface SendOptions {
  /** Not before this time. */
  startAfter?: Date;
  /** Attempts after the first before the job goes to the dead letters. */
  retries: number;
}

export interface QueueEngine {
  readonly kind: 'sqlite' | 'postgres' | 'redis';
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Queues a monitoring job; sending the same monitoring job id again while it is queued adds nothing. */
  send(queue: string, monitorJobId: string, opts: SendOptions): Promise<void>;
  /** Takes the next ready job off the queue, or null. */
  fetch(queue: string): Promise<QueuedJob | null>;
  complete(queue: string, job: QueuedJob): Promise<void>;
  /** Gives the job back for another attempt, or to the dead letters when it has none left; says which. */
  fail(queue: string, job: QueuedJob, reason: string): Promise<'retry' | 'dead'>;
  /**
   * Runs `fn` once a minute on one server of the cluster (the engine's cron where it has one). The
   * work must be safe to repeat: a server that dies mid-run leaves it to the next minute.
   */
  everyMinute(name: string, fn: () => Promise<void>): Promise<void>;
}

/** Attempts after the first, for every monitoring job. */
export const JOB_RETRIES = 2;
/** Backstop for a job whose lease nobody sweeps (every server down): the engine expires it after this. */
export const ENGINE_EXPIRY_SECONDS = 4 * 3600;
/** Dead letters are kept this long for inspection. */
export const DEAD_LETTER_DAYS = 14;

import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { z } from 'zod';
import { appendAudit } from '../audit-log.js';
import { newId, randomSecret, safeEqual } from '../auth/secrets.js';
import type { ServerContext } from '../context.js';
import type { MonitorJobTable } from '../db/schema.js';
import { importRun, type ImportSummary } from '../findings/store.js';
import type { ReportInput } from '../report-input.js';
import { levelsAt, maintenanceWindow, WINDOW_POLICIES } from '../monitoring/schedule.js';
import { JOB_RETRIES, type QueueEngine, type QueuedJob } from './engine.js';

/**
 * A monitoring job: one audit of (part of) a stored scope, queued by a schedule, by "run now" or
 * by a finding marked fixed. Its row here says what to run and how it went; the queue engine
 * carries it to a runner; a lease (token, expiry, heartbeats) says who runs it now.
 */
export const jobPlan = z.object({
  /** Target ids to audit; empty: every target of the scope. */
  targets: z.array(z.string()),
  /** Check patterns (`--only`); empty: every check. */
  only: z.array(z.string()),
  intrusive: z.boolean(),
  active: z.boolean(),
  windowPolicy: z.enum(WINDOW_POLICIES),
  windows: z.array(maintenanceWindow),
  timezone: z.string(),
  /** A retest: the finding it verifies. */
  findingId: z.string().optional(),
});
export type JobPlan = z.infer<typeof jobPlan>;

export const JOB_KINDS = ['scheduled', 'manual', 'retest'] as const;
export type JobKind = (typeof JOB_KINDS)[number];
export const JOB_STATES = ['pending', 'queued', 'running', 'done', 'failed', 'cancelled'] as const;

/** A runner that stops sending heartbeats loses its job after this long (the server's --job-lease). */
export const DEFAULT_LEASE_SECONDS = 30;
/** How often the server looks for lapsed leases and for jobs not yet handed to the queue. */
export const SWEEP_MS = 5_000;
const RESEND_AFTER_MS = 30_000;

export type Labels = Record<string, string>;

/** "k=v,k=v" sorted: the same requirement always has the same name. */
export function labelsKey(labels: Labels): string {
  return Object.entries(labels)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

export function parseLabelsKey(key: string): Labels {
  const out: Labels = {};
  for (const part of key.split(',').filter(Boolean)) {
    const i = part.indexOf('=');
    out[part.slice(0, i)] = part.slice(i + 1);
  }
  return out;
}

export function satisfies(worker: Labels, requires: string): boolean {
  return Object.entries(parseLabelsKey(requires)).every(([k, v]) => worker[k] === v);
}

/** Jobs any runner may take go to `audit`; jobs that need labels to a queue of their own. */
export function queueName(requires: string): string {
  return requires ? `audit.r${createHash('sha256').update(requires).digest('hex').slice(0, 16)}` : 'audit';
}

export interface NewJob {
  projectId: string;
  kind: JobKind;
  scheduleId?: string;
  slot?: string;
  /** Same key, same job: a schedule slot queued by two servers, a retest asked for twice. */
  dedupeKey: string;
  scopeName: string;
  plan: JobPlan;
  requires: string;
  notBefore: Date;
  actor: string;
}

/** Records the job and hands it to the queue; a job with the same key is not queued again. */
export async function queueJob(
  ctx: ServerContext,
  queue: QueueEngine,
  j: NewJob,
): Promise<{ id: string; created: boolean }> {
  const db = ctx.db.db;
  const id = newId('job');
  const nowIso = new Date().toISOString();
  const row: MonitorJobTable = {
    id,
    project_id: j.projectId,
    kind: j.kind,
    schedule_id: j.scheduleId ?? null,
    slot: j.slot ?? null,
    dedupe_key: j.dedupeKey,
    scope_name: j.scopeName,
    plan: JSON.stringify(j.plan),
    requires: j.requires,
    queue: queueName(j.requires),
    queue_job_id: null,
    state: 'pending',
    attempts: 0,
    worker: null,
    run_id: null,
    error: null,
    queued_at: nowIso,
    not_before: j.notBefore.toISOString(),
    started_at: null,
    finished_at: null,
    created_by: j.actor,
  };
  const inserted = await db
    .insertInto('monitor_jobs')
    .values(row)
    .onConflict((oc) => oc.columns(['project_id', 'dedupe_key']).doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) {
    const existing = await db
      .selectFrom('monitor_jobs')
      .select('id')
      .where('project_id', '=', j.projectId)
      .where('dedupe_key', '=', j.dedupeKey)
      .executeTakeFirstOrThrow();
    return { id: existing.id, created: false };
  }
  await handToQueue(ctx, queue, row);
  return { id, created: true };
}

async function handToQueue(
  ctx: ServerContext,
  queue: QueueEngine,
  row: Pick<MonitorJobTable, 'id' | 'queue' | 'not_before'>,
) {
  await queue.send(row.queue, row.id, { startAfter: new Date(row.not_before), retries: JOB_RETRIES });
  await ctx.db.db
    .updateTable('monitor_jobs')
    .set({ state: 'queued' })
    .where('id', '=', row.id)
    .where('state', '=', 'pending')
    .execute();
}

export interface Claim {
  jobId: string;
  token: string;
  leaseSeconds: number;
  projectId: string;
  kind: string;
  scopeName: string;
  scopeYaml: string;
  /** What to run, with the intrusive/active levels decided at the time the run starts. */
  plan: JobPlan & { heldBack?: string };
  attempt: number;
}

/** Which queues a runner with these labels may take from: `audit` and every requirement it meets. */
async function eligibleQueues(ctx: ServerContext, labels: Labels | null): Promise<string[]> {
  if (labels === null) return ['audit'];
  const rows = await ctx.db.db
    .selectFrom('monitor_jobs')
    .select('requires')
    .distinct()
    .where('state', 'in', ['queued', 'pending'])
    .where('requires', '!=', '')
    .execute();
  return ['audit', ...rows.filter((r) => satisfies(labels, r.requires)).map((r) => queueName(r.requires))];
}

/**
 * Hands the next ready job to a runner. `labels` null: the server's own runner (unlabelled jobs
 * only). A job that is already finished (a second delivery) is settled with the queue and skipped.
 */
export async function claimJob(
  ctx: ServerContext,
  queue: QueueEngine,
  worker: string,
  labels: Labels | null,
  leaseSeconds = DEFAULT_LEASE_SECONDS,
): Promise<Claim | null> {
  const db = ctx.db.db;
  for (const q of await eligibleQueues(ctx, labels)) {
    for (;;) {
      const qj = await queue.fetch(q);
      if (!qj) break;
      const job = await db.selectFrom('monitor_jobs').selectAll().where('id', '=', qj.monitorJobId).executeTakeFirst();
      if (!job || ['done', 'failed', 'cancelled'].includes(job.state)) {
        await queue.complete(q, qj);
        continue;
      }
      // A second delivery of a job someone holds a live lease on (sent twice around a crash).
      const held = await db
        .selectFrom('job_leases')
        .select('expires_at')
        .where('job_id', '=', job.id)
        .executeTakeFirst();
      if (held && held.expires_at > new Date().toISOString()) {
        await queue.complete(q, qj);
        continue;
      }
      const scope = await db
        .selectFrom('scopes')
        .select('yaml')
        .where('project_id', '=', job.project_id)
        .where('name', '=', job.scope_name)
        .executeTakeFirst();
      if (!scope) {
        await settleFailure(ctx, queue, job, qj, `scope ${job.scope_name} no longer exists`, true);
        continue;
      }
      const now = new Date();
      const token = randomSecret(24);
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('job_leases').where('job_id', '=', job.id).execute();
        await trx
          .insertInto('job_leases')
          .values({
            job_id: job.id,
            token,
            worker,
            queue_job_id: qj.id,
            handle: qj.handle,
            claimed_at: now.toISOString(),
            expires_at: new Date(now.getTime() + leaseSeconds * 1000).toISOString(),
          })
          .execute();
        await trx
          .updateTable('monitor_jobs')
          .set({
            state: 'running',
            attempts: sql`attempts + 1`,
            worker,
            started_at: now.toISOString(),
            queue_job_id: qj.id,
          })
          .where('id', '=', job.id)
          .execute();
      });
      const plan = jobPlan.parse(JSON.parse(job.plan));
      const levels = levelsAt(plan, now);
      return {
        jobId: job.id,
        token,
        leaseSeconds,
        projectId: job.project_id,
        kind: job.kind,
        scopeName: job.scope_name,
        scopeYaml: scope.yaml,
        plan: { ...plan, intrusive: levels.intrusive, active: levels.active, heldBack: levels.heldBack },
        attempt: job.attempts + 1,
      };
    }
  }
  return null;
}

export class LeaseError extends Error {
  readonly statusCode = 409;
}

interface Lease {
  job: MonitorJobTable;
  qj: QueuedJob;
}

/** The job and its queue handle when `token` is its current lease, else a LeaseError. */
async function currentLease(ctx: ServerContext, jobId: string, token: string): Promise<Lease> {
  const db = ctx.db.db;
  const lease = await db.selectFrom('job_leases').selectAll().where('job_id', '=', jobId).executeTakeFirst();
  if (!lease || !safeEqual(lease.token, token))
    throw new LeaseError(
      `job ${jobId}: this runner no longer holds it (its lease lapsed and the job went back to the queue)`,
    );
  const job = await db.selectFrom('monitor_jobs').selectAll().where('id', '=', jobId).executeTakeFirstOrThrow();
  return { job, qj: { id: lease.queue_job_id, monitorJobId: jobId, handle: lease.handle } };
}

export async function heartbeat(
  ctx: ServerContext,
  jobId: string,
  token: string,
  leaseSeconds = DEFAULT_LEASE_SECONDS,
): Promise<{ expiresAt: string }> {
  await currentLease(ctx, jobId, token);
  const expiresAt = new Date(Date.now() + leaseSeconds * 1000).toISOString();
  const r = await ctx.db.db
    .updateTable('job_leases')
    .set({ expires_at: expiresAt })
    .where('job_id', '=', jobId)
    .where('token', '=', token)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) throw new LeaseError(`job ${jobId}: lease lost`);
  return { expiresAt };
}

export interface Completed {
  runId: string;
  import: ImportSummary;
}

/**
 * Stores the run a runner produced and closes the job. The report's run id is the job id, so a
 * second upload of the same job (a retry after a lost answer, or a second attempt after the
 * first runner died after uploading) stores nothing new.
 */
export async function completeJob(
  ctx: ServerContext,
  queue: QueueEngine,
  jobId: string,
  token: string,
  report: ReportInput,
  raw: string,
  onImported?: (projectId: string, summary: ImportSummary) => Promise<void>,
): Promise<Completed> {
  const { job, qj } = await currentLease(ctx, jobId, token);
  if (report.run.id !== jobId)
    throw new LeaseError(`job ${jobId}: the uploaded report is of run ${report.run.id}, not of this job`);
  const summary = await importRun(ctx.db, job.project_id, report, raw, `worker:${job.worker ?? 'unknown'}`);
  const closed = await ctx.db.db.transaction().execute(async (trx) => {
    const gone = await trx
      .deleteFrom('job_leases')
      .where('job_id', '=', jobId)
      .where('token', '=', token)
      .executeTakeFirst();
    if (Number(gone.numDeletedRows) === 0) return false;
    await trx
      .updateTable('monitor_jobs')
      .set({ state: 'done', run_id: summary.runId, finished_at: new Date().toISOString(), error: null })
      .where('id', '=', jobId)
      .execute();
    await appendAudit(trx, ctx.db.engine, {
      actor: `worker:${job.worker ?? 'unknown'}`,
      action: 'job.complete',
      entity: 'job',
      entityId: jobId,
      projectId: job.project_id,
      after: { runId: summary.runId, kind: job.kind, attempt: job.attempts },
    });
    return true;
  });
  if (!closed) throw new LeaseError(`job ${jobId}: lease lost while storing the run`);
  await queue.complete(job.queue, qj);
  if (!summary.duplicate && onImported) await onImported(job.project_id, summary);
  return { runId: summary.runId, import: summary };
}

/** A runner gives up on a job: another attempt, or the dead letters when none is left. */
export async function failJob(
  ctx: ServerContext,
  queue: QueueEngine,
  jobId: string,
  token: string,
  reason: string,
  onDead?: (job: MonitorJobTable, reason: string) => Promise<void>,
): Promise<'retry' | 'dead'> {
  const { job, qj } = await currentLease(ctx, jobId, token);
  const gone = await ctx.db.db
    .deleteFrom('job_leases')
    .where('job_id', '=', jobId)
    .where('token', '=', token)
    .executeTakeFirst();
  if (Number(gone.numDeletedRows) === 0) throw new LeaseError(`job ${jobId}: lease lost`);
  return settleFailure(ctx, queue, job, qj, reason, false, onDead);
}

async function settleFailure(
  ctx: ServerContext,
  queue: QueueEngine,
  job: MonitorJobTable,
  qj: QueuedJob,
  reason: string,
  final: boolean,
  onDead?: (job: MonitorJobTable, reason: string) => Promise<void>,
): Promise<'retry' | 'dead'> {
  const outcome = final ? 'dead' : await queue.fail(job.queue, qj, reason);
  if (final) await queue.complete(job.queue, qj);
  await ctx.db.db
    .updateTable('monitor_jobs')
    .set({
      state: outcome === 'dead' ? 'failed' : 'queued',
      error: reason.slice(0, 2000),
      finished_at: outcome === 'dead' ? new Date().toISOString() : null,
    })
    .where('id', '=', job.id)
    .where('state', 'in', ['running', 'queued', 'pending'])
    .execute();
  if (outcome === 'dead' && onDead) await onDead(job, reason);
  return outcome;
}

/**
 * Lapsed leases go back to the queue (the runner died or lost its network), and jobs recorded but
 * never handed to the queue (the server stopped in between) are handed over. Safe on every server
 * at once: each lease is taken back by the one server whose delete removed it.
 */
export async function sweep(
  ctx: ServerContext,
  queue: QueueEngine,
  onDead?: (job: MonitorJobTable, reason: string) => Promise<void>,
): Promise<{ expired: number; resent: number }> {
  const db = ctx.db.db;
  const now = new Date();
  const lapsed = await db.selectFrom('job_leases').selectAll().where('expires_at', '<', now.toISOString()).execute();
  let expired = 0;
  for (const l of lapsed) {
    const gone = await db
      .deleteFrom('job_leases')
      .where('job_id', '=', l.job_id)
      .where('token', '=', l.token)
      .executeTakeFirst();
    if (Number(gone.numDeletedRows) === 0) continue;
    expired++;
    const job = await db.selectFrom('monitor_jobs').selectAll().where('id', '=', l.job_id).executeTakeFirst();
    if (!job) continue;
    await settleFailure(
      ctx,
      queue,
      job,
      { id: l.queue_job_id, monitorJobId: job.id, handle: l.handle },
      `runner ${l.worker} stopped answering (no heartbeat since ${l.expires_at})`,
      false,
      onDead,
    );
  }
  const stale = await db
    .selectFrom('monitor_jobs')
    .select(['id', 'queue', 'not_before'])
    .where('state', '=', 'pending')
    .where('queued_at', '<', new Date(now.getTime() - RESEND_AFTER_MS).toISOString())
    .execute();
  for (const row of stale) await handToQueue(ctx, queue, row);
  return { expired, resent: stale.length };
}

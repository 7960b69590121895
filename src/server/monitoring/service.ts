import { hostname } from 'node:os';
import { parse as parseYaml } from 'yaml';
import { errorMessage } from '../../errors.js';
import { scopeSchema, type Target } from '../../scope/schema.js';
import { newId } from '../auth/secrets.js';
import type { ServerContext } from '../context.js';
import type { FindingTable, MonitorJobTable, ScheduleTable } from '../db/schema.js';
import { reopenExpired, type ImportSummary } from '../findings/store.js';
import { reportSchema } from '../report-input.js';
import type { QueueEngine } from '../queue/engine.js';
import {
  claimJob,
  completeJob,
  DEFAULT_LEASE_SECONDS,
  failJob,
  heartbeat,
  labelsKey,
  LeaseError,
  queueJob,
  sweep,
  SWEEP_MS,
  type Claim,
  type JobKind,
  type JobPlan,
} from '../queue/jobs.js';
import { alertsAfterImport, alertsForDeadJob, deliverDue, sweepAlertEvents } from '../alerts/events.js';
import { executeClaim } from './execute.js';
import { dueSlots, jitterMs, type CatchUp, type MaintenanceWindow, type WindowPolicy } from './schedule.js';

/** Slots are queued this far ahead, so a run starts on time whatever minute the scheduler last ran. */
export const LOOKAHEAD_MS = 2 * 60_000;
const IDLE_POLL_MS = 1_000;

export interface MonitorOptions {
  /** Jobs this server runs itself at once (unlabelled jobs only); 0: leave them to workers. */
  localRunners: number;
  /** How often idle runners ask the queue for work. */
  pollMs?: number;
  /** Seconds a runner holds a job without a heartbeat. */
  leaseSeconds?: number;
}

export interface ScheduleSettings {
  scopeName: string;
  targets: string[];
  cron: string;
  timezone: string;
  jitterSeconds: number;
  catchUp: CatchUp;
  intrusive: boolean;
  active: boolean;
  windowPolicy: WindowPolicy;
  windows: MaintenanceWindow[];
}

export function scheduleSettings(s: ScheduleTable): ScheduleSettings {
  return {
    scopeName: s.scope_name,
    targets: JSON.parse(s.targets) as string[],
    cron: s.cron,
    timezone: s.timezone,
    jitterSeconds: Number(s.jitter_seconds),
    catchUp: s.catch_up as CatchUp,
    intrusive: Boolean(s.intrusive),
    active: Boolean(s.active),
    windowPolicy: s.window_policy as WindowPolicy,
    windows: JSON.parse(s.windows) as MaintenanceWindow[],
  };
}

/** Targets chosen by id or tag; none named: all of them. */
function chooseTargets(all: Target[], selectors: string[]): Target[] {
  if (selectors.length === 0) return all;
  return all.filter((t) => selectors.includes(t.id) || t.tags.some((tag) => selectors.includes(tag)));
}

/** Groups targets by the worker labels they need: one job per group. */
function byRequirement(targets: Target[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const t of targets) {
    const key = labelsKey(t.requires ?? {});
    groups.set(key, [...(groups.get(key) ?? []), t.id]);
  }
  return groups;
}

export class ScopeMissingError extends Error {}

/**
 * Scheduled runs, run-now, retests and the server's own runners, over one queue engine. Every
 * server replica runs one of these; the work each step does is safe to do on several at once.
 */
export class Monitor {
  private timers: NodeJS.Timeout[] = [];
  private readonly parsedScopes = new Map<string, { version: string; targets: Target[] }>();
  private runners: Promise<void>[] = [];
  private stopping = false;
  private readonly abort = new AbortController();
  readonly runnerName = `server:${hostname()}:${process.pid}`;

  constructor(
    readonly ctx: ServerContext,
    readonly queue: QueueEngine,
    readonly opts: MonitorOptions,
  ) {}

  get leaseSeconds(): number {
    return this.opts.leaseSeconds ?? DEFAULT_LEASE_SECONDS;
  }

  async start(): Promise<void> {
    await this.queue.start();
    await this.queue.everyMinute('chainaudit.minute', () => this.minute());
    const t = setInterval(() => void this.sweepOnce(), SWEEP_MS);
    t.unref();
    this.timers.push(t);
    void this.sweepOnce();
    for (let i = 0; i < this.opts.localRunners; i++) this.runners.push(this.runLoop());
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.abort.abort();
    for (const t of this.timers) clearInterval(t);
    await Promise.allSettled(this.runners);
    await this.queue.stop();
  }

  /** Once a minute on one server: queue due slots, reopen expired acceptances, raise time-based alerts, send digests. */
  async minute(now = new Date()): Promise<void> {
    const steps: [string, () => Promise<unknown>][] = [
      ['scheduler', () => this.schedulePass(now)],
      ['acceptances', () => reopenExpired(this.ctx.db.db, this.ctx.db.engine, null, now)],
      ['alerts', () => sweepAlertEvents(this.ctx, now)],
      ['deliveries', () => deliverDue(this.ctx, now)],
    ];
    for (const [name, step] of steps)
      try {
        await step();
      } catch (err) {
        if (process.env.CHAINAUDIT_DEBUG) console.error(`monitoring ${name}: ${errorMessage(err)}`);
      }
  }

  private async sweepOnce(): Promise<void> {
    try {
      await sweep(this.ctx, this.queue, (job, reason) => this.onDead(job, reason));
      await deliverDue(this.ctx, new Date());
    } catch (err) {
      if (process.env.CHAINAUDIT_DEBUG) console.error(`monitoring sweep: ${errorMessage(err)}`);
    }
  }

  /** Queues every slot due by now + lookahead; returns how many jobs were queued. */
  async schedulePass(now = new Date()): Promise<number> {
    const db = this.ctx.db.db;
    const due = await db
      .selectFrom('schedules')
      .selectAll()
      .where('enabled', '=', 1)
      .where('next_slot', '<=', new Date(now.getTime() + LOOKAHEAD_MS).toISOString())
      .execute();
    let queued = 0;
    for (const s of due) {
      const settings = scheduleSettings(s);
      const { slots, next } = dueSlots(settings, new Date(s.next_slot), now, LOOKAHEAD_MS);
      for (const slot of slots) {
        const startAt = new Date(slot.getTime() + jitterMs(s.id, slot.toISOString(), settings.jitterSeconds));
        try {
          queued += await this.queueScopeRun(s.project_id, settings, {
            kind: 'scheduled',
            scheduleId: s.id,
            slot: slot.toISOString(),
            dedupe: `schedule:${s.id}:${slot.toISOString()}`,
            notBefore: startAt,
            actor: 'scheduler',
          });
        } catch (err) {
          await this.recordUnqueueable(s, slot, errorMessage(err));
        }
      }
      // Another server that got here first has moved the schedule on already; the slots it queued are the same jobs.
      await db
        .updateTable('schedules')
        .set({ next_slot: (next ?? new Date('9999-12-31T00:00:00Z')).toISOString() })
        .where('id', '=', s.id)
        .where('next_slot', '=', s.next_slot)
        .execute();
    }
    return queued;
  }

  private async recordUnqueueable(s: ScheduleTable, slot: Date, reason: string): Promise<void> {
    const nowIso = new Date().toISOString();
    const row: MonitorJobTable = {
      id: newId('job'),
      project_id: s.project_id,
      kind: 'scheduled',
      schedule_id: s.id,
      slot: slot.toISOString(),
      dedupe_key: `schedule:${s.id}:${slot.toISOString()}`,
      scope_name: s.scope_name,
      plan: '{}',
      requires: '',
      queue: '',
      queue_job_id: null,
      state: 'failed',
      attempts: 0,
      worker: null,
      run_id: null,
      error: reason.slice(0, 2000),
      queued_at: nowIso,
      not_before: slot.toISOString(),
      started_at: null,
      finished_at: nowIso,
      created_by: 'scheduler',
    };
    const r = await this.ctx.db.db
      .insertInto('monitor_jobs')
      .values(row)
      .onConflict((oc) => oc.columns(['project_id', 'dedupe_key']).doNothing())
      .executeTakeFirst();
    if (Number(r.numInsertedOrUpdatedRows ?? 0) > 0) await this.onDead(row, reason);
  }

  /** One job per group of targets that need the same worker labels. */
  async queueScopeRun(
    projectId: string,
    settings: ScheduleSettings,
    how: {
      kind: JobKind;
      scheduleId?: string;
      slot?: string;
      dedupe: string;
      notBefore: Date;
      actor: string;
      only?: string[];
      findingId?: string;
    },
  ): Promise<number> {
    const all = await this.scopeTargets(projectId, settings.scopeName);
    const targets = chooseTargets(all, settings.targets);
    if (targets.length === 0)
      throw new ScopeMissingError(`scope ${settings.scopeName} has no target matching ${settings.targets.join(', ')}`);
    let created = 0;
    for (const [requires, ids] of byRequirement(targets)) {
      const plan: JobPlan = {
        targets: settings.targets.length || requires ? ids : [],
        only: how.only ?? [],
        intrusive: settings.intrusive,
        active: settings.active,
        windowPolicy: settings.windowPolicy,
        windows: settings.windows,
        timezone: settings.timezone,
        findingId: how.findingId,
      };
      const r = await queueJob(this.ctx, this.queue, {
        projectId,
        kind: how.kind,
        scheduleId: how.scheduleId,
        slot: how.slot,
        dedupeKey: requires ? `${how.dedupe}:${requires}` : how.dedupe,
        scopeName: settings.scopeName,
        plan,
        requires,
        notBefore: how.notBefore,
        actor: how.actor,
      });
      if (r.created) created++;
    }
    return created;
  }

  /** A scope's targets, parsed once per version (a thousand schedules over one scope parse it once). */
  private async scopeTargets(projectId: string, scopeName: string): Promise<Target[]> {
    const stored = await this.ctx.db.db
      .selectFrom('scopes')
      .select(['updated_at'])
      .where('project_id', '=', projectId)
      .where('name', '=', scopeName)
      .executeTakeFirst();
    if (!stored) throw new ScopeMissingError(`the project has no scope ${scopeName}`);
    const key = `${projectId}\0${scopeName}`;
    const hit = this.parsedScopes.get(key);
    if (hit && hit.version === stored.updated_at) return hit.targets;
    const { yaml } = await this.ctx.db.db
      .selectFrom('scopes')
      .select('yaml')
      .where('project_id', '=', projectId)
      .where('name', '=', scopeName)
      .executeTakeFirstOrThrow();
    const parsed = scopeSchema.safeParse(parseYaml(yaml));
    if (!parsed.success) throw new ScopeMissingError(`scope ${scopeName} no longer validates`);
    this.parsedScopes.set(key, { version: stored.updated_at, targets: parsed.data.targets });
    return parsed.data.targets;
  }

  /**
   * A finding marked fixed gets its check run again on its target, from the stored scope that
   * declares the target (the scope of the run that last saw it, when it still does).
   */
  async retest(f: FindingTable, actor: string): Promise<{ queued: boolean; reason?: string }> {
    const db = this.ctx.db.db;
    const lastRun = await db.selectFrom('runs').select('scope_name').where('id', '=', f.last_run_id).executeTakeFirst();
    const scopes = await db.selectFrom('scopes').selectAll().where('project_id', '=', f.project_id).execute();
    const declaring = scopes.filter((s) => {
      const parsed = scopeSchema.safeParse(parseYaml(s.yaml));
      return parsed.success && parsed.data.targets.some((t) => t.id === f.target_id);
    });
    const scope = declaring.find((s) => s.name === lastRun?.scope_name) ?? declaring[0];
    if (!scope) return { queued: false, reason: `no stored scope declares target ${f.target_id}` };
    await this.queueScopeRun(
      f.project_id,
      {
        scopeName: scope.name,
        targets: [f.target_id],
        cron: '',
        timezone: 'UTC',
        jitterSeconds: 0,
        catchUp: 'none',
        intrusive: false,
        active: false,
        windowPolicy: 'none',
        windows: [],
      },
      {
        kind: 'retest',
        dedupe: `retest:${f.id}:${f.state_changed_at}`,
        notBefore: new Date(),
        actor,
        only: [f.check_id],
        findingId: f.id,
      },
    );
    return { queued: true };
  }

  /** After any run is stored (uploaded, or run here or by a worker): alerts. */
  async afterImport(projectId: string, summary: ImportSummary): Promise<void> {
    try {
      await alertsAfterImport(this.ctx, projectId, summary);
      await deliverDue(this.ctx, new Date());
    } catch (err) {
      if (process.env.CHAINAUDIT_DEBUG) console.error(`alerts after import: ${errorMessage(err)}`);
    }
  }

  async onDead(job: MonitorJobTable, reason: string): Promise<void> {
    await alertsForDeadJob(this.ctx, job, reason);
    await deliverDue(this.ctx, new Date()).catch(() => undefined);
  }

  /** The server's own runner: takes unlabelled jobs, runs them in this process, stores the result. */
  private async runLoop(): Promise<void> {
    const pollMs = this.opts.pollMs ?? IDLE_POLL_MS;
    while (!this.stopping) {
      let claim: Claim | null = null;
      try {
        claim = await claimJob(this.ctx, this.queue, this.runnerName, null, this.leaseSeconds);
      } catch {
        claim = null;
      }
      if (!claim) {
        await new Promise((r) => setTimeout(r, pollMs));
        continue;
      }
      await this.runClaim(claim);
    }
  }

  private async runClaim(claim: Claim): Promise<void> {
    const lost = new AbortController();
    const signal = AbortSignal.any([lost.signal, this.abort.signal]);
    const beat = setInterval(
      () =>
        void heartbeat(this.ctx, claim.jobId, claim.token, this.leaseSeconds).catch((err) => {
          if (err instanceof LeaseError) lost.abort();
        }),
      (claim.leaseSeconds * 1000) / 3,
    );
    try {
      const assessment = await executeClaim(claim, signal);
      if (signal.aborted) return;
      assessment.run.scopeName = claim.scopeName;
      const raw = JSON.stringify(assessment);
      await completeJob(
        this.ctx,
        this.queue,
        claim.jobId,
        claim.token,
        reportSchema.parse(JSON.parse(raw)),
        raw,
        (p, s) => this.afterImport(p, s),
      );
    } catch (err) {
      if (err instanceof LeaseError || this.stopping) return;
      await failJob(this.ctx, this.queue, claim.jobId, claim.token, errorMessage(err), (j, r) =>
        this.onDead(j, r),
      ).catch(() => undefined);
    } finally {
      clearInterval(beat);
    }
  }
}

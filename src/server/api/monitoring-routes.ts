import { z } from 'zod';
import { SEVERITIES } from '../../model.js';
import { EVENT_KINDS } from '../alerts/events.js';
import {
  CHANNEL_KINDS,
  channelConfig,
  ChannelError,
  publicConfig,
  sendToChannel,
  type ChannelKind,
} from '../alerts/channels.js';
import { renderMessage } from '../alerts/events.js';
import { appendAudit } from '../audit-log.js';
import { newId } from '../auth/secrets.js';
import type { ServerContext } from '../context.js';
import type { MonitorJobTable, ScheduleTable } from '../db/schema.js';
import { monitoringReport } from '../monitoring/report.js';
import { renderMonitoringHtml } from '../monitoring/render.js';
import {
  CATCH_UP,
  cronProblem,
  maintenanceWindow,
  nextSlot,
  validTimezone,
  WINDOW_POLICIES,
} from '../monitoring/schedule.js';
import { scheduleSettings, ScopeMissingError, type Monitor } from '../monitoring/service.js';
import { claimJob, completeJob, failJob, heartbeat, labelsKey, LeaseError } from '../queue/jobs.js';
import { reportSchema } from '../report-input.js';
import { Redactor } from '../../redact.js';
import { ApiError, route, type AnyRoute } from './define.js';
import * as s from './schemas.js';

const projectParams = z.object({ projectId: s.idParam });
const labelName = z.string().regex(/^[A-Za-z0-9._-]{1,40}$/);
const labelValue = z.string().regex(/^[A-Za-z0-9._-]{1,80}$/);

const scheduleBody = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9._ -]{1,80}$/),
    scope: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,80}$/)
      .describe('a scope stored with the project'),
    targets: z.array(z.string().min(1).max(100)).max(1000).default([]).describe('target ids or tags; none: all'),
    cron: z.string().min(9).max(120).describe('5 fields (minute hour day month weekday), or 6 with seconds'),
    timezone: z.string().min(1).max(64).default('UTC'),
    jitterSeconds: z.number().int().min(0).max(3600).default(0),
    catchUp: z.enum(CATCH_UP).default('latest'),
    intrusive: z.boolean().default(false),
    active: z.boolean().default(false),
    windowPolicy: z.enum(WINDOW_POLICIES).default('none'),
    windows: z.array(maintenanceWindow).max(20).default([]),
    enabled: z.boolean().default(true),
  })
  .strict();

const scheduleOut = z.object({
  id: z.string(),
  name: z.string(),
  scope: z.string(),
  targets: z.array(z.string()),
  cron: z.string(),
  timezone: z.string(),
  jitterSeconds: z.number(),
  catchUp: z.enum(CATCH_UP),
  intrusive: z.boolean(),
  active: z.boolean(),
  windowPolicy: z.enum(WINDOW_POLICIES),
  windows: z.array(maintenanceWindow),
  enabled: z.boolean(),
  nextSlot: z.string(),
});

function scheduleView(r: ScheduleTable): z.input<typeof scheduleOut> {
  const st = scheduleSettings(r);
  return {
    id: r.id,
    name: r.name,
    scope: st.scopeName,
    targets: st.targets,
    cron: st.cron,
    timezone: st.timezone,
    jitterSeconds: st.jitterSeconds,
    catchUp: st.catchUp,
    intrusive: st.intrusive,
    active: st.active,
    windowPolicy: st.windowPolicy,
    windows: st.windows,
    enabled: Boolean(r.enabled),
    nextSlot: r.next_slot,
  };
}

const jobOut = z.object({
  id: z.string(),
  kind: z.string(),
  scheduleId: z.string().nullable(),
  slot: z.string().nullable(),
  scope: z.string(),
  requires: z.string(),
  state: z.string(),
  attempts: z.number(),
  worker: z.string().nullable(),
  runId: z.string().nullable(),
  error: z.string().nullable(),
  queuedAt: z.string(),
  notBefore: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  plan: z.record(z.string(), z.unknown()),
});

export function jobView(j: MonitorJobTable): z.input<typeof jobOut> {
  return {
    id: j.id,
    kind: j.kind,
    scheduleId: j.schedule_id,
    slot: j.slot,
    scope: j.scope_name,
    requires: j.requires,
    state: j.state,
    attempts: Number(j.attempts),
    worker: j.worker,
    runId: j.run_id,
    error: j.error,
    queuedAt: j.queued_at,
    notBefore: j.not_before,
    startedAt: j.started_at,
    finishedAt: j.finished_at,
    plan: JSON.parse(j.plan) as Record<string, unknown>,
  };
}

const channelBody = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('email'), name: z.string().min(1).max(80), config: channelConfig.email }),
  z.object({ kind: z.literal('webhook'), name: z.string().min(1).max(80), config: channelConfig.webhook }),
  z.object({ kind: z.literal('slack'), name: z.string().min(1).max(80), config: channelConfig.slack }),
  z.object({ kind: z.literal('dingtalk'), name: z.string().min(1).max(80), config: channelConfig.dingtalk }),
  z.object({ kind: z.literal('feishu'), name: z.string().min(1).max(80), config: channelConfig.feishu }),
  z.object({ kind: z.literal('wecom'), name: z.string().min(1).max(80), config: channelConfig.wecom }),
]);
const channelOut = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(CHANNEL_KINDS),
  config: z.record(z.string(), z.unknown()).describe('secret fields masked'),
});

const ruleBody = z
  .object({
    name: z.string().min(1).max(80),
    events: z.array(z.enum(EVENT_KINDS)).min(1),
    minSeverity: z.enum(SEVERITIES).default('info'),
    checks: z.array(z.string().min(1).max(200)).max(100).optional().describe('check id globs'),
    targets: z.array(z.string().min(1).max(200)).max(100).optional().describe('target id globs'),
    expiringWithinDays: z.number().int().min(1).max(365).optional(),
    channelId: s.idParam,
    mode: z.enum(['immediate', 'digest']).default('immediate'),
    digestTime: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/)
      .default('09:00'),
    timezone: z.string().min(1).max(64).default('UTC'),
    enabled: z.boolean().default(true),
  })
  .strict();
const ruleOut = z.object({
  id: z.string(),
  name: z.string(),
  events: z.array(z.string()),
  minSeverity: z.string(),
  checks: z.array(z.string()).optional(),
  targets: z.array(z.string()).optional(),
  expiringWithinDays: z.number().optional(),
  channelId: z.string(),
  mode: z.string(),
  digestTime: z.string(),
  timezone: z.string(),
  enabled: z.boolean(),
});

const claimOut = z.object({
  jobId: z.string(),
  token: z.string(),
  leaseSeconds: z.number(),
  projectId: z.string(),
  kind: z.string(),
  scopeName: z.string(),
  scopeYaml: z.string(),
  plan: z.record(z.string(), z.unknown()),
  attempt: z.number(),
});

export function monitoringRoutes(ctx: ServerContext): AnyRoute[] {
  const db = ctx.db.db;
  const engine = ctx.db.engine;
  const monitor = (): Monitor => {
    if (!ctx.monitor) throw new ApiError(503, 'monitoring is not running on this server');
    return ctx.monitor;
  };
  const requireProject = async (projectId: string) => {
    const p = await db.selectFrom('projects').selectAll().where('id', '=', projectId).executeTakeFirst();
    if (!p) throw new ApiError(404, `no project ${projectId}`);
    return p;
  };
  /** Deletes an alert channel or rule of the project and logs it; 404 when the project has none by that id. */
  const removeAlertObject = async (
    table: 'alert_channels' | 'alert_rules',
    entity: 'alert-channel' | 'alert-rule',
    projectId: string,
    id: string,
    actor: string,
  ) => {
    await db.transaction().execute(async (trx) => {
      const r = await trx.deleteFrom(table).where('id', '=', id).where('project_id', '=', projectId).executeTakeFirst();
      if (Number(r.numDeletedRows) === 0) throw new ApiError(404, `no ${entity} ${id} in this project`);
      await appendAudit(trx, engine, { actor, action: `${entity}.delete`, entity, entityId: id, projectId });
    });
    return { ok: true as const };
  };
  const getSchedule = async (projectId: string, id: string) => {
    const r = await db
      .selectFrom('schedules')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!r) throw new ApiError(404, `no schedule ${id} in this project`);
    return r;
  };
  const checkSchedule = async (projectId: string, b: z.output<typeof scheduleBody>) => {
    const problem = cronProblem(b.cron, b.timezone);
    if (problem) throw new ApiError(400, problem);
    if (b.windowPolicy !== 'none' && b.windows.length === 0)
      throw new ApiError(400, `windowPolicy ${b.windowPolicy} needs at least one maintenance window`);
    const scope = await db
      .selectFrom('scopes')
      .select('name')
      .where('project_id', '=', projectId)
      .where('name', '=', b.scope)
      .executeTakeFirst();
    if (!scope) throw new ApiError(400, `the project has no scope ${b.scope} (store it with PUT …/scopes/${b.scope})`);
  };
  const runNow = async (
    projectId: string,
    settings: ReturnType<typeof scheduleSettings>,
    actor: string,
    scheduleId?: string,
  ) => {
    try {
      const id = newId('now');
      const n = await monitor().queueScopeRun(projectId, settings, {
        kind: 'manual',
        scheduleId,
        dedupe: `manual:${id}`,
        notBefore: new Date(),
        actor,
      });
      return db
        .selectFrom('monitor_jobs')
        .selectAll()
        .where('project_id', '=', projectId)
        .where('dedupe_key', 'like', `manual:${id}%`)
        .execute()
        .then((rows) => ({ queued: n, jobs: rows.map(jobView) }));
    } catch (err) {
      if (err instanceof ScopeMissingError) throw new ApiError(400, err.message);
      throw err;
    }
  };

  return [
    // ── schedules ──────────────────────────────────────────────────────────
    route({
      method: 'GET',
      path: '/projects/:projectId/schedules',
      summary: 'Scheduled runs of the project',
      tag: 'monitoring',
      auth: { scope: 'projects:read', permission: 'project:read' },
      params: projectParams,
      response: z.array(scheduleOut),
      async handler({ params }) {
        await requireProject(params.projectId);
        const rows = await db
          .selectFrom('schedules')
          .selectAll()
          .where('project_id', '=', params.projectId)
          .orderBy('name')
          .execute();
        return rows.map(scheduleView);
      },
    }),
    route({
      method: 'POST',
      path: '/projects/:projectId/schedules',
      summary: 'Schedule runs of a stored scope: cron in a time zone, jitter, maintenance windows, catch-up',
      tag: 'monitoring',
      auth: { scope: 'projects:write', permission: 'project:manage' },
      params: projectParams,
      body: scheduleBody,
      response: scheduleOut,
      status: 201,
      async handler({ params, body, principal }) {
        await requireProject(params.projectId);
        await checkSchedule(params.projectId, body);
        const now = new Date();
        const row: ScheduleTable = {
          id: newId('sch'),
          project_id: params.projectId,
          name: body.name,
          scope_name: body.scope,
          targets: JSON.stringify(body.targets),
          cron: body.cron,
          timezone: body.timezone,
          jitter_seconds: body.jitterSeconds,
          catch_up: body.catchUp,
          intrusive: body.intrusive ? 1 : 0,
          active: body.active ? 1 : 0,
          window_policy: body.windowPolicy,
          windows: JSON.stringify(body.windows),
          enabled: body.enabled ? 1 : 0,
          next_slot: nextSlot(body.cron, body.timezone, now)!.toISOString(),
          created_by: principal!.username,
          created_at: now.toISOString(),
          updated_at: now.toISOString(),
        };
        if (
          await db
            .selectFrom('schedules')
            .select('id')
            .where('project_id', '=', params.projectId)
            .where('name', '=', body.name)
            .executeTakeFirst()
        )
          throw new ApiError(409, `a schedule named ${body.name} exists already`);
        await db.transaction().execute(async (trx) => {
          await trx.insertInto('schedules').values(row).execute();
          await appendAudit(trx, engine, {
            actor: principal!.username,
            action: 'schedule.create',
            entity: 'schedule',
            entityId: row.id,
            projectId: params.projectId,
            after: body,
          });
        });
        return scheduleView(row);
      },
    }),
    route({
      method: 'PUT',
      path: '/projects/:projectId/schedules/:scheduleId',
      summary: 'Change a schedule (its next slot is computed again from now)',
      tag: 'monitoring',
      auth: { scope: 'projects:write', permission: 'project:manage' },
      params: projectParams.extend({ scheduleId: s.idParam }),
      body: scheduleBody,
      response: scheduleOut,
      async handler({ params, body, principal }) {
        const before = await getSchedule(params.projectId, params.scheduleId);
        await checkSchedule(params.projectId, body);
        const now = new Date();
        const set = {
          name: body.name,
          scope_name: body.scope,
          targets: JSON.stringify(body.targets),
          cron: body.cron,
          timezone: body.timezone,
          jitter_seconds: body.jitterSeconds,
          catch_up: body.catchUp,
          intrusive: body.intrusive ? 1 : 0,
          active: body.active ? 1 : 0,
          window_policy: body.windowPolicy,
          windows: JSON.stringify(body.windows),
          enabled: body.enabled ? 1 : 0,
          next_slot: nextSlot(body.cron, body.timezone, now)!.toISOString(),
          updated_at: now.toISOString(),
        };
        await db.transaction().execute(async (trx) => {
          await trx.updateTable('schedules').set(set).where('id', '=', before.id).execute();
          await appendAudit(trx, engine, {
            actor: principal!.username,
            action: 'schedule.update',
            entity: 'schedule',
            entityId: before.id,
            projectId: params.projectId,
            before: scheduleView(before),
            after: body,
          });
        });
        return scheduleView({ ...before, ...set });
      },
    }),
    route({
      method: 'DELETE',
      path: '/projects/:projectId/schedules/:scheduleId',
      summary: 'Remove a schedule (queued jobs stay)',
      tag: 'monitoring',
      auth: { scope: 'projects:write', permission: 'project:manage' },
      params: projectParams.extend({ scheduleId: s.idParam }),
      response: s.ok,
      async handler({ params, principal }) {
        const before = await getSchedule(params.projectId, params.scheduleId);
        await db.transaction().execute(async (trx) => {
          await trx.deleteFrom('schedules').where('id', '=', before.id).execute();
          await appendAudit(trx, engine, {
            actor: principal!.username,
            action: 'schedule.delete',
            entity: 'schedule',
            entityId: before.id,
            projectId: params.projectId,
            before: scheduleView(before),
          });
        });
        return { ok: true as const };
      },
    }),
    route({
      method: 'POST',
      path: '/projects/:projectId/schedules/:scheduleId/run',
      summary: 'Run a schedule now, outside its cron',
      tag: 'monitoring',
      auth: { scope: 'runs:write', permission: 'run:write' },
      params: projectParams.extend({ scheduleId: s.idParam }),
      response: z.object({ queued: z.number(), jobs: z.array(jobOut) }),
      status: 202,
      async handler({ params, principal }) {
        const r = await getSchedule(params.projectId, params.scheduleId);
        return runNow(params.projectId, scheduleSettings(r), principal!.username, r.id);
      },
    }),
    route({
      method: 'POST',
      path: '/projects/:projectId/scopes/:name/run',
      summary: 'Run a stored scope now (all its targets, or those named)',
      tag: 'monitoring',
      auth: { scope: 'runs:write', permission: 'run:write' },
      params: projectParams.extend({ name: z.string().regex(/^[A-Za-z0-9._-]{1,80}$/) }),
      body: z.object({ targets: z.array(z.string().min(1).max(100)).max(1000).default([]) }).strict(),
      response: z.object({ queued: z.number(), jobs: z.array(jobOut) }),
      status: 202,
      async handler({ params, body, principal }) {
        await requireProject(params.projectId);
        return runNow(
          params.projectId,
          {
            scopeName: params.name,
            targets: body.targets,
            cron: '',
            timezone: 'UTC',
            jitterSeconds: 0,
            catchUp: 'none',
            intrusive: false,
            active: false,
            windowPolicy: 'none',
            windows: [],
          },
          principal!.username,
        );
      },
    }),
    route({
      method: 'GET',
      path: '/projects/:projectId/jobs',
      summary: 'Monitoring jobs of the project, newest first',
      tag: 'monitoring',
      auth: { scope: 'runs:read', permission: 'project:read' },
      params: projectParams,
      query: z.object({
        limit: z.coerce.number().int().min(1).max(1000).default(100),
        state: z.string().max(20).optional(),
      }),
      response: z.array(jobOut),
      async handler({ params, query }) {
        await requireProject(params.projectId);
        let q = db.selectFrom('monitor_jobs').selectAll().where('project_id', '=', params.projectId);
        if (query.state) q = q.where('state', '=', query.state);
        const rows = await q.orderBy('queued_at', 'desc').orderBy('id').limit(query.limit).execute();
        return rows.map(jobView);
      },
    }),

    // ── workers ────────────────────────────────────────────────────────────
    route({
      method: 'POST',
      path: '/worker/claim',
      summary: 'A worker asks for its next job (pull: workers need no inbound port)',
      tag: 'workers',
      auth: { scope: 'worker', admin: true },
      body: z
        .object({
          name: z.string().regex(/^[A-Za-z0-9._:@-]{1,100}$/),
          labels: z.record(labelName, labelValue).default({}),
          version: z.string().max(40).default('unknown'),
        })
        .strict(),
      response: z.union([claimOut, z.object({ job: z.null() })]),
      async handler({ body, principal }) {
        const now = new Date().toISOString();
        const row = {
          labels: labelsKey(body.labels),
          version: body.version,
          user_name: principal!.username,
          last_seen_at: now,
        };
        await db
          .insertInto('workers')
          .values({ name: body.name, first_seen_at: now, ...row })
          .onConflict((oc) => oc.column('name').doUpdateSet(row))
          .execute();
        const m = monitor();
        const claim = await claimJob(ctx, m.queue, `worker:${body.name}`, body.labels, m.leaseSeconds);
        return claim ?? { job: null };
      },
    }),
    route({
      method: 'POST',
      path: '/worker/jobs/:jobId/heartbeat',
      summary: 'The worker still runs the job: its lease is extended',
      tag: 'workers',
      auth: { scope: 'worker', admin: true },
      params: z.object({ jobId: s.idParam }),
      body: z.object({ token: z.string().min(1).max(200) }).strict(),
      response: z.object({ expiresAt: z.string() }),
      async handler({ params, body }) {
        try {
          return await heartbeat(ctx, params.jobId, body.token, monitor().leaseSeconds);
        } catch (err) {
          if (err instanceof LeaseError) throw new ApiError(409, err.message);
          throw err;
        }
      },
    }),
    route({
      method: 'POST',
      path: '/worker/jobs/:jobId/result',
      summary: 'The job’s report.json (lease token in x-lease-token); idempotent: a repeat stores nothing new',
      tag: 'workers',
      auth: { scope: 'worker', admin: true },
      params: z.object({ jobId: s.idParam }),
      body: reportSchema,
      bodyLimit: ctx.config.maxReportBytes,
      response: z.object({
        runId: z.string(),
        duplicate: z.boolean(),
        created: z.number(),
        regressed: z.number(),
        verified: z.number(),
      }),
      async handler({ params, body, req }) {
        const token = req.headers['x-lease-token'];
        if (typeof token !== 'string') throw new ApiError(400, 'missing x-lease-token header');
        const raw = (req as typeof req & { rawJson?: string }).rawJson ?? JSON.stringify(req.body);
        try {
          const m = monitor();
          const done = await completeJob(ctx, m.queue, params.jobId, token, body, raw, (p, sum) =>
            m.afterImport(p, sum),
          );
          return {
            runId: done.runId,
            duplicate: done.import.duplicate,
            created: done.import.created,
            regressed: done.import.regressed,
            verified: done.import.verified,
          };
        } catch (err) {
          if (err instanceof LeaseError) throw new ApiError(409, err.message);
          throw err;
        }
      },
    }),
    route({
      method: 'POST',
      path: '/worker/jobs/:jobId/fail',
      summary: 'The worker could not run the job: it is retried, or dead-lettered after its last attempt',
      tag: 'workers',
      auth: { scope: 'worker', admin: true },
      params: z.object({ jobId: s.idParam }),
      body: z.object({ token: z.string().min(1).max(200), reason: z.string().min(1).max(4000) }).strict(),
      response: z.object({ outcome: z.enum(['retry', 'dead']) }),
      async handler({ params, body }) {
        try {
          const m = monitor();
          return {
            outcome: await failJob(ctx, m.queue, params.jobId, body.token, body.reason, (j, r) => m.onDead(j, r)),
          };
        } catch (err) {
          if (err instanceof LeaseError) throw new ApiError(409, err.message);
          throw err;
        }
      },
    }),
    route({
      method: 'GET',
      path: '/workers',
      summary: 'Workers that asked for jobs, with their labels and when they were last seen',
      tag: 'workers',
      auth: { scope: 'admin', admin: true },
      response: z.array(
        z.object({
          name: z.string(),
          labels: z.string(),
          version: z.string(),
          user: z.string(),
          lastSeenAt: z.string(),
        }),
      ),
      async handler() {
        const rows = await db.selectFrom('workers').selectAll().orderBy('name').execute();
        return rows.map((w) => ({
          name: w.name,
          labels: w.labels,
          version: w.version,
          user: w.user_name,
          lastSeenAt: w.last_seen_at,
        }));
      },
    }),

    // ── alerts ─────────────────────────────────────────────────────────────
    route({
      method: 'GET',
      path: '/projects/:projectId/alert-channels',
      summary: 'Alert channels (secrets masked)',
      tag: 'alerts',
      auth: { scope: 'projects:read', permission: 'project:read' },
      params: projectParams,
      response: z.array(channelOut),
      async handler({ params }) {
        await requireProject(params.projectId);
        const rows = await db
          .selectFrom('alert_channels')
          .selectAll()
          .where('project_id', '=', params.projectId)
          .orderBy('name')
          .execute();
        return rows.map((c) => ({
          id: c.id,
          name: c.name,
          kind: c.kind as ChannelKind,
          config: publicConfig(c.kind as ChannelKind, JSON.parse(c.config)),
        }));
      },
    }),
    route({
      method: 'POST',
      path: '/projects/:projectId/alert-channels',
      summary: 'Add a channel: e-mail, signed webhook, Slack, DingTalk, Feishu/Lark or WeCom',
      tag: 'alerts',
      auth: { scope: 'projects:write', permission: 'project:manage' },
      params: projectParams,
      body: channelBody,
      response: channelOut,
      status: 201,
      async handler({ params, body, principal }) {
        await requireProject(params.projectId);
        const row = {
          id: newId('chn'),
          project_id: params.projectId,
          name: body.name,
          kind: body.kind,
          config: JSON.stringify(body.config),
          created_by: principal!.username,
          created_at: new Date().toISOString(),
        };
        const pub = publicConfig(body.kind, body.config as Record<string, unknown>);
        await db.transaction().execute(async (trx) => {
          await trx.insertInto('alert_channels').values(row).execute();
          await appendAudit(trx, engine, {
            actor: principal!.username,
            action: 'alert-channel.create',
            entity: 'alert-channel',
            entityId: row.id,
            projectId: params.projectId,
            after: { name: body.name, kind: body.kind, config: pub },
          });
        });
        return { id: row.id, name: row.name, kind: body.kind, config: pub };
      },
    }),
    route({
      method: 'DELETE',
      path: '/projects/:projectId/alert-channels/:channelId',
      summary: 'Remove a channel and the rules that use it',
      tag: 'alerts',
      auth: { scope: 'projects:write', permission: 'project:manage' },
      params: projectParams.extend({ channelId: s.idParam }),
      response: s.ok,
      handler: ({ params, principal }) =>
        removeAlertObject('alert_channels', 'alert-channel', params.projectId, params.channelId, principal!.username),
    }),
    route({
      method: 'POST',
      path: '/projects/:projectId/alert-channels/:channelId/test',
      summary: 'Send a test message through the channel',
      tag: 'alerts',
      auth: { scope: 'projects:write', permission: 'project:manage' },
      params: projectParams.extend({ channelId: s.idParam }),
      response: z.object({ ok: z.boolean(), error: z.string().optional() }),
      async handler({ params }) {
        const p = await requireProject(params.projectId);
        const c = await db
          .selectFrom('alert_channels')
          .selectAll()
          .where('id', '=', params.channelId)
          .where('project_id', '=', params.projectId)
          .executeTakeFirst();
        if (!c) throw new ApiError(404, `no channel ${params.channelId} in this project`);
        const message = renderMessage(
          p.name,
          [
            {
              id: 0,
              kind: 'run-failed',
              severity: 'info',
              check_id: null,
              target_id: null,
              at: new Date().toISOString(),
              payload: JSON.stringify({
                title: `test message for channel ${c.name}`,
                projectName: p.name,
                link: `${ctx.config.publicUrl}/projects/${p.id}`,
              }),
            },
          ],
          false,
          new Redactor(),
        );
        try {
          await sendToChannel(c.kind as ChannelKind, JSON.parse(c.config), message);
          return { ok: true };
        } catch (err) {
          if (err instanceof ChannelError) return { ok: false, error: err.message };
          throw err;
        }
      },
    }),
    route({
      method: 'GET',
      path: '/projects/:projectId/alert-rules',
      summary: 'Alert rules',
      tag: 'alerts',
      auth: { scope: 'projects:read', permission: 'project:read' },
      params: projectParams,
      response: z.array(ruleOut),
      async handler({ params }) {
        await requireProject(params.projectId);
        const rows = await db
          .selectFrom('alert_rules')
          .selectAll()
          .where('project_id', '=', params.projectId)
          .orderBy('name')
          .execute();
        return rows.map((r) => ({
          id: r.id,
          name: r.name,
          events: JSON.parse(r.events) as string[],
          minSeverity: r.min_severity,
          ...(JSON.parse(r.filters) as object),
          channelId: r.channel_id,
          mode: r.mode,
          digestTime: r.digest_time,
          timezone: r.timezone,
          enabled: Boolean(r.enabled),
        }));
      },
    }),
    route({
      method: 'POST',
      path: '/projects/:projectId/alert-rules',
      summary:
        'Alert on events (new failing finding, regression, SLA breach, acceptance expiring, band dropped, run failed)',
      tag: 'alerts',
      auth: { scope: 'projects:write', permission: 'project:manage' },
      params: projectParams,
      body: ruleBody,
      response: ruleOut,
      status: 201,
      async handler({ params, body, principal }) {
        await requireProject(params.projectId);
        if (!validTimezone(body.timezone)) throw new ApiError(400, `time zone "${body.timezone}" is not an IANA zone`);
        const channel = await db
          .selectFrom('alert_channels')
          .select('id')
          .where('id', '=', body.channelId)
          .where('project_id', '=', params.projectId)
          .executeTakeFirst();
        if (!channel) throw new ApiError(400, `no channel ${body.channelId} in this project`);
        const row = {
          id: newId('rul'),
          project_id: params.projectId,
          name: body.name,
          events: JSON.stringify(body.events),
          min_severity: body.minSeverity,
          filters: JSON.stringify({
            checks: body.checks,
            targets: body.targets,
            expiringWithinDays: body.expiringWithinDays,
          }),
          channel_id: body.channelId,
          mode: body.mode,
          digest_time: body.digestTime,
          timezone: body.timezone,
          enabled: body.enabled ? 1 : 0,
          created_at: new Date().toISOString(),
        };
        await db.transaction().execute(async (trx) => {
          await trx.insertInto('alert_rules').values(row).execute();
          await appendAudit(trx, engine, {
            actor: principal!.username,
            action: 'alert-rule.create',
            entity: 'alert-rule',
            entityId: row.id,
            projectId: params.projectId,
            after: body,
          });
        });
        return { id: row.id, ...body };
      },
    }),
    route({
      method: 'DELETE',
      path: '/projects/:projectId/alert-rules/:ruleId',
      summary: 'Remove a rule',
      tag: 'alerts',
      auth: { scope: 'projects:write', permission: 'project:manage' },
      params: projectParams.extend({ ruleId: s.idParam }),
      response: s.ok,
      handler: ({ params, principal }) =>
        removeAlertObject('alert_rules', 'alert-rule', params.projectId, params.ruleId, principal!.username),
    }),
    route({
      method: 'GET',
      path: '/projects/:projectId/alert-events',
      summary: 'Recent alert events and how their deliveries went',
      tag: 'alerts',
      auth: { scope: 'projects:read', permission: 'project:read' },
      params: projectParams,
      query: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) }),
      response: z.array(
        z.object({
          id: z.number(),
          kind: z.string(),
          severity: z.string(),
          checkId: z.string().nullable(),
          targetId: z.string().nullable(),
          at: z.string(),
          title: z.string(),
          deliveries: z.array(
            z.object({
              ruleId: z.string(),
              state: z.string(),
              attempts: z.number(),
              sentAt: z.string().nullable(),
              error: z.string().nullable(),
            }),
          ),
        }),
      ),
      async handler({ params, query }) {
        await requireProject(params.projectId);
        const events = await db
          .selectFrom('alert_events')
          .selectAll()
          .where('project_id', '=', params.projectId)
          .orderBy('id', 'desc')
          .limit(query.limit)
          .execute();
        const deliveries = events.length
          ? await db
              .selectFrom('alert_deliveries')
              .selectAll()
              .where(
                'event_id',
                'in',
                events.map((e) => Number(e.id)),
              )
              .execute()
          : [];
        return events.map((e) => ({
          id: Number(e.id),
          kind: e.kind,
          severity: e.severity,
          checkId: e.check_id,
          targetId: e.target_id,
          at: e.at,
          title: (JSON.parse(e.payload) as { title: string }).title,
          deliveries: deliveries
            .filter((d) => Number(d.event_id) === Number(e.id))
            .map((d) => ({
              ruleId: d.rule_id,
              state: d.state,
              attempts: Number(d.attempts),
              sentAt: d.sent_at,
              error: d.error,
            })),
        }));
      },
    }),

    // ── the monitoring report ──────────────────────────────────────────────
    route({
      method: 'POST',
      path: '/projects/:projectId/findings/:findingId/disclosure',
      summary: 'Mark a finding’s evidence confidential (left out of the phased-disclosure report) or not',
      tag: 'findings',
      auth: { scope: 'findings:write', permission: 'finding:accept' },
      params: projectParams.extend({ findingId: s.idParam }),
      body: z.object({ confidential: z.boolean() }).strict(),
      response: s.ok,
      async handler({ params, body, principal }) {
        await db.transaction().execute(async (trx) => {
          const r = await trx
            .updateTable('findings')
            .set({ confidential: body.confidential ? 1 : 0 })
            .where('id', '=', params.findingId)
            .where('project_id', '=', params.projectId)
            .executeTakeFirst();
          if (Number(r.numUpdatedRows) === 0) throw new ApiError(404, `no finding ${params.findingId} in this project`);
          await appendAudit(trx, engine, {
            actor: principal!.username,
            action: 'finding.disclosure',
            entity: 'finding',
            entityId: params.findingId,
            projectId: params.projectId,
            after: { confidential: body.confidential },
          });
        });
        return { ok: true as const };
      },
    }),
    route({
      method: 'GET',
      path: '/projects/:projectId/monitoring-report',
      summary:
        'The monitoring report: ratings per item group over time, changes per period (JSON, or HTML with format=html)',
      tag: 'monitoring',
      auth: { scope: 'runs:read', permission: 'project:read' },
      params: projectParams,
      query: z.object({
        period: z.enum(['day', 'week', 'month']).default('week'),
        periods: z.coerce.number().int().min(1).max(104).default(8),
        until: z.string().datetime({ offset: true }).optional(),
        framework: z.string().max(100).default('monitoring-report'),
        disclosure: z.enum(['full', 'phased']).default('full'),
        lang: z.enum(['en', 'zh']).default('en'),
        format: z.enum(['json', 'html']).default('json'),
        download: s.flag.optional(),
      }),
      response: z.record(z.string(), z.unknown()),
      async handler({ params, query, reply }) {
        const p = await requireProject(params.projectId);
        const report = await monitoringReport(ctx, p, {
          period: query.period,
          periods: query.periods,
          until: query.until ? new Date(query.until) : new Date(),
          framework: query.framework,
          disclosure: query.disclosure,
        });
        if (query.format === 'json') return report as unknown as Record<string, unknown>;
        const body = renderMonitoringHtml(report, query.lang);
        reply.header('content-type', 'text/html; charset=utf-8');
        if (query.download)
          reply.header(
            'content-disposition',
            `attachment; filename="monitoring-${p.id}-${report.until.slice(0, 10)}-${query.disclosure}-${query.lang}.html"`,
          );
        reply.send(body);
        return undefined;
      },
    }),
  ];
}

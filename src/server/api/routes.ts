import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { compareRuns } from '../../assess/compare.js';
import type { Severity } from '../../model.js';
import { scopeSchema } from '../../scope/schema.js';
import { appendAudit, verifyAuditLog } from '../audit-log.js';
import { assessRun, manualMap } from '../assessment.js';
import { verifyPassword } from '../auth/passwords.js';
import { endSession, startSession } from '../auth/principal.js';
import { finishOidc, startOidc } from '../auth/oidc.js';
import { roleAllows, type Permission } from '../auth/roles.js';
import { newApiToken, newId } from '../auth/secrets.js';
import type { ServerContext } from '../context.js';
import type { FindingTable } from '../db/schema.js';
import { isOverdue, TRANSITION_PERMISSION, TRANSITIONS, type FindingState } from '../findings/lifecycle.js';
import {
  importRun,
  listFindings,
  parseSla,
  reopenExpired,
  transitionFinding,
  WorkflowError,
} from '../findings/store.js';
import { reportSchema } from '../report-input.js';
import { createUser, redeemSetup, SetupError } from '../users.js';
import { ApiError, route, type AnyRoute, type RouteCall } from './define.js';
import { openApiDocument } from './openapi.js';
import * as s from './schemas.js';
import { dashboard, projectOverview } from './views.js';

const projectParams = z.object({ projectId: s.idParam });

export function findingOut(f: Omit<FindingTable, 'detail'>, now = new Date()): z.input<typeof s.finding> {
  return {
    id: f.id,
    fingerprint: f.fingerprint,
    checkId: f.check_id,
    result: f.result,
    targetId: f.target_id,
    title: f.title,
    severity: f.severity as Severity,
    state: f.state as FindingState,
    lastStatus: f.last_status,
    firstRunId: f.first_run_id,
    lastRunId: f.last_run_id,
    firstSeenAt: f.first_seen_at,
    lastSeenAt: f.last_seen_at,
    dueAt: f.due_at,
    overdue: isOverdue(f, now),
    stateChangedAt: f.state_changed_at,
    justification: f.justification,
    approver: f.approver,
    acceptedUntil: f.accepted_until,
    falsePositiveScope: f.fp_scope as 'target' | 'project' | 'all' | null,
  };
}

export function runOut(r: {
  id: string;
  report_run_id: string;
  scope_name: string;
  started: string;
  finished: string;
  score: number | null;
  band: string;
  failing: number;
  complete: number | null;
  uploaded_by: string;
  uploaded_at: string;
}): z.input<typeof s.runSummary> {
  return {
    id: r.id,
    reportRunId: r.report_run_id,
    scopeName: r.scope_name,
    started: r.started,
    finished: r.finished,
    score: r.score === null ? null : Number(r.score),
    band: r.band,
    failing: Number(r.failing),
    complete: r.complete === null ? null : Boolean(r.complete),
    uploadedBy: r.uploaded_by,
    uploadedAt: r.uploaded_at,
  };
}

/** The columns `runOut` reads. */
export const RUN_COLUMNS = [
  'id',
  'report_run_id',
  'scope_name',
  'started',
  'finished',
  'score',
  'band',
  'failing',
  'complete',
  'uploaded_by',
  'uploaded_at',
] as const;

async function requireProject(ctx: ServerContext, projectId: string) {
  const p = await ctx.db.db.selectFrom('projects').selectAll().where('id', '=', projectId).executeTakeFirst();
  if (!p) throw new ApiError(404, `no project ${projectId}`);
  return p;
}

/** A stored run re-assessed with the project's current manual answers. */
export async function runAssessment(ctx: ServerContext, projectId: string, runId: string) {
  const run = await ctx.db.db
    .selectFrom('runs')
    .select(['report'])
    .where('id', '=', runId)
    .where('project_id', '=', projectId)
    .executeTakeFirst();
  if (!run) throw new ApiError(404, `no run ${runId} in project ${projectId}`);
  const answers = await ctx.db.db
    .selectFrom('manual_answers')
    .selectAll()
    .where('project_id', '=', projectId)
    .execute();
  const report = reportSchema.parse(JSON.parse(run.report));
  return assessRun(report, manualMap(answers), await ctx.frameworks());
}

function may(call: RouteCall<unknown, unknown, unknown>, permission: Permission): boolean {
  return Boolean(call.principal?.isAdmin || roleAllows(call.role, permission));
}

function auditRow(r: {
  seq: number;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entity_id: string;
  project_id: string | null;
  before: string | null;
  after: string | null;
  prev_hash: string;
  hash: string;
}): z.input<typeof s.auditEntry> {
  return {
    seq: Number(r.seq),
    at: r.at,
    actor: r.actor,
    action: r.action,
    entity: r.entity,
    entityId: r.entity_id,
    projectId: r.project_id,
    before: r.before === null ? null : JSON.parse(r.before),
    after: r.after === null ? null : JSON.parse(r.after),
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

const loginBody = z.object({ username: z.string().min(1).max(200), password: z.string().min(1).max(1000) });
const meOut = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  isAdmin: z.boolean(),
  via: z.enum(['session', 'token']),
  csrfToken: z.string().optional(),
  projects: z.array(z.object({ projectId: z.string(), role: z.string() })),
});

/** The core routes, then `more` (other modules' routes), so the OpenAPI document lists them all. */
export function apiRoutes(ctx: ServerContext, more: AnyRoute[] = []): AnyRoute[] {
  const db = ctx.db.db;
  const engine = ctx.db.engine;
  const routes: AnyRoute[] = [
    route({
      method: 'GET',
      path: '/health',
      summary: 'Liveness and database reachability',
      tag: 'server',
      auth: 'public',
      response: z.object({ status: z.literal('ok'), database: z.enum(['sqlite', 'postgres']), version: z.string() }),
      async handler() {
        await db.selectFrom('audit_head').select('seq').executeTakeFirst();
        return { status: 'ok' as const, database: engine, version: ctx.toolVersion };
      },
    }),
    route({
      method: 'GET',
      path: '/openapi.json',
      summary: 'This API as an OpenAPI 3.1 document',
      tag: 'server',
      auth: 'user',
      response: z.record(z.string(), z.unknown()),
      async handler() {
        return openApiDocument(routes, ctx.toolVersion);
      },
    }),

    // ── sign-in ────────────────────────────────────────────────────────────
    route({
      method: 'POST',
      path: '/auth/login',
      summary: 'Sign in with a user name and password; sets the session cookie',
      tag: 'auth',
      auth: 'public',
      body: loginBody,
      response: z.object({ ok: z.literal(true), userId: z.string() }),
      rateLimit: {
        max: ctx.config.rateLimit.loginPer15Min,
        timeWindow: 15 * 60_000,
        keyGenerator: (req) =>
          `login:${req.ip}:${String((req.body as { username?: unknown })?.username ?? '').toLowerCase()}`,
      },
      async handler({ body, reply }) {
        const user = await db
          .selectFrom('users')
          .select(['id', 'username', 'password_hash', 'disabled'])
          .where('username', '=', body.username)
          .executeTakeFirst();
        const good = await verifyPassword(body.password, user?.password_hash ?? null);
        if (!user || !good || user.disabled) throw new ApiError(401, 'wrong user name or password');
        await startSession(ctx, reply, user.id, 'password');
        reply.header('HX-Redirect', '/');
        return { ok: true as const, userId: user.id };
      },
    }),
    route({
      method: 'POST',
      path: '/auth/logout',
      summary: 'End the current session',
      tag: 'auth',
      auth: 'public',
      response: s.ok,
      async handler({ req, reply }) {
        await endSession(ctx, req, reply);
        reply.header('HX-Redirect', '/login');
        return { ok: true as const };
      },
    }),
    route({
      method: 'POST',
      path: '/auth/setup',
      summary: 'Redeem a one-time setup link: choose a password (and, for the first admin, a user name)',
      tag: 'auth',
      auth: 'public',
      body: z.object({
        token: z.string().min(10).max(200),
        username: z.string().max(64).optional(),
        password: z.string().max(1000),
      }),
      response: z.object({ ok: z.literal(true), userId: z.string() }),
      rateLimit: { max: 20, timeWindow: 15 * 60_000 },
      async handler({ body, reply }) {
        try {
          const { userId } = await redeemSetup(ctx, body.token, body.password, body.username || undefined);
          await startSession(ctx, reply, userId, 'setup-link');
          reply.header('HX-Redirect', '/');
          return { ok: true as const, userId };
        } catch (err) {
          if (err instanceof SetupError) throw new ApiError(400, err.message);
          throw err;
        }
      },
    }),
    route({
      method: 'GET',
      path: '/auth/oidc/start',
      summary: 'Start single sign-on with the configured OpenID provider (redirect)',
      tag: 'auth',
      auth: 'public',
      response: z.null(),
      async handler({ reply }) {
        if (!ctx.config.oidc) throw new ApiError(404, 'single sign-on is not configured');
        reply.redirect(await startOidc(ctx, reply));
        return undefined;
      },
    }),
    route({
      method: 'GET',
      path: '/auth/oidc/callback',
      summary: 'Where the OpenID provider returns; signs the user in (redirect)',
      tag: 'auth',
      auth: 'public',
      query: z.record(z.string(), z.unknown()),
      response: z.null(),
      async handler({ req, reply }) {
        if (!ctx.config.oidc) throw new ApiError(404, 'single sign-on is not configured');
        let userId: string;
        try {
          userId = await finishOidc(ctx, req, reply);
        } catch (err) {
          throw new ApiError(401, `single sign-on failed: ${(err as Error).message}`);
        }
        await startSession(ctx, reply, userId, 'sso');
        reply.redirect('/');
        return undefined;
      },
    }),
    route({
      method: 'GET',
      path: '/auth/me',
      summary: 'Who is calling, and their project roles',
      tag: 'auth',
      auth: 'user',
      response: meOut,
      async handler({ principal }) {
        const p = principal!;
        const memberships = await db
          .selectFrom('memberships')
          .select(['project_id', 'role'])
          .where('user_id', '=', p.userId)
          .execute();
        return {
          id: p.userId,
          username: p.username,
          displayName: p.displayName,
          isAdmin: p.isAdmin,
          via: p.via,
          csrfToken: p.csrfToken,
          projects: memberships.map((m) => ({ projectId: m.project_id, role: m.role })),
        };
      },
    }),

    // ── projects ───────────────────────────────────────────────────────────
    route({
      method: 'GET',
      path: '/dashboard',
      summary: 'Per project: score trend, failing findings by severity, SLA breaches',
      tag: 'projects',
      auth: { scope: 'projects:read' },
      response: z.array(
        z.object({
          project: s.project,
          latestRun: s.runSummary.nullable(),
          trend: z.array(z.object({ runId: z.string(), started: z.string(), score: z.number().nullable() })),
          activeBySeverity: s.severityCounts,
          overdue: z.number(),
        }),
      ),
      async handler({ principal }) {
        return dashboard(ctx, principal!);
      },
    }),
    route({
      method: 'GET',
      path: '/projects',
      summary: 'Projects the caller can see',
      tag: 'projects',
      auth: { scope: 'projects:read' },
      response: z.array(s.project),
      async handler({ principal }) {
        return (await dashboard(ctx, principal!)).map((d) => d.project);
      },
    }),
    route({
      method: 'POST',
      path: '/projects',
      summary: 'Create a project (a system under audit)',
      tag: 'projects',
      auth: { scope: 'projects:write', admin: true },
      body: z.object({
        name: z.string().min(1).max(200),
        description: z.string().max(10_000).default(''),
        sla: s.slaSchema.default({}),
      }),
      response: s.project,
      status: 201,
      async handler({ body, principal }) {
        const id = newId('prj');
        const createdAt = new Date().toISOString();
        const exists = await db.selectFrom('projects').select('id').where('name', '=', body.name).executeTakeFirst();
        if (exists) throw new ApiError(409, `a project named "${body.name}" exists already`);
        await db.transaction().execute(async (trx) => {
          await trx
            .insertInto('projects')
            .values({
              id,
              name: body.name,
              description: body.description,
              sla: JSON.stringify(body.sla),
              created_at: createdAt,
            })
            .execute();
          await appendAudit(trx, engine, {
            actor: principal!.username,
            action: 'project.create',
            entity: 'project',
            entityId: id,
            projectId: id,
            after: body,
          });
        });
        return { id, name: body.name, description: body.description, sla: body.sla, createdAt, role: null };
      },
    }),
    route({
      method: 'GET',
      path: '/projects/:projectId',
      summary: 'A project with its counts',
      tag: 'projects',
      auth: { scope: 'projects:read', permission: 'project:read' },
      params: projectParams,
      response: z.object({
        project: s.project,
        runs: z.number(),
        targets: z.number(),
        activeBySeverity: s.severityCounts,
        byState: z.record(z.string(), z.number()),
        overdue: z.number(),
      }),
      async handler({ params, role }) {
        await requireProject(ctx, params.projectId);
        return projectOverview(ctx, params.projectId, role ?? null);
      },
    }),
    route({
      method: 'PATCH',
      path: '/projects/:projectId',
      summary: 'Change a project’s name, description or SLA days',
      tag: 'projects',
      auth: { scope: 'projects:write', permission: 'project:manage' },
      params: projectParams,
      body: z.object({
        name: z.string().min(1).max(200).optional(),
        description: z.string().max(10_000).optional(),
        sla: s.slaSchema.optional(),
      }),
      response: s.ok,
      async handler({ params, body, principal }) {
        const before = await requireProject(ctx, params.projectId);
        const set = {
          ...(body.name !== undefined && { name: body.name }),
          ...(body.description !== undefined && { description: body.description }),
          ...(body.sla !== undefined && { sla: JSON.stringify(body.sla) }),
        };
        if (Object.keys(set).length === 0) return { ok: true as const };
        await db.transaction().execute(async (trx) => {
          await trx.updateTable('projects').set(set).where('id', '=', params.projectId).execute();
          await appendAudit(trx, engine, {
            actor: principal!.username,
            action: 'project.update',
            entity: 'project',
            entityId: params.projectId,
            projectId: params.projectId,
            before: { name: before.name, description: before.description, sla: parseSla(before.sla) },
            after: body,
          });
        });
        return { ok: true as const };
      },
    }),
    route({
      method: 'GET',
      path: '/projects/:projectId/targets',
      summary: 'Targets seen in the project’s runs',
      tag: 'projects',
      auth: { scope: 'projects:read', permission: 'project:read' },
      params: projectParams,
      response: z.array(
        z.object({
          id: z.string(),
          kind: z.string(),
          name: z.string().nullable(),
          chain: z.string().nullable(),
          lastRunId: z.string(),
          lastSeenAt: z.string(),
        }),
      ),
      async handler({ params }) {
        await requireProject(ctx, params.projectId);
        const rows = await db
          .selectFrom('targets')
          .selectAll()
          .where('project_id', '=', params.projectId)
          .orderBy('target_id')
          .execute();
        return rows.map((t) => ({
          id: t.target_id,
          kind: t.kind,
          name: t.name,
          chain: t.chain,
          lastRunId: t.last_run_id,
          lastSeenAt: t.last_seen_at,
        }));
      },
    }),
    route({
      method: 'GET',
      path: '/projects/:projectId/scopes',
      summary: 'Scope files kept with the project',
      tag: 'projects',
      auth: { scope: 'projects:read', permission: 'project:read' },
      params: projectParams,
      response: z.array(z.object({ name: z.string(), yaml: z.string(), updatedAt: z.string() })),
      async handler({ params }) {
        await requireProject(ctx, params.projectId);
        const rows = await db
          .selectFrom('scopes')
          .selectAll()
          .where('project_id', '=', params.projectId)
          .orderBy('name')
          .execute();
        return rows.map((r) => ({ name: r.name, yaml: r.yaml, updatedAt: r.updated_at }));
      },
    }),
    route({
      method: 'PUT',
      path: '/projects/:projectId/scopes/:name',
      summary: 'Store a scope file (validated like `chainaudit audit` validates it)',
      tag: 'projects',
      auth: { scope: 'projects:write', permission: 'project:manage' },
      params: projectParams.extend({ name: z.string().regex(/^[A-Za-z0-9._-]{1,80}$/) }),
      body: z.object({ yaml: z.string().min(1).max(1_000_000) }),
      response: s.ok,
      async handler({ params, body, principal }) {
        await requireProject(ctx, params.projectId);
        let data: unknown;
        try {
          data = parseYaml(body.yaml, { maxAliasCount: 100 });
        } catch (err) {
          throw new ApiError(400, `scope ${params.name}: not YAML: ${(err as Error).message}`);
        }
        const parsed = scopeSchema.safeParse(data);
        if (!parsed.success)
          throw new ApiError(
            400,
            `scope ${params.name}: ${parsed.error.issues
              .slice(0, 5)
              .map((i) => `${i.path.join('.')}: ${i.message}`)
              .join('; ')}`,
          );
        const updatedAt = new Date().toISOString();
        await db.transaction().execute(async (trx) => {
          await trx
            .insertInto('scopes')
            .values({ project_id: params.projectId, name: params.name, yaml: body.yaml, updated_at: updatedAt })
            .onConflict((oc) =>
              oc.columns(['project_id', 'name']).doUpdateSet({ yaml: body.yaml, updated_at: updatedAt }),
            )
            .execute();
          await appendAudit(trx, engine, {
            actor: principal!.username,
            action: 'scope.put',
            entity: 'scope',
            entityId: params.name,
            projectId: params.projectId,
            after: { yaml: body.yaml },
          });
        });
        return { ok: true as const };
      },
    }),
    route({
      method: 'GET',
      path: '/projects/:projectId/members',
      summary: 'Who has which role in the project',
      tag: 'projects',
      auth: { scope: 'projects:read', permission: 'project:read' },
      params: projectParams,
      response: z.array(
        z.object({ userId: z.string(), username: z.string(), displayName: z.string(), role: z.string() }),
      ),
      async handler({ params }) {
        await requireProject(ctx, params.projectId);
        const rows = await db
          .selectFrom('memberships')
          .innerJoin('users', 'users.id', 'memberships.user_id')
          .select(['users.id', 'users.username', 'users.display_name', 'memberships.role'])
          .where('memberships.project_id', '=', params.projectId)
          .orderBy('users.username')
          .execute();
        return rows.map((r) => ({ userId: r.id, username: r.username, displayName: r.display_name, role: r.role }));
      },
    }),
    route({
      method: 'PUT',
      path: '/projects/:projectId/members',
      summary: 'Give a user a role in the project (replaces the role they had)',
      tag: 'projects',
      auth: { scope: 'projects:write', permission: 'project:manage' },
      params: projectParams,
      body: z.object({ userId: s.idParam, role: s.projectRole }),
      response: s.ok,
      async handler({ params: path, body, principal }) {
        const params = { ...path, userId: body.userId };
        await requireProject(ctx, params.projectId);
        const user = await db.selectFrom('users').select('id').where('id', '=', params.userId).executeTakeFirst();
        if (!user) throw new ApiError(404, `no user ${params.userId}`);
        await db.transaction().execute(async (trx) => {
          const before = await trx
            .selectFrom('memberships')
            .select('role')
            .where('project_id', '=', params.projectId)
            .where('user_id', '=', params.userId)
            .executeTakeFirst();
          await trx
            .insertInto('memberships')
            .values({ project_id: params.projectId, user_id: params.userId, role: body.role })
            .onConflict((oc) => oc.columns(['project_id', 'user_id']).doUpdateSet({ role: body.role }))
            .execute();
          await appendAudit(trx, engine, {
            actor: principal!.username,
            action: 'member.put',
            entity: 'membership',
            entityId: params.userId,
            projectId: params.projectId,
            before: before ?? null,
            after: { role: body.role },
          });
        });
        return { ok: true as const };
      },
    }),
    route({
      method: 'DELETE',
      path: '/projects/:projectId/members/:userId',
      summary: 'Remove a user’s role in the project',
      tag: 'projects',
      auth: { scope: 'projects:write', permission: 'project:manage' },
      params: projectParams.extend({ userId: s.idParam }),
      response: s.ok,
      async handler({ params, principal }) {
        await db.transaction().execute(async (trx) => {
          const before = await trx
            .selectFrom('memberships')
            .select('role')
            .where('project_id', '=', params.projectId)
            .where('user_id', '=', params.userId)
            .executeTakeFirst();
          if (!before) throw new ApiError(404, `user ${params.userId} has no role in this project`);
          await trx
            .deleteFrom('memberships')
            .where('project_id', '=', params.projectId)
            .where('user_id', '=', params.userId)
            .execute();
          await appendAudit(trx, engine, {
            actor: principal!.username,
            action: 'member.delete',
            entity: 'membership',
            entityId: params.userId,
            projectId: params.projectId,
            before,
          });
        });
        return { ok: true as const };
      },
    }),

    // ── runs ───────────────────────────────────────────────────────────────
    route({
      method: 'GET',
      path: '/projects/:projectId/runs',
      summary: 'Runs of the project, newest first',
      tag: 'runs',
      auth: { scope: 'runs:read', permission: 'project:read' },
      params: projectParams,
      query: z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) }),
      response: z.array(s.runSummary),
      async handler({ params, query }) {
        await requireProject(ctx, params.projectId);
        const rows = await db
          .selectFrom('runs')
          .select(RUN_COLUMNS)
          .where('project_id', '=', params.projectId)
          .orderBy('started', 'desc')
          .limit(query.limit)
          .execute();
        return rows.map(runOut);
      },
    }),
    route({
      method: 'POST',
      path: '/projects/:projectId/runs',
      summary: 'Upload a run: the report.json `chainaudit audit` writes (extra fields are kept)',
      tag: 'runs',
      auth: { scope: 'runs:write', permission: 'run:write' },
      params: projectParams,
      body: reportSchema,
      bodyLimit: ctx.config.maxReportBytes,
      response: z.object({
        runId: z.string(),
        duplicate: z.boolean().describe('the same report was uploaded before; nothing changed'),
        findings: z.number(),
        created: z.number(),
        regressed: z.number(),
        verified: z.number(),
        suppressed: z.number(),
      }),
      status: 201,
      async handler({ params, body, req, principal, status }) {
        await requireProject(ctx, params.projectId);
        const raw = (req as typeof req & { rawJson?: string }).rawJson ?? JSON.stringify(req.body);
        const summary = await importRun(ctx.db, params.projectId, body, raw, principal!.username);
        if (summary.duplicate) status(200);
        else await ctx.monitor?.afterImport(params.projectId, summary);
        return summary;
      },
    }),
    route({
      method: 'GET',
      path: '/projects/:projectId/runs/:runId',
      summary: 'One run’s summary',
      tag: 'runs',
      auth: { scope: 'runs:read', permission: 'project:read' },
      params: projectParams.extend({ runId: s.idParam }),
      response: s.runSummary,
      async handler({ params }) {
        const r = await db
          .selectFrom('runs')
          .select(RUN_COLUMNS)
          .where('id', '=', params.runId)
          .where('project_id', '=', params.projectId)
          .executeTakeFirst();
        if (!r) throw new ApiError(404, `no run ${params.runId} in this project`);
        return runOut(r);
      },
    }),
    route({
      method: 'GET',
      path: '/projects/:projectId/runs/:runId/assessment',
      summary: 'The run’s assessment, folded again with the project’s manual answers (report.json shape)',
      tag: 'runs',
      auth: { scope: 'runs:read', permission: 'project:read' },
      params: projectParams.extend({ runId: s.idParam }),
      response: z.record(z.string(), z.unknown()),
      async handler({ params }) {
        return (await runAssessment(ctx, params.projectId, params.runId)) as unknown as Record<string, unknown>;
      },
    }),
    route({
      method: 'GET',
      path: '/compare',
      summary: 'The blockchain evaluation items × several runs (Table-10 comparison)',
      tag: 'runs',
      auth: { scope: 'runs:read' },
      query: z.object({
        runs: z
          .string()
          .max(2000)
          .transform((v) => v.split(',').filter(Boolean))
          .pipe(z.array(s.idParam).min(1).max(20)),
        reference: z
          .enum(['true', 'false', '1', '0'])
          .optional()
          .transform((v) => v === 'true' || v === '1'),
      }),
      response: z.record(z.string(), z.unknown()),
      async handler({ query, principal }) {
        const assessments = [];
        for (const runId of query.runs) {
          const run = await db.selectFrom('runs').select(['project_id']).where('id', '=', runId).executeTakeFirst();
          if (!run) throw new ApiError(404, `no run ${runId}`);
          if (!principal!.isAdmin) {
            const m = await db
              .selectFrom('memberships')
              .select('role')
              .where('user_id', '=', principal!.userId)
              .where('project_id', '=', run.project_id)
              .executeTakeFirst();
            if (!roleAllows(m?.role, 'project:read')) throw new ApiError(403, `you cannot read run ${runId}`);
          }
          assessments.push(await runAssessment(ctx, run.project_id, runId));
        }
        return compareRuns(assessments, query.reference) as unknown as Record<string, unknown>;
      },
    }),

    // ── findings ───────────────────────────────────────────────────────────
    route({
      method: 'GET',
      path: '/projects/:projectId/findings',
      summary: 'Findings of the project, worst first, filtered',
      tag: 'findings',
      auth: { scope: 'findings:read', permission: 'project:read' },
      params: projectParams,
      query: s.findingQuery,
      response: z.object({ total: z.number(), findings: z.array(s.finding) }),
      async handler({ params, query }) {
        await requireProject(ctx, params.projectId);
        const now = new Date();
        await reopenExpired(db, engine, params.projectId, now);
        const page = await listFindings(
          ctx.db,
          params.projectId,
          {
            state: query.state,
            severity: query.severity,
            checkId: query.check,
            targetId: query.target,
            overdue: query.overdue,
            q: query.q,
            limit: query.limit,
            offset: query.offset,
          },
          now,
        );
        return { total: page.total, findings: page.findings.map((f) => findingOut(f, now)) };
      },
    }),
    route({
      method: 'GET',
      path: '/projects/:projectId/findings/:findingId',
      summary: 'One finding: evidence, history, and the moves the caller may make',
      tag: 'findings',
      auth: { scope: 'findings:read', permission: 'project:read' },
      params: projectParams.extend({ findingId: s.idParam }),
      response: s.finding.extend({
        detail: z.object({
          message: z.string(),
          evidence: z.array(z.object({ label: z.string(), value: z.string() })),
          locations: z.array(z.record(z.string(), z.unknown())),
          remediation: z.string(),
          items: z.array(z.string()),
          confidence: z.string(),
        }),
        history: z.array(s.findingEvent),
        allowedTransitions: z.array(s.findingState),
      }),
      async handler(call) {
        const { params } = call;
        await reopenExpired(db, engine, params.projectId, new Date());
        const f = await db
          .selectFrom('findings')
          .selectAll()
          .where('id', '=', params.findingId)
          .where('project_id', '=', params.projectId)
          .executeTakeFirst();
        if (!f) throw new ApiError(404, `no finding ${params.findingId} in this project`);
        const history = await db
          .selectFrom('finding_events')
          .selectAll()
          .where('finding_id', '=', f.id)
          .orderBy('id')
          .execute();
        return {
          ...findingOut(f),
          detail: JSON.parse(f.detail),
          history: history.map((h) => ({
            at: h.at,
            actor: h.actor,
            from: h.from_state,
            to: h.to_state,
            note: h.note,
            runId: h.run_id,
          })),
          allowedTransitions: TRANSITIONS[f.state as FindingState].filter((to) => may(call, TRANSITION_PERMISSION[to])),
        };
      },
    }),
    route({
      method: 'POST',
      path: '/projects/:projectId/findings/:findingId/transitions',
      summary: 'Move a finding through its lifecycle',
      tag: 'findings',
      auth: { scope: 'findings:write', permission: 'project:read' },
      params: projectParams.extend({ findingId: s.idParam }),
      body: s.transitionBody,
      response: s.finding,
      async handler(call) {
        const { params, body, principal } = call;
        const needed = TRANSITION_PERMISSION[body.to];
        if (!may(call, needed)) throw new ApiError(403, `moving a finding to ${body.to} needs ${needed}`);
        try {
          const f = await transitionFinding(ctx.db, params.projectId, params.findingId, body, {
            id: principal!.userId,
            username: principal!.username,
          });
          // Marked fixed: its check runs again on its target, and the run verifies or reopens it.
          if (body.to === 'fixed' && ctx.monitor) {
            const retest = await ctx.monitor.retest(f, principal!.username);
            call.reply.header('x-retest', retest.queued ? 'queued' : `not queued: ${retest.reason}`);
          }
          return findingOut(f);
        } catch (err) {
          if (err instanceof WorkflowError) throw new ApiError(err.statusCode, err.message);
          throw err;
        }
      },
    }),

    // ── manual answers ─────────────────────────────────────────────────────
    route({
      method: 'GET',
      path: '/projects/:projectId/manual',
      summary: 'Manual answers recorded for the project (they feed every run’s assessment)',
      tag: 'manual',
      auth: { scope: 'runs:read', permission: 'project:read' },
      params: projectParams,
      response: z.array(
        z.object({
          itemId: z.string(),
          verdict: z.string(),
          note: z.string(),
          evidence: z.array(z.string()),
          assessor: z.string(),
          date: z.string(),
          attachments: z.array(z.object({ id: z.string(), name: z.string(), size: z.number() })),
        }),
      ),
      async handler({ params }) {
        await requireProject(ctx, params.projectId);
        const rows = await db
          .selectFrom('manual_answers')
          .selectAll()
          .where('project_id', '=', params.projectId)
          .orderBy('item_id')
          .execute();
        const atts = await db
          .selectFrom('attachments')
          .select(['id', 'item_id', 'name', 'size'])
          .where('project_id', '=', params.projectId)
          .execute();
        return rows.map((r) => ({
          itemId: r.item_id,
          verdict: r.verdict,
          note: r.note,
          evidence: JSON.parse(r.evidence) as string[],
          assessor: r.assessor,
          date: r.date,
          attachments: atts
            .filter((a) => a.item_id === r.item_id)
            .map((a) => ({ id: a.id, name: a.name, size: Number(a.size) })),
        }));
      },
    }),
    route({
      method: 'PUT',
      path: '/projects/:projectId/manual/:itemId',
      summary: 'Answer a catalog item by hand (verdict, note, evidence)',
      tag: 'manual',
      auth: { scope: 'manual:write', permission: 'manual:write' },
      params: projectParams.extend({ itemId: z.string().min(1).max(200) }),
      body: s.manualAnswerBody,
      response: s.ok,
      async handler({ params, body, principal }) {
        await requireProject(ctx, params.projectId);
        if (!(await ctx.frameworks()).catalog.byId.has(params.itemId))
          throw new ApiError(404, `no catalog item ${params.itemId}`);
        const now = new Date().toISOString();
        const row = {
          verdict: body.verdict,
          note: body.note,
          evidence: JSON.stringify(body.evidence),
          assessor: principal!.displayName,
          date: now.slice(0, 10),
          updated_at: now,
        };
        await db.transaction().execute(async (trx) => {
          const before = await trx
            .selectFrom('manual_answers')
            .select(['verdict', 'note', 'evidence', 'assessor', 'date'])
            .where('project_id', '=', params.projectId)
            .where('item_id', '=', params.itemId)
            .executeTakeFirst();
          await trx
            .insertInto('manual_answers')
            .values({ project_id: params.projectId, item_id: params.itemId, ...row })
            .onConflict((oc) => oc.columns(['project_id', 'item_id']).doUpdateSet(row))
            .execute();
          await appendAudit(trx, engine, {
            actor: principal!.username,
            action: 'manual.put',
            entity: 'manual-answer',
            entityId: params.itemId,
            projectId: params.projectId,
            before: before ?? null,
            after: { verdict: body.verdict, note: body.note, evidence: body.evidence },
          });
        });
        return { ok: true as const };
      },
    }),
    route({
      method: 'DELETE',
      path: '/projects/:projectId/manual/:itemId',
      summary: 'Withdraw a manual answer (the item goes back to its checks’ verdict)',
      tag: 'manual',
      auth: { scope: 'manual:write', permission: 'manual:write' },
      params: projectParams.extend({ itemId: z.string().min(1).max(200) }),
      response: s.ok,
      async handler({ params, principal }) {
        await db.transaction().execute(async (trx) => {
          const before = await trx
            .selectFrom('manual_answers')
            .select(['verdict', 'note', 'evidence'])
            .where('project_id', '=', params.projectId)
            .where('item_id', '=', params.itemId)
            .executeTakeFirst();
          if (!before) throw new ApiError(404, `no manual answer for ${params.itemId}`);
          await trx
            .deleteFrom('manual_answers')
            .where('project_id', '=', params.projectId)
            .where('item_id', '=', params.itemId)
            .execute();
          await appendAudit(trx, engine, {
            actor: principal!.username,
            action: 'manual.delete',
            entity: 'manual-answer',
            entityId: params.itemId,
            projectId: params.projectId,
            before,
          });
        });
        return { ok: true as const };
      },
    }),
    route({
      method: 'POST',
      path: '/projects/:projectId/manual/:itemId/attachments',
      summary: 'Attach a file (base64, at most 5 MB) to a manual answer',
      tag: 'manual',
      auth: { scope: 'manual:write', permission: 'manual:write' },
      params: projectParams.extend({ itemId: z.string().min(1).max(200) }),
      body: s.attachmentBody,
      bodyLimit: 8 * 1024 * 1024,
      response: z.object({ id: z.string(), size: z.number() }),
      status: 201,
      async handler({ params, body, principal }) {
        const answer = await db
          .selectFrom('manual_answers')
          .select('item_id')
          .where('project_id', '=', params.projectId)
          .where('item_id', '=', params.itemId)
          .executeTakeFirst();
        if (!answer) throw new ApiError(404, `answer ${params.itemId} first, then attach files to it`);
        const bytes = Buffer.from(body.dataBase64, 'base64');
        if (bytes.length > 5 * 1024 * 1024) throw new ApiError(413, `attachment ${body.name} is larger than 5 MB`);
        const id = newId('att');
        await db.transaction().execute(async (trx) => {
          await trx
            .insertInto('attachments')
            .values({
              id,
              project_id: params.projectId,
              item_id: params.itemId,
              name: body.name,
              content_type: body.contentType,
              size: bytes.length,
              data: bytes.toString('base64'),
              created_by: principal!.username,
              created_at: new Date().toISOString(),
            })
            .execute();
          await appendAudit(trx, engine, {
            actor: principal!.username,
            action: 'attachment.create',
            entity: 'attachment',
            entityId: id,
            projectId: params.projectId,
            after: { itemId: params.itemId, name: body.name, size: bytes.length },
          });
        });
        return { id, size: bytes.length };
      },
    }),
    route({
      method: 'GET',
      path: '/projects/:projectId/attachments/:attachmentId',
      summary: 'Download an attachment (always as a download, never rendered)',
      tag: 'manual',
      auth: { scope: 'runs:read', permission: 'project:read' },
      params: projectParams.extend({ attachmentId: s.idParam }),
      response: z.string().describe('the file'),
      async handler({ params, reply }) {
        const a = await db
          .selectFrom('attachments')
          .select(['name', 'data'])
          .where('id', '=', params.attachmentId)
          .where('project_id', '=', params.projectId)
          .executeTakeFirst();
        if (!a) throw new ApiError(404, `no attachment ${params.attachmentId}`);
        reply
          .header('content-type', 'application/octet-stream')
          .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(a.name)}`)
          .send(Buffer.from(a.data, 'base64'));
        return undefined;
      },
    }),

    // ── users and tokens ───────────────────────────────────────────────────
    route({
      method: 'GET',
      path: '/users',
      summary: 'Every user',
      tag: 'users',
      auth: { scope: 'admin', admin: true },
      response: z.array(s.userInfo),
      async handler() {
        const rows = await db.selectFrom('users').selectAll().orderBy('username').execute();
        return rows.map((u) => ({
          id: u.id,
          username: u.username,
          displayName: u.display_name,
          isAdmin: Boolean(u.is_admin),
          disabled: Boolean(u.disabled),
          sso: u.oidc_subject !== null,
          pendingSetup: u.setup_token_hash !== null,
          createdAt: u.created_at,
        }));
      },
    }),
    route({
      method: 'POST',
      path: '/users',
      summary: 'Create a user; returns a one-time setup link for them to choose a password',
      tag: 'users',
      auth: { scope: 'admin', admin: true },
      body: z.object({
        username: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._@-]{1,63}$/, '2–64 letters, digits, ".", "_", "@" or "-"'),
        displayName: z.string().max(200).optional(),
        isAdmin: s.flag.default(false),
      }),
      response: z.object({ id: z.string(), setupUrl: z.string() }),
      status: 201,
      async handler({ body, principal }) {
        const taken = await db
          .selectFrom('users')
          .select('id')
          .where('username', '=', body.username)
          .executeTakeFirst();
        if (taken) throw new ApiError(409, `user name ${body.username} is taken`);
        return createUser(ctx, body, principal!.username);
      },
    }),
    route({
      method: 'PATCH',
      path: '/users/:userId',
      summary: 'Rename, promote or disable a user',
      tag: 'users',
      auth: { scope: 'admin', admin: true },
      params: z.object({ userId: s.idParam }),
      body: z.object({
        displayName: z.string().min(1).max(200).optional(),
        isAdmin: s.flag.optional(),
        disabled: s.flag.optional(),
      }),
      response: s.ok,
      async handler({ params, body, principal }) {
        const before = await db
          .selectFrom('users')
          .select(['display_name', 'is_admin', 'disabled'])
          .where('id', '=', params.userId)
          .executeTakeFirst();
        if (!before) throw new ApiError(404, `no user ${params.userId}`);
        if (params.userId === principal!.userId && (body.isAdmin === false || body.disabled === true))
          throw new ApiError(409, 'you cannot demote or disable yourself');
        const set = {
          ...(body.displayName !== undefined && { display_name: body.displayName }),
          ...(body.isAdmin !== undefined && { is_admin: body.isAdmin ? 1 : 0 }),
          ...(body.disabled !== undefined && { disabled: body.disabled ? 1 : 0 }),
        };
        await db.transaction().execute(async (trx) => {
          if (Object.keys(set).length)
            await trx.updateTable('users').set(set).where('id', '=', params.userId).execute();
          if (body.disabled) await trx.deleteFrom('sessions').where('user_id', '=', params.userId).execute();
          await appendAudit(trx, engine, {
            actor: principal!.username,
            action: 'user.update',
            entity: 'user',
            entityId: params.userId,
            before: {
              displayName: before.display_name,
              isAdmin: Boolean(before.is_admin),
              disabled: Boolean(before.disabled),
            },
            after: body,
          });
        });
        return { ok: true as const };
      },
    }),
    route({
      method: 'GET',
      path: '/tokens',
      summary: 'The caller’s API tokens (never their secret)',
      tag: 'tokens',
      auth: { sessionOnly: true },
      response: z.array(s.tokenInfo),
      async handler({ principal }) {
        const rows = await db
          .selectFrom('api_tokens')
          .selectAll()
          .where('user_id', '=', principal!.userId)
          .orderBy('created_at', 'desc')
          .execute();
        return rows.map((t) => ({
          id: t.id,
          name: t.name,
          prefix: t.prefix,
          scopes: JSON.parse(t.scopes),
          projectId: t.project_id,
          expiresAt: t.expires_at,
          createdAt: t.created_at,
          lastUsedAt: t.last_used_at,
          revokedAt: t.revoked_at,
        }));
      },
    }),
    route({
      method: 'POST',
      path: '/tokens',
      summary: 'Create an API token; its secret is in this answer only',
      tag: 'tokens',
      auth: { sessionOnly: true },
      body: z.object({
        name: z.string().min(1).max(200),
        scopes: z.array(s.tokenScope).min(1),
        projectId: s.idParam.optional().describe('limit the token to one project'),
        expiresInDays: z.coerce.number().int().min(1).max(366).default(90),
      }),
      response: s.tokenInfo.extend({ token: z.string().describe('shown once') }),
      status: 201,
      async handler({ body, principal }) {
        const p = principal!;
        if (body.scopes.includes('admin') && !p.isAdmin)
          throw new ApiError(403, 'only administrators may create admin-scoped tokens');
        if (body.projectId) {
          await requireProject(ctx, body.projectId);
          const m = await db
            .selectFrom('memberships')
            .select('role')
            .where('user_id', '=', p.userId)
            .where('project_id', '=', body.projectId)
            .executeTakeFirst();
          if (!p.isAdmin && !m) throw new ApiError(403, 'you have no role in that project');
        }
        const { token, prefix, hash } = newApiToken();
        const now = new Date();
        const row = {
          id: newId('tok'),
          user_id: p.userId,
          name: body.name,
          prefix,
          token_hash: hash,
          scopes: JSON.stringify([...new Set(body.scopes)]),
          project_id: body.projectId ?? null,
          expires_at: new Date(now.getTime() + body.expiresInDays * 86_400_000).toISOString(),
          created_at: now.toISOString(),
          last_used_at: null,
          revoked_at: null,
        };
        await db.transaction().execute(async (trx) => {
          await trx.insertInto('api_tokens').values(row).execute();
          await appendAudit(trx, engine, {
            actor: p.username,
            action: 'token.create',
            entity: 'token',
            entityId: row.id,
            projectId: row.project_id,
            after: { name: row.name, prefix, scopes: body.scopes, expiresAt: row.expires_at },
          });
        });
        return {
          id: row.id,
          name: row.name,
          prefix,
          scopes: [...new Set(body.scopes)],
          projectId: row.project_id,
          expiresAt: row.expires_at,
          createdAt: row.created_at,
          lastUsedAt: null,
          revokedAt: null,
          token,
        };
      },
    }),
    route({
      method: 'DELETE',
      path: '/tokens/:tokenId',
      summary: 'Revoke one of the caller’s API tokens',
      tag: 'tokens',
      auth: { sessionOnly: true },
      params: z.object({ tokenId: s.idParam }),
      response: s.ok,
      async handler({ params, principal }) {
        const now = new Date().toISOString();
        await db.transaction().execute(async (trx) => {
          const t = await trx
            .selectFrom('api_tokens')
            .select(['id', 'revoked_at', 'prefix'])
            .where('id', '=', params.tokenId)
            .where('user_id', '=', principal!.userId)
            .executeTakeFirst();
          if (!t) throw new ApiError(404, `no token ${params.tokenId} of yours`);
          if (t.revoked_at) return;
          await trx.updateTable('api_tokens').set({ revoked_at: now }).where('id', '=', t.id).execute();
          await appendAudit(trx, engine, {
            actor: principal!.username,
            action: 'token.revoke',
            entity: 'token',
            entityId: t.id,
            after: { prefix: t.prefix, revokedAt: now },
          });
        });
        return { ok: true as const };
      },
    }),

    // ── audit log ──────────────────────────────────────────────────────────
    route({
      method: 'GET',
      path: '/audit-log',
      summary: 'The server’s audit log, newest first',
      tag: 'audit',
      auth: { scope: 'audit:read', admin: true },
      query: z.object({
        before: z.coerce.number().int().min(1).optional().describe('entries before this sequence number'),
        limit: z.coerce.number().int().min(1).max(500).default(100),
      }),
      response: z.array(s.auditEntry),
      async handler({ query }) {
        let q = db.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').limit(query.limit);
        if (query.before) q = q.where('seq', '<', query.before);
        return (await q.execute()).map(auditRow);
      },
    }),
    route({
      method: 'GET',
      path: '/audit-log/verify',
      summary: 'Check the hash chain: any edited or deleted entry is reported',
      tag: 'audit',
      auth: { scope: 'audit:read', admin: true },
      response: s.verification,
      async handler() {
        return verifyAuditLog(db);
      },
    }),
    route({
      method: 'GET',
      path: '/projects/:projectId/audit-log',
      summary: 'The audit log entries of one project, newest first',
      tag: 'audit',
      auth: { scope: 'audit:read', permission: 'audit:read' },
      params: projectParams,
      query: z.object({
        before: z.coerce.number().int().min(1).optional(),
        limit: z.coerce.number().int().min(1).max(500).default(100),
      }),
      response: z.array(s.auditEntry),
      async handler({ params, query }) {
        let q = db
          .selectFrom('audit_log')
          .selectAll()
          .where('project_id', '=', params.projectId)
          .orderBy('seq', 'desc')
          .limit(query.limit);
        if (query.before) q = q.where('seq', '<', query.before);
        return (await q.execute()).map(auditRow);
      },
    }),
    ...more,
  ];
  return routes;
}

import { SEVERITIES, type Severity } from '../../model.js';
import type { Principal } from '../auth/principal.js';
import type { ServerContext } from '../context.js';
import { ACTIVE_STATES } from '../findings/lifecycle.js';
import { parseSla } from '../findings/store.js';
import { RUN_COLUMNS, runOut } from './routes.js';

function zeroBySeverity(): Record<Severity, number> {
  return Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
}

async function activeCounts(ctx: ServerContext, projectIds: string[]) {
  const db = ctx.db.db;
  const now = new Date().toISOString();
  const bySeverity = new Map<string, Record<Severity, number>>();
  const overdue = new Map<string, number>();
  if (projectIds.length === 0) return { bySeverity, overdue };
  const rows = await db
    .selectFrom('findings')
    .select(['project_id', 'severity', (eb) => eb.fn.countAll<number>().as('n')])
    .where('project_id', 'in', projectIds)
    .where('state', 'in', [...ACTIVE_STATES])
    .groupBy(['project_id', 'severity'])
    .execute();
  for (const r of rows) {
    const m = bySeverity.get(r.project_id) ?? zeroBySeverity();
    m[r.severity as Severity] = Number(r.n);
    bySeverity.set(r.project_id, m);
  }
  const late = await db
    .selectFrom('findings')
    .select(['project_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('project_id', 'in', projectIds)
    .where('state', 'in', [...ACTIVE_STATES])
    .where('due_at', '<', now)
    .groupBy('project_id')
    .execute();
  for (const r of late) overdue.set(r.project_id, Number(r.n));
  return { bySeverity, overdue };
}

/** Everything the dashboard shows, for the projects the principal can read. */
export async function dashboard(ctx: ServerContext, p: Principal) {
  const db = ctx.db.db;
  let q = db
    .selectFrom('projects')
    .leftJoin('memberships', (j) =>
      j.onRef('memberships.project_id', '=', 'projects.id').on('memberships.user_id', '=', p.userId),
    )
    .select([
      'projects.id',
      'projects.name',
      'projects.description',
      'projects.sla',
      'projects.created_at',
      'memberships.role',
    ])
    .orderBy('projects.name');
  if (!p.isAdmin) q = q.where('memberships.role', 'is not', null);
  if (p.projectId) q = q.where('projects.id', '=', p.projectId);
  const projects = await q.execute();
  const ids = projects.map((x) => x.id);
  const { bySeverity, overdue } = await activeCounts(ctx, ids);
  const out = [];
  for (const pr of projects) {
    const runs = await db
      .selectFrom('runs')
      .select(RUN_COLUMNS)
      .where('project_id', '=', pr.id)
      .orderBy('started', 'desc')
      .limit(12)
      .execute();
    out.push({
      project: {
        id: pr.id,
        name: pr.name,
        description: pr.description,
        sla: parseSla(pr.sla),
        createdAt: pr.created_at,
        role: pr.role ?? null,
      },
      latestRun: runs[0] ? runOut(runs[0]) : null,
      trend: runs
        .slice()
        .reverse()
        .map((r) => ({ runId: r.id, started: r.started, score: r.score === null ? null : Number(r.score) })),
      activeBySeverity: bySeverity.get(pr.id) ?? zeroBySeverity(),
      overdue: overdue.get(pr.id) ?? 0,
    });
  }
  return out;
}

export async function projectOverview(ctx: ServerContext, projectId: string, role: string | null) {
  const db = ctx.db.db;
  const pr = await db.selectFrom('projects').selectAll().where('id', '=', projectId).executeTakeFirstOrThrow();
  const { bySeverity, overdue } = await activeCounts(ctx, [projectId]);
  const states = await db
    .selectFrom('findings')
    .select(['state', (eb) => eb.fn.countAll<number>().as('n')])
    .where('project_id', '=', projectId)
    .groupBy('state')
    .execute();
  const runs = await db
    .selectFrom('runs')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('project_id', '=', projectId)
    .executeTakeFirstOrThrow();
  const targets = await db
    .selectFrom('targets')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('project_id', '=', projectId)
    .executeTakeFirstOrThrow();
  return {
    project: {
      id: pr.id,
      name: pr.name,
      description: pr.description,
      sla: parseSla(pr.sla),
      createdAt: pr.created_at,
      role,
    },
    runs: Number(runs.n),
    targets: Number(targets.n),
    activeBySeverity: bySeverity.get(projectId) ?? zeroBySeverity(),
    byState: Object.fromEntries(states.map((s) => [s.state, Number(s.n)])),
    overdue: overdue.get(projectId) ?? 0,
  };
}

import { sql, type Kysely, type Transaction } from 'kysely';
import { severityRank, type Severity } from '../../model.js';
import { appendAudit } from '../audit-log.js';
import type { Db } from '../db/connect.js';
import type { Database, FindingTable } from '../db/schema.js';
import { newId } from '../auth/secrets.js';
import type { ReportInput, ReportFindingInput } from '../report-input.js';
import { ACTIVE_STATES, checkTransition, dueDate, type FindingState, type TransitionRequest } from './lifecycle.js';

export class WorkflowError extends Error {
  constructor(
    message: string,
    readonly statusCode = 409,
  ) {
    super(message);
  }
}

const failing = (status: string) => status === 'fail' || status === 'warn';
const CHUNK = 200;
const MESSAGE_CHARS = 300;

async function insertChunked<T extends keyof Database>(
  trx: Transaction<Database>,
  table: T,
  rows: Record<string, unknown>[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK)
    await trx
      .insertInto(table)
      .values(rows.slice(i, i + CHUNK) as never)
      .execute();
}

function detailOf(f: ReportFindingInput): string {
  return JSON.stringify({
    message: f.message,
    evidence: f.evidence,
    locations: f.locations,
    remediation: f.remediation,
    items: f.items,
    confidence: f.confidence,
  });
}

export function parseSla(json: string | null): Partial<Record<Severity, number | null>> {
  if (!json) return {};
  try {
    return JSON.parse(json) as Partial<Record<Severity, number | null>>;
  } catch {
    return {};
  }
}

export interface ImportSummary {
  runId: string;
  duplicate: boolean;
  findings: number;
  created: number;
  regressed: number;
  verified: number;
  suppressed: number;
}

interface Suppression {
  project_id: string | null;
  check_id: string;
  result: string | null;
  target_id: string | null;
}

function suppressedBy(rules: Suppression[], f: ReportFindingInput): Suppression | undefined {
  return rules.find(
    (r) =>
      r.check_id === f.checkId &&
      (r.result === null || r.result === (f.result ?? null)) &&
      (r.target_id === null || r.target_id === f.targetId),
  );
}

/**
 * Folds an uploaded report into the project: a run row, its targets, and every failing result as
 * a tracked finding matched by fingerprint, so triage carries over from run to run. Uploading the
 * same report twice stores it once.
 */
export async function importRun(
  { db, engine }: Db,
  projectId: string,
  report: ReportInput,
  rawReport: string,
  actor: string,
): Promise<ImportSummary> {
  const now = new Date();
  const nowIso = now.toISOString();
  const runId = newId('run');
  return db.transaction().execute(async (trx) => {
    // Uploads to one project take turns (SQLite serialises every write anyway), so two machines
    // pushing at once, or a retried upload, cannot both create the same finding or run.
    if (engine === 'postgres') await sql`SELECT pg_advisory_xact_lock(hashtext(${projectId}))`.execute(trx);
    const known = await trx
      .selectFrom('runs')
      .select('id')
      .where('project_id', '=', projectId)
      .where('report_run_id', '=', report.run.id)
      .executeTakeFirst();
    if (known)
      return { runId: known.id, duplicate: true, findings: 0, created: 0, regressed: 0, verified: 0, suppressed: 0 };
    const project = await trx
      .selectFrom('projects')
      .select(['sla'])
      .where('id', '=', projectId)
      .executeTakeFirstOrThrow();
    const sla = parseSla(project.sla);
    await trx
      .insertInto('runs')
      .values({
        id: runId,
        project_id: projectId,
        report_run_id: report.run.id,
        scope_name: report.run.scopeName,
        started: new Date(report.run.started).toISOString(),
        finished: new Date(report.run.finished).toISOString(),
        score: report.score,
        band: report.band,
        failing: report.findings.filter((f) => f.status === 'fail').length,
        complete: report.coverage === undefined ? null : report.coverage.complete ? 1 : 0,
        uploaded_by: actor,
        uploaded_at: nowIso,
        report: rawReport,
      })
      .execute();
    for (const t of report.run.targets) {
      const row = {
        kind: t.kind,
        name: t.name ?? null,
        chain: t.chain ?? null,
        last_run_id: runId,
        last_seen_at: nowIso,
      };
      await trx
        .insertInto('targets')
        .values({ project_id: projectId, target_id: t.id, ...row })
        .onConflict((oc) => oc.columns(['project_id', 'target_id']).doUpdateSet(row))
        .execute();
    }

    const existing = new Map(
      (
        await trx
          .selectFrom('findings')
          .select(['id', 'fingerprint', 'state', 'check_id', 'target_id'])
          .where('project_id', '=', projectId)
          .execute()
      ).map((f) => [f.fingerprint, f]),
    );
    const rules = await trx
      .selectFrom('suppressions')
      .select(['project_id', 'check_id', 'result', 'target_id'])
      .where((eb) => eb.or([eb('project_id', '=', projectId), eb('project_id', 'is', null)]))
      .execute();

    const seen = new Set<string>();
    const newRows: FindingTable[] = [];
    const results: { run_id: string; finding_id: string; status: string; severity: string }[] = [];
    const events: Record<string, unknown>[] = [];
    const regressed: string[] = [];
    const verified: string[] = [];
    let suppressed = 0;
    const event = (findingId: string, from: string | null, to: string, note: string) =>
      events.push({
        finding_id: findingId,
        project_id: projectId,
        at: nowIso,
        actor,
        from_state: from,
        to_state: to,
        note,
        run_id: runId,
      });

    for (const f of report.findings) {
      if (seen.has(f.fingerprint)) continue;
      seen.add(f.fingerprint);
      const prior = existing.get(f.fingerprint);
      if (!prior) {
        if (!failing(f.status)) continue;
        const rule = suppressedBy(rules, f);
        const id = newId('fnd');
        const state: FindingState = rule ? 'false-positive' : 'new';
        if (rule) suppressed++;
        newRows.push({
          id,
          project_id: projectId,
          fingerprint: f.fingerprint,
          check_id: f.checkId,
          result: f.result ?? null,
          target_id: f.targetId,
          title: f.title,
          severity: f.severity,
          severity_rank: severityRank(f.severity),
          state,
          last_status: f.status,
          message: f.message.slice(0, MESSAGE_CHARS),
          detail: detailOf(f),
          first_run_id: runId,
          last_run_id: runId,
          first_seen_at: nowIso,
          last_seen_at: nowIso,
          due_at: dueDate(now, f.severity, sla),
          state_changed_at: nowIso,
          justification: rule ? 'matches a false-positive rule' : null,
          approver: null,
          accepted_until: null,
          fp_scope: rule ? (rule.project_id === null ? 'all' : 'project') : null,
          updated_at: nowIso,
        });
        results.push({ run_id: runId, finding_id: id, status: f.status, severity: f.severity });
        event(id, null, state, rule ? 'first seen; matches a false-positive rule' : 'first seen');
        continue;
      }
      results.push({ run_id: runId, finding_id: prior.id, status: f.status, severity: f.severity });
      const update: Partial<FindingTable> = {
        last_status: f.status,
        last_run_id: runId,
        updated_at: nowIso,
      };
      if (failing(f.status)) {
        Object.assign(update, {
          title: f.title,
          severity: f.severity,
          severity_rank: severityRank(f.severity),
          message: f.message.slice(0, MESSAGE_CHARS),
          detail: detailOf(f),
          last_seen_at: nowIso,
        });
        if (prior.state === 'fixed' || prior.state === 'verified') {
          Object.assign(update, { state: 'reopened', state_changed_at: nowIso, due_at: dueDate(now, f.severity, sla) });
          regressed.push(prior.id);
          event(prior.id, prior.state, 'reopened', `regression: failing again in run ${report.run.id}`);
        }
      } else if ((f.status === 'pass' || f.status === 'not-applicable') && verifiable(prior.state)) {
        Object.assign(update, { state: 'verified', state_changed_at: nowIso });
        verified.push(prior.id);
        event(prior.id, prior.state, 'verified', `no longer failing in run ${report.run.id}`);
      }
      await trx.updateTable('findings').set(update).where('id', '=', prior.id).execute();
    }

    // A tracked finding whose check ran again on its target without reporting it is no longer there.
    const rerun = new Set(report.findings.map((f) => `${f.checkId}\0${f.targetId}`));
    for (const prior of existing.values()) {
      if (seen.has(prior.fingerprint) || !verifiable(prior.state)) continue;
      if (!rerun.has(`${prior.check_id}\0${prior.target_id}`)) continue;
      await trx
        .updateTable('findings')
        .set({
          state: 'verified',
          state_changed_at: nowIso,
          updated_at: nowIso,
          last_run_id: runId,
          last_status: 'pass',
        })
        .where('id', '=', prior.id)
        .execute();
      verified.push(prior.id);
      event(prior.id, prior.state, 'verified', `not reported by its check in run ${report.run.id}`);
    }

    await insertChunked(trx, 'findings', newRows as unknown as Record<string, unknown>[]);
    await insertChunked(trx, 'finding_results', results);
    await insertChunked(trx, 'finding_events', events);
    await appendAudit(trx, engine, {
      actor,
      action: 'run.import',
      entity: 'run',
      entityId: runId,
      projectId,
      after: {
        reportRunId: report.run.id,
        scopeName: report.run.scopeName,
        score: report.score,
        created: newRows.length,
        suppressed,
        regressed,
        verified,
      },
    });
    await reopenExpired(trx, engine, projectId, now);
    // Fresh statistics after a large change keep SQLite's planner on the right index.
    if (newRows.length > 1000) await (engine === 'sqlite' ? sql`PRAGMA optimize` : sql`ANALYZE findings`).execute(trx);
    return {
      runId,
      duplicate: false,
      findings: report.findings.length,
      created: newRows.length,
      regressed: regressed.length,
      verified: verified.length,
      suppressed,
    };
  });
}

function verifiable(state: string): boolean {
  return (ACTIVE_STATES as readonly string[]).includes(state) || state === 'fixed';
}

/** Acceptances past their expiry go back to work; each reopening is logged. */
export async function reopenExpired(
  trx: Transaction<Database> | Kysely<Database>,
  engine: Db['engine'],
  projectId: string | null,
  now: Date,
): Promise<number> {
  const nowIso = now.toISOString();
  let q = trx
    .selectFrom('findings')
    .select(['id', 'project_id', 'accepted_until', 'severity'])
    .where('state', '=', 'risk-accepted')
    .where('accepted_until', '<', nowIso);
  if (projectId) q = q.where('project_id', '=', projectId);
  const expired = await q.execute();
  if (expired.length === 0) return 0;
  const work = async (t: Transaction<Database>) => {
    for (const f of expired) {
      const sla = parseSla(
        (await t.selectFrom('projects').select('sla').where('id', '=', f.project_id).executeTakeFirst())?.sla ?? null,
      );
      const changed = await t
        .updateTable('findings')
        .set({
          state: 'reopened',
          state_changed_at: nowIso,
          updated_at: nowIso,
          due_at: dueDate(now, f.severity as Severity, sla),
        })
        .where('id', '=', f.id)
        .where('state', '=', 'risk-accepted')
        .executeTakeFirst();
      if (Number(changed.numUpdatedRows) === 0) continue;
      await t
        .insertInto('finding_events')
        .values({
          finding_id: f.id,
          project_id: f.project_id,
          at: nowIso,
          actor: 'system',
          from_state: 'risk-accepted',
          to_state: 'reopened',
          note: `risk acceptance expired ${f.accepted_until}`,
          run_id: null,
        })
        .execute();
      await appendAudit(t, engine, {
        actor: 'system',
        action: 'finding.acceptance-expired',
        entity: 'finding',
        entityId: f.id,
        projectId: f.project_id,
        before: { state: 'risk-accepted', acceptedUntil: f.accepted_until },
        after: { state: 'reopened' },
      });
    }
  };
  if ('isTransaction' in trx && trx.isTransaction) await work(trx as Transaction<Database>);
  else await (trx as Kysely<Database>).transaction().execute(work);
  return expired.length;
}

export interface Actor {
  id: string;
  username: string;
}

/** A person moves a finding; the state machine, the required fields and the log all apply. */
export async function transitionFinding(
  { db, engine }: Db,
  projectId: string,
  findingId: string,
  req: TransitionRequest,
  actor: Actor,
): Promise<FindingTable> {
  const now = new Date();
  const nowIso = now.toISOString();
  return db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('findings')
      .selectAll()
      .where('id', '=', findingId)
      .where('project_id', '=', projectId)
      .executeTakeFirst();
    if (!before) throw new WorkflowError(`no finding ${findingId} in this project`, 404);
    const problem = checkTransition(before.state as FindingState, req, now);
    if (problem) throw new WorkflowError(problem, before.state === req.to ? 409 : 422);
    const project = await trx
      .selectFrom('projects')
      .select('sla')
      .where('id', '=', projectId)
      .executeTakeFirstOrThrow();
    const update: Partial<FindingTable> = {
      state: req.to,
      state_changed_at: nowIso,
      updated_at: nowIso,
      justification: req.justification?.trim() || null,
      approver: null,
      accepted_until: null,
      fp_scope: null,
    };
    if (req.to === 'risk-accepted') {
      update.approver = actor.username;
      update.accepted_until = new Date(req.expires!).toISOString();
    }
    if (req.to === 'false-positive') update.fp_scope = req.scope!;
    if (req.to === 'reopened' || (req.to === 'open' && !before.due_at))
      update.due_at = dueDate(now, before.severity as Severity, parseSla(project.sla));
    await trx.updateTable('findings').set(update).where('id', '=', findingId).execute();
    if (req.to === 'false-positive' && req.scope !== 'target') {
      await trx
        .insertInto('suppressions')
        .values({
          id: newId('sup'),
          project_id: req.scope === 'all' ? null : projectId,
          check_id: before.check_id,
          result: before.result,
          target_id: null,
          justification: req.justification!.trim(),
          created_by: actor.username,
          created_at: nowIso,
          source_finding_id: findingId,
        })
        .execute();
    }
    await trx
      .insertInto('finding_events')
      .values({
        finding_id: findingId,
        project_id: projectId,
        at: nowIso,
        actor: actor.username,
        from_state: before.state,
        to_state: req.to,
        note: [req.justification?.trim(), req.note?.trim()].filter(Boolean).join(' — '),
        run_id: null,
      })
      .execute();
    const after = { ...before, ...update };
    const pickAudit = (f: FindingTable) => ({
      state: f.state,
      justification: f.justification,
      approver: f.approver,
      acceptedUntil: f.accepted_until,
      fpScope: f.fp_scope,
      dueAt: f.due_at,
    });
    await appendAudit(trx, engine, {
      actor: actor.username,
      action: 'finding.transition',
      entity: 'finding',
      entityId: findingId,
      projectId,
      before: pickAudit(before),
      after: { ...pickAudit(after), note: req.note ?? null },
    });
    return after;
  });
}

export interface FindingFilter {
  state?: string[];
  severity?: string[];
  checkId?: string;
  targetId?: string;
  overdue?: boolean;
  q?: string;
  limit: number;
  offset: number;
}

/** One page of a project's findings, worst first, with the total that matches the filter. */
export async function listFindings(
  { db, engine }: Pick<Db, 'db' | 'engine'>,
  projectId: string,
  f: FindingFilter,
  now = new Date(),
): Promise<{ total: number; findings: Omit<FindingTable, 'detail'>[] }> {
  let q = db.selectFrom('findings').where('project_id', '=', projectId);
  if (f.state?.length) q = q.where('state', 'in', f.state);
  // by rank, so the list-order index serves the filter too
  if (f.severity?.length)
    q = q.where(
      'severity_rank',
      'in',
      f.severity.map((s) => severityRank(s as Severity)),
    );
  if (f.checkId) q = q.where('check_id', '=', f.checkId);
  if (f.targetId) q = q.where('target_id', '=', f.targetId);
  if (f.overdue) q = q.where('state', 'in', [...ACTIVE_STATES]).where('due_at', '<', now.toISOString());
  if (f.q) {
    // SQLite's LIKE already ignores ASCII case; PostgreSQL needs ILIKE for the same answer.
    const like = `%${f.q}%`;
    const op = engine === 'postgres' ? 'ilike' : 'like';
    q = q.where((eb) => eb.or([eb('title', op, like), eb('check_id', op, like), eb('target_id', op, like)]));
  }
  const [count, rows] = await Promise.all([
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    q
      .select([
        'id',
        'project_id',
        'fingerprint',
        'check_id',
        'result',
        'target_id',
        'title',
        'severity',
        'severity_rank',
        'state',
        'last_status',
        'message',
        'first_run_id',
        'last_run_id',
        'first_seen_at',
        'last_seen_at',
        'due_at',
        'state_changed_at',
        'justification',
        'approver',
        'accepted_until',
        'fp_scope',
        'updated_at',
      ])
      .orderBy('severity_rank', 'desc')
      .orderBy('due_at')
      .orderBy('id')
      .limit(f.limit)
      .offset(f.offset)
      .execute(),
  ]);
  return { total: Number(count.n), findings: rows };
}

import { globToRegExp } from '../../catalog/mapping.js';
import { errorMessage } from '../../errors.js';
import { maskSecret, maskUrl } from '../../mask.js';
import { severityRank, type Severity } from '../../model.js';
import { Redactor } from '../../redact.js';
import { scanText } from '../../analyzers/secrets/scan-text.js';
import type { ServerContext } from '../context.js';
import type { AlertEventTable, MonitorJobTable } from '../db/schema.js';
import { ACTIVE_STATES } from '../findings/lifecycle.js';
import type { ImportSummary } from '../findings/store.js';
import { channelSecrets, sendToChannel, type AlertMessage, type ChannelKind } from './channels.js';
import { nextSlot } from '../monitoring/schedule.js';

/**
 * What alerts are about. Events are raised once per thing that happened (their dedupe key), by
 * whichever server sees it first; each rule that matches an event gets one delivery, sent at once
 * or with the rule's daily digest; a delivery is claimed by one server before it is sent.
 */
export const EVENT_KINDS = [
  'new-finding',
  'regression',
  'sla-breach',
  'acceptance-expiring',
  'band-dropped',
  'run-failed',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export interface EventPayload {
  title: string;
  projectName: string;
  findingId?: string;
  runId?: string;
  jobId?: string;
  state?: string;
  dueAt?: string | null;
  acceptedUntil?: string | null;
  message?: string;
  previousBand?: string;
  band?: string;
  score?: number | null;
  previousScore?: number | null;
  reason?: string;
  link: string;
}

export interface RuleFilters {
  checks?: string[];
  targets?: string[];
  /** acceptance-expiring: how many days ahead. */
  expiringWithinDays?: number;
}

const DEFAULT_EXPIRING_DAYS = 7;
const MAX_ATTEMPTS = 5;
const RETRY_MS = [30_000, 120_000, 600_000, 1_800_000];
const CLAIM_MS = 60_000;
const BATCH = 200;

interface NewEvent {
  kind: EventKind;
  dedupeKey: string;
  severity: Severity;
  checkId?: string;
  targetId?: string;
  payload: EventPayload;
}

async function projectInfo(ctx: ServerContext, projectId: string) {
  const p = await ctx.db.db.selectFrom('projects').select(['name']).where('id', '=', projectId).executeTakeFirst();
  return { name: p?.name ?? projectId, base: `${ctx.config.publicUrl}/projects/${projectId}` };
}

/** Rules of the project that listen to at least one of these kinds. */
async function rulesFor(ctx: ServerContext, projectId: string) {
  return ctx.db.db
    .selectFrom('alert_rules')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('enabled', '=', 1)
    .execute();
}

const globMatch = (patterns: string[] | undefined, value: string | null) =>
  !patterns?.length || (value !== null && patterns.some((p) => globToRegExp(p).test(value)));

/** The next time of day `hh:mm` in the zone, after `now`. */
export function nextDigest(now: Date, time: string, timezone: string): Date {
  const [h, m] = time.split(':').map(Number);
  return nextSlot(`${m} ${h} * * *`, timezone, now) ?? new Date(now.getTime() + 86_400_000);
}

/** Stores events not seen before and queues a delivery for every rule that matches; returns how many were new. */
export async function raiseEvents(
  ctx: ServerContext,
  projectId: string,
  events: NewEvent[],
  now = new Date(),
): Promise<number> {
  if (events.length === 0) return 0;
  const rules = await rulesFor(ctx, projectId);
  if (rules.length === 0) return 0;
  const db = ctx.db.db;
  let raised = 0;
  for (const e of events) {
    const wanted = rules.filter((r) => {
      const kinds = JSON.parse(r.events) as string[];
      const f = JSON.parse(r.filters) as RuleFilters;
      return (
        kinds.includes(e.kind) &&
        severityRank(e.severity) >= severityRank(r.min_severity as Severity) &&
        globMatch(f.checks, e.checkId ?? null) &&
        globMatch(f.targets, e.targetId ?? null)
      );
    });
    if (wanted.length === 0) continue;
    const row: Omit<AlertEventTable, 'id'> = {
      project_id: projectId,
      kind: e.kind,
      dedupe_key: e.dedupeKey,
      severity: e.severity,
      check_id: e.checkId ?? null,
      target_id: e.targetId ?? null,
      payload: JSON.stringify(e.payload),
      at: now.toISOString(),
    };
    const inserted = await db
      .insertInto('alert_events')
      .values(row)
      .onConflict((oc) => oc.columns(['project_id', 'dedupe_key']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) continue;
    raised++;
    await db
      .insertInto('alert_deliveries')
      .values(
        wanted.map((r) => ({
          event_id: Number(inserted.id),
          rule_id: r.id,
          channel_id: r.channel_id,
          due_at: (r.mode === 'digest' ? nextDigest(now, r.digest_time, r.timezone) : now).toISOString(),
          state: 'pending',
          attempts: 0,
          claimed_until: null,
          sent_at: null,
          error: null,
        })),
      )
      .onConflict((oc) => oc.columns(['event_id', 'rule_id']).doNothing())
      .execute();
  }
  return raised;
}

/** New failing findings, regressions and a dropped band, from a stored run. */
export async function alertsAfterImport(
  ctx: ServerContext,
  projectId: string,
  summary: ImportSummary,
): Promise<number> {
  const db = ctx.db.db;
  const { name, base } = await projectInfo(ctx, projectId);
  const events: NewEvent[] = [];
  const created = await db
    .selectFrom('findings')
    .select(['id', 'check_id', 'target_id', 'title', 'severity', 'message', 'state', 'due_at', 'last_status'])
    .where('project_id', '=', projectId)
    .where('first_run_id', '=', summary.runId)
    .where('state', '=', 'new')
    .where('last_status', '=', 'fail')
    .execute();
  for (const f of created)
    events.push({
      kind: 'new-finding',
      dedupeKey: `new:${f.id}`,
      severity: f.severity as Severity,
      checkId: f.check_id,
      targetId: f.target_id,
      payload: {
        title: f.title,
        projectName: name,
        findingId: f.id,
        runId: summary.runId,
        state: f.state,
        dueAt: f.due_at,
        message: f.message,
        link: `${base}/findings/${f.id}`,
      },
    });
  const regressed = await db
    .selectFrom('finding_events')
    .innerJoin('findings', 'findings.id', 'finding_events.finding_id')
    .select([
      'findings.id',
      'findings.check_id',
      'findings.target_id',
      'findings.title',
      'findings.severity',
      'findings.message',
    ])
    .where('finding_events.run_id', '=', summary.runId)
    .where('finding_events.to_state', '=', 'reopened')
    .execute();
  for (const f of regressed)
    events.push({
      kind: 'regression',
      dedupeKey: `regression:${f.id}:${summary.runId}`,
      severity: f.severity as Severity,
      checkId: f.check_id,
      targetId: f.target_id,
      payload: {
        title: f.title,
        projectName: name,
        findingId: f.id,
        runId: summary.runId,
        message: f.message,
        link: `${base}/findings/${f.id}`,
      },
    });
  const run = await db
    .selectFrom('runs')
    .select(['id', 'scope_name', 'band', 'score', 'started', 'complete'])
    .where('id', '=', summary.runId)
    .executeTakeFirst();
  if (run && run.score !== null) {
    const previous = await db
      .selectFrom('runs')
      .select(['band', 'score'])
      .where('project_id', '=', projectId)
      .where('scope_name', '=', run.scope_name)
      .where('started', '<', run.started)
      .where('score', 'is not', null)
      .orderBy('started', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (previous && previous.band !== run.band && Number(run.score) < Number(previous.score))
      events.push({
        kind: 'band-dropped',
        dedupeKey: `band:${run.id}`,
        severity: 'high',
        payload: {
          title: `score band dropped from ${previous.band} to ${run.band} (${run.scope_name})`,
          projectName: name,
          runId: run.id,
          band: run.band,
          previousBand: previous.band,
          score: Number(run.score),
          previousScore: Number(previous.score),
          link: `${base}/runs/${run.id}`,
        },
      });
  }
  return raiseEvents(ctx, projectId, events);
}

export async function alertsForDeadJob(ctx: ServerContext, job: MonitorJobTable, reason: string): Promise<number> {
  const { name, base } = await projectInfo(ctx, job.project_id);
  return raiseEvents(ctx, job.project_id, [
    {
      kind: 'run-failed',
      dedupeKey: `run-failed:${job.id}`,
      severity: 'high',
      payload: {
        title: `${job.kind} run of ${job.scope_name} failed`,
        projectName: name,
        jobId: job.id,
        reason,
        link: `${base}/monitoring`,
      },
    },
  ]);
}

/** Time-based events: findings past their due date, acceptances about to expire. */
export async function sweepAlertEvents(ctx: ServerContext, now = new Date()): Promise<number> {
  const db = ctx.db.db;
  const rules = await db
    .selectFrom('alert_rules')
    .select(['project_id', 'events', 'filters'])
    .where('enabled', '=', 1)
    .execute();
  const projects = new Map<string, { sla: boolean; expiringDays: number }>();
  for (const r of rules) {
    const kinds = JSON.parse(r.events) as string[];
    const days = (JSON.parse(r.filters) as RuleFilters).expiringWithinDays ?? DEFAULT_EXPIRING_DAYS;
    const p = projects.get(r.project_id) ?? { sla: false, expiringDays: 0 };
    if (kinds.includes('sla-breach')) p.sla = true;
    if (kinds.includes('acceptance-expiring')) p.expiringDays = Math.max(p.expiringDays, days);
    projects.set(r.project_id, p);
  }
  let raised = 0;
  for (const [projectId, want] of projects) {
    const { name, base } = await projectInfo(ctx, projectId);
    const events: NewEvent[] = [];
    if (want.sla) {
      const overdue = await db
        .selectFrom('findings')
        .select(['id', 'check_id', 'target_id', 'title', 'severity', 'due_at', 'state'])
        .where('project_id', '=', projectId)
        .where('state', 'in', [...ACTIVE_STATES])
        .where('due_at', '<', now.toISOString())
        .execute();
      for (const f of overdue)
        events.push({
          kind: 'sla-breach',
          dedupeKey: `sla:${f.id}:${f.due_at}`,
          severity: f.severity as Severity,
          checkId: f.check_id,
          targetId: f.target_id,
          payload: {
            title: f.title,
            projectName: name,
            findingId: f.id,
            state: f.state,
            dueAt: f.due_at,
            link: `${base}/findings/${f.id}`,
          },
        });
    }
    if (want.expiringDays > 0) {
      const expiring = await db
        .selectFrom('findings')
        .select(['id', 'check_id', 'target_id', 'title', 'severity', 'accepted_until'])
        .where('project_id', '=', projectId)
        .where('state', '=', 'risk-accepted')
        .where('accepted_until', '<', new Date(now.getTime() + want.expiringDays * 86_400_000).toISOString())
        .execute();
      for (const f of expiring)
        events.push({
          kind: 'acceptance-expiring',
          dedupeKey: `expiring:${f.id}:${f.accepted_until}`,
          severity: f.severity as Severity,
          checkId: f.check_id,
          targetId: f.target_id,
          payload: {
            title: f.title,
            projectName: name,
            findingId: f.id,
            acceptedUntil: f.accepted_until,
            link: `${base}/findings/${f.id}`,
          },
        });
    }
    // A rule with a shorter horizon than another on the same project only hears events within its own.
    raised += await raiseEvents(
      ctx,
      projectId,
      events.filter(
        (e) =>
          e.kind !== 'acceptance-expiring' ||
          rules.some(
            (r) =>
              r.project_id === projectId &&
              (JSON.parse(r.events) as string[]).includes('acceptance-expiring') &&
              Date.parse(e.payload.acceptedUntil ?? '') <
                now.getTime() +
                  ((JSON.parse(r.filters) as RuleFilters).expiringWithinDays ?? DEFAULT_EXPIRING_DAYS) * 86_400_000,
          ),
      ),
      now,
    );
  }
  return raised;
}

const KIND_TITLE: Record<EventKind, { en: string; zh: string }> = {
  'new-finding': { en: 'New failing finding', zh: '新发现的问题' },
  regression: { en: 'Regression', zh: '问题复现' },
  'sla-breach': { en: 'Past its fix-by date', zh: '超过整改期限' },
  'acceptance-expiring': { en: 'Risk acceptance expiring', zh: '风险接受即将到期' },
  'band-dropped': { en: 'Score band dropped', zh: '评分等级下降' },
  'run-failed': { en: 'Monitoring run failed', zh: '监测任务失败' },
};

/**
 * Never a secret in a message: the channel's own secrets and every other channel's of the project
 * are replaced by value, URLs lose their key-bearing parts, and anything the secret scanner
 * recognises (keys, tokens, mnemonics) is masked.
 */
export function scrub(text: string, known: Redactor): string {
  let out = known.text(text).replace(/https?:\/\/[^\s<>"')]+/g, (u) => maskUrl(u));
  const hits = scanText(Buffer.from(out, 'utf8'), 'alert.txt').hits;
  for (const h of hits.sort((a, b) => b.secret.length - a.secret.length))
    if (out.includes(h.secret)) out = out.split(h.secret).join(h.preview ?? maskSecret(h.secret));
  return out;
}

interface DeliveryRow {
  id: number;
  kind: string;
  severity: string;
  check_id: string | null;
  target_id: string | null;
  payload: string;
  at: string;
}

export function renderMessage(
  projectName: string,
  rows: DeliveryRow[],
  digest: boolean,
  known: Redactor,
): AlertMessage {
  // Free text (titles, messages, reasons) is scrubbed; links are built from this server's own ids.
  const clean = (t: string | undefined | null) => (t ? scrub(t, known) : t);
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.kind, (counts.get(r.kind) ?? 0) + 1);
  const head =
    rows.length === 1
      ? `[${rows[0].severity}] ${KIND_TITLE[rows[0].kind as EventKind].en}: ${(JSON.parse(rows[0].payload) as EventPayload).title}`
      : `${[...counts].map(([k, n]) => `${n} × ${KIND_TITLE[k as EventKind].en}`).join(', ')}`;
  const title = clean(`chainaudit${digest ? ' daily digest' : ''} · ${projectName} · ${head}`.slice(0, 240))!;
  const lines: string[] = [];
  const md: string[] = [];
  const events: Record<string, unknown>[] = [];
  for (const r of rows) {
    const p = JSON.parse(r.payload) as EventPayload;
    const kind = KIND_TITLE[r.kind as EventKind];
    const where = [r.check_id, r.target_id && `@ ${r.target_id}`].filter(Boolean).join(' ');
    const safe = { ...p, title: clean(p.title)!, message: clean(p.message), reason: clean(p.reason) };
    const extra = [
      p.dueAt && `due ${p.dueAt.slice(0, 10)}`,
      p.acceptedUntil && `accepted until ${p.acceptedUntil.slice(0, 10)}`,
      safe.reason?.slice(0, 300),
      safe.message?.slice(0, 300),
    ].filter(Boolean);
    lines.push(`- [${r.severity}] ${kind.en} / ${kind.zh}: ${safe.title}${where ? ` (${where})` : ''}`);
    for (const x of extra) lines.push(`  ${x}`);
    lines.push(`  ${p.link}`);
    md.push(`- **${r.severity}** ${kind.en} / ${kind.zh}: ${safe.title}${where ? ` \`${where}\`` : ''}`);
    for (const x of extra) md.push(`  ${x}`);
    md.push(`  [open](${p.link})`);
    events.push({ kind: r.kind, severity: r.severity, checkId: r.check_id, targetId: r.target_id, at: r.at, ...safe });
  }
  return {
    title,
    text: lines.join('\n'),
    markdown: md.join('\n'),
    payload: { project: projectName, digest, generatedAt: new Date().toISOString(), events },
  };
}

async function projectRedactor(ctx: ServerContext, projectId: string): Promise<Redactor> {
  const r = new Redactor();
  const channels = await ctx.db.db
    .selectFrom('alert_channels')
    .select(['kind', 'config'])
    .where('project_id', '=', projectId)
    .execute();
  for (const c of channels) for (const s of channelSecrets(c.kind as ChannelKind, JSON.parse(c.config))) r.add(s);
  return r;
}

/** Sends every delivery that is due, one message per rule; failures are retried with backoff. */
export async function deliverDue(ctx: ServerContext, now = new Date()): Promise<number> {
  const db = ctx.db.db;
  const nowIso = now.toISOString();
  const due = await db
    .selectFrom('alert_deliveries')
    .select(['id', 'rule_id'])
    .where('state', '=', 'pending')
    .where('due_at', '<=', nowIso)
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', nowIso)]))
    .orderBy('id')
    .limit(BATCH)
    .execute();
  if (due.length === 0) return 0;
  const claimedUntil = new Date(now.getTime() + CLAIM_MS).toISOString();
  const byRule = new Map<string, number[]>();
  for (const d of due) {
    const r = await db
      .updateTable('alert_deliveries')
      .set({ claimed_until: claimedUntil })
      .where('id', '=', d.id)
      .where('state', '=', 'pending')
      .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', nowIso)]))
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 1) byRule.set(d.rule_id, [...(byRule.get(d.rule_id) ?? []), d.id]);
  }
  let sent = 0;
  for (const [ruleId, ids] of byRule) {
    const rule = await db
      .selectFrom('alert_rules')
      .innerJoin('alert_channels', 'alert_channels.id', 'alert_rules.channel_id')
      .innerJoin('projects', 'projects.id', 'alert_rules.project_id')
      .select([
        'alert_rules.mode',
        'alert_rules.project_id',
        'alert_channels.kind',
        'alert_channels.config',
        'projects.name as projectName',
      ])
      .where('alert_rules.id', '=', ruleId)
      .executeTakeFirst();
    if (!rule) continue;
    const rows = await db
      .selectFrom('alert_deliveries')
      .innerJoin('alert_events', 'alert_events.id', 'alert_deliveries.event_id')
      .select([
        'alert_deliveries.id',
        'alert_deliveries.attempts',
        'alert_events.kind',
        'alert_events.severity',
        'alert_events.check_id',
        'alert_events.target_id',
        'alert_events.payload',
        'alert_events.at',
      ])
      .where('alert_deliveries.id', 'in', ids)
      .orderBy('alert_events.id')
      .execute();
    const known = await projectRedactor(ctx, rule.project_id);
    const message = renderMessage(rule.projectName, rows, rule.mode === 'digest', known);
    try {
      await sendToChannel(rule.kind as ChannelKind, JSON.parse(rule.config), message, new Date());
      await db
        .updateTable('alert_deliveries')
        .set({ state: 'sent', sent_at: new Date().toISOString(), error: null, claimed_until: null })
        .where('id', 'in', ids)
        .execute();
      sent += ids.length;
    } catch (err) {
      const attempts = Math.max(...rows.map((r) => Number(r.attempts))) + 1;
      const failed = attempts >= MAX_ATTEMPTS;
      await db
        .updateTable('alert_deliveries')
        .set({
          attempts,
          state: failed ? 'failed' : 'pending',
          due_at: new Date(now.getTime() + RETRY_MS[Math.min(attempts - 1, RETRY_MS.length - 1)]).toISOString(),
          error: scrub(errorMessage(err), known).slice(0, 1000),
          claimed_until: null,
        })
        .where('id', 'in', ids)
        .execute();
    }
  }
  return sent;
}

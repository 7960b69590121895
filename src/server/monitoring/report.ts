import type { Assessment, Summary } from '../../assess/assess.js';
import type { Catalog } from '../../catalog/load.js';
import type { Text } from '../../model.js';
import { runAssessment } from '../api/routes.js';
import type { ServerContext } from '../context.js';
import type { ProjectTable } from '../db/schema.js';

/**
 * The continuous monitoring report: for each period, the rating of every item group from the last
 * full run in it, and what changed in it (new, fixed, regressed, accepted findings). The phased
 * disclosure version keeps every count and rating but leaves out the evidence of findings a
 * client marked confidential.
 */
export type PeriodKind = 'day' | 'week' | 'month';
export const CHANGE_KINDS = ['new', 'fixed', 'regressed', 'accepted'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

export interface GroupRating {
  id: string;
  title: Text;
  score: number | null;
  rating: string | null;
}

export interface ChangeEntry {
  findingId: string;
  at: string;
  title: string;
  checkId: string;
  targetId: string;
  severity: string;
  /** Absent when the finding is confidential and the report is the phased-disclosure one. */
  evidence?: { message: string; items: { label: string; value: string }[] };
  withheld?: true;
}

export interface PeriodReport {
  start: string;
  end: string;
  runId: string | null;
  runStarted: string | null;
  score: number | null;
  band: string | null;
  groups: GroupRating[];
  changes: Record<ChangeKind, ChangeEntry[]>;
  counts: Record<ChangeKind, number>;
}

export interface MonitoringReport {
  project: { id: string; name: string };
  period: PeriodKind;
  until: string;
  disclosure: 'full' | 'phased';
  framework: string;
  /** Group ids and titles in a stable order (every group seen in any period). */
  groups: { id: string; title: Text }[];
  periods: PeriodReport[];
  ratings: { rating: string; title: Text; min: number }[];
  generatedAt: string;
}

const MAX_ENTRIES = 100;

export function periodBounds(kind: PeriodKind, count: number, until: Date): { start: Date; end: Date }[] {
  const out: { start: Date; end: Date }[] = [];
  let end = new Date(until);
  for (let i = 0; i < count; i++) {
    let start: Date;
    if (kind === 'day') start = new Date(end.getTime() - 86_400_000);
    else if (kind === 'week') start = new Date(end.getTime() - 7 * 86_400_000);
    else {
      start = new Date(end);
      start.setUTCMonth(start.getUTCMonth() - 1);
    }
    out.unshift({ start, end });
    end = start;
  }
  return out;
}

function changeOf(toState: string, fromState: string | null, note: string): ChangeKind | null {
  if (fromState === null) return 'new';
  if (toState === 'fixed' || (toState === 'verified' && fromState !== 'fixed')) return 'fixed';
  if (toState === 'reopened' && note.startsWith('regression')) return 'regressed';
  if (toState === 'risk-accepted') return 'accepted';
  return null;
}

function groupsOf(a: Assessment, framework: string): Summary[] {
  const frameworkGroups = new Set(a.items.filter((i) => i.framework === framework && i.group).map((i) => i.group!));
  if (frameworkGroups.size) return a.groups.filter((g) => frameworkGroups.has(g.id));
  // No groups in this framework: its layers stand in for them.
  return a.layers.filter((l) => l.framework === framework);
}

export async function monitoringReport(
  ctx: ServerContext,
  project: ProjectTable,
  o: { period: PeriodKind; periods: number; until: Date; framework: string; disclosure: 'full' | 'phased' },
): Promise<MonitoringReport> {
  const db = ctx.db.db;
  const bounds = periodBounds(o.period, o.periods, o.until);
  const retestRuns = new Set(
    (
      await db
        .selectFrom('monitor_jobs')
        .select('run_id')
        .where('project_id', '=', project.id)
        .where('kind', '=', 'retest')
        .where('run_id', 'is not', null)
        .execute()
    ).map((r) => r.run_id),
  );
  const fw = await ctx.frameworks();
  const scoring = fw.catalog.scoring;
  const groupTitles = new Map<string, Text>();
  const periods: PeriodReport[] = [];
  for (const b of bounds) {
    const runs = await db
      .selectFrom('runs')
      .select(['id', 'started', 'score', 'band'])
      .where('project_id', '=', project.id)
      .where('started', '>=', b.start.toISOString())
      .where('started', '<', b.end.toISOString())
      .orderBy('started', 'desc')
      .limit(50)
      .execute();
    const run = runs.find((r) => !retestRuns.has(r.id));
    let groups: GroupRating[] = [];
    if (run) {
      const a = await runAssessment(ctx, project.id, run.id);
      groups = groupsOf(a, o.framework).map((g) => {
        const title = groupTitle(g, fw.catalog, o.framework);
        groupTitles.set(g.id, title);
        return { id: g.id, title, score: g.score, rating: g.rating };
      });
    }
    const events = await db
      .selectFrom('finding_events')
      .innerJoin('findings', 'findings.id', 'finding_events.finding_id')
      .select([
        'finding_events.finding_id',
        'finding_events.at',
        'finding_events.from_state',
        'finding_events.to_state',
        'finding_events.note',
        'findings.title',
        'findings.check_id',
        'findings.target_id',
        'findings.severity',
        'findings.detail',
        'findings.confidential',
      ])
      .where('finding_events.project_id', '=', project.id)
      .where('finding_events.at', '>=', b.start.toISOString())
      .where('finding_events.at', '<', b.end.toISOString())
      .orderBy('finding_events.id')
      .execute();
    const changes: Record<ChangeKind, ChangeEntry[]> = { new: [], fixed: [], regressed: [], accepted: [] };
    const counts: Record<ChangeKind, number> = { new: 0, fixed: 0, regressed: 0, accepted: 0 };
    const seen = new Set<string>();
    for (const e of events) {
      const kind = changeOf(e.to_state, e.from_state, e.note);
      if (!kind || e.to_state === 'false-positive') continue;
      const key = `${kind}\0${e.finding_id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      counts[kind]++;
      if (changes[kind].length >= MAX_ENTRIES) continue;
      const withhold = o.disclosure === 'phased' && Number(e.confidential) === 1;
      const detail = JSON.parse(e.detail) as { message: string; evidence: { label: string; value: string }[] };
      changes[kind].push({
        findingId: e.finding_id,
        at: e.at,
        title: e.title,
        checkId: e.check_id,
        targetId: e.target_id,
        severity: e.severity,
        ...(withhold
          ? { withheld: true as const }
          : { evidence: { message: detail.message, items: (detail.evidence ?? []).slice(0, 10) } }),
      });
    }
    periods.push({
      start: b.start.toISOString(),
      end: b.end.toISOString(),
      runId: run?.id ?? null,
      runStarted: run?.started ?? null,
      score: run?.score === null || run?.score === undefined ? null : Number(run.score),
      band: run?.band ?? null,
      groups,
      changes,
      counts,
    });
  }
  return {
    project: { id: project.id, name: project.name },
    period: o.period,
    until: o.until.toISOString(),
    disclosure: o.disclosure,
    framework: o.framework,
    groups: [...groupTitles].map(([id, title]) => ({ id, title })),
    periods,
    ratings: scoring.ratings.map((r) => ({ rating: r.rating, title: r.title, min: r.min })),
    generatedAt: new Date().toISOString(),
  };
}

/** A group's title: the path heading its items share in the framework (e.g. "Front end / 前端"), else its layer or id. */
function groupTitle(g: Summary, catalog: Catalog, framework: string): Text {
  const item = catalog.items.find((i) => i.group === g.id && (catalog.byId.get(i.id)?.framework ?? '') === framework);
  const heading = (item as { path?: Text[] } | undefined)?.path?.[0];
  if (heading) return heading;
  const layer = catalog.frameworks.find((f) => f.id === framework)?.layers.find((l) => `${framework}/${l.id}` === g.id);
  return layer?.title ?? g.title;
}

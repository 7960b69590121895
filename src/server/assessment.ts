import { assess, type Assessment } from '../assess/assess.js';
import type { ManualAnswer } from '../assess/manual.js';
import type { AuditRun } from '../engine/run.js';
import type { Finding, Location, Verdict } from '../model.js';
import type { ServerFrameworks } from './catalog.js';
import type { ReportInput } from './report-input.js';

/**
 * The assessment a run page shows: the uploaded run's findings folded again with the project's
 * manual answers, by the same `assess` the CLI runs with `--manual`. A report assessed against a
 * framework this server does not know is shown as uploaded.
 */
export function assessRun(
  report: ReportInput,
  manual: Map<string, ManualAnswer>,
  { catalog, mapping, checks }: ServerFrameworks,
): Assessment {
  const uploaded = report as unknown as Assessment;
  const frameworks = report.frameworks.map((f) => f.id);
  const known = new Set(catalog.frameworks.map((f) => f.id));
  if (!frameworks.every((id) => known.has(id))) return uploaded;
  const answers = new Map<string, ManualAnswer>();
  for (const item of uploaded.items ?? []) if (item.manual) answers.set(item.id, item.manual);
  for (const [id, a] of manual) if (catalog.byId.has(id)) answers.set(id, a);
  const coverage = report.coverage;
  const run: AuditRun = {
    id: report.run.id,
    scopeName: report.run.scopeName,
    scopeFile: report.run.scopeFile,
    startedAt: report.run.started,
    finishedAt: report.run.finished,
    options: report.run.options,
    targets: report.run.targets as AuditRun['targets'],
    checksRun: report.run.checksRun,
    checksHeldBack: report.run.checksHeldBack,
    tasks: coverage?.checks.planned ?? report.findings.length,
    ran: coverage ? coverage.checks.completed + coverage.checks.errored : report.findings.length,
    notRun: report.run.notRun,
    unreachable: coverage?.targets.unreachable ?? [],
    findings: report.findings as unknown as Finding[],
  };
  const reassessed = assess(run, catalog, mapping, checks, answers, {
    frameworks,
    toolVersion: report.tool.version,
    targetLocations: report.run.targetLocations as Record<string, Location>,
    baseDir: report.run.baseDir,
  });
  return { ...uploaded, ...reassessed };
}

export function manualMap(
  rows: { item_id: string; verdict: string; note: string; evidence: string; assessor: string; date: string }[],
): Map<string, ManualAnswer> {
  return new Map(
    rows.map((r) => [
      r.item_id,
      {
        verdict: r.verdict as Verdict,
        note: r.note || undefined,
        evidence: JSON.parse(r.evidence) as string[],
        assessor: r.assessor || undefined,
        date: r.date || undefined,
      },
    ]),
  );
}

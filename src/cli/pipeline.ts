import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import pc from 'picocolors';
import { isNode, LineCounter, parseDocument } from 'yaml';
import { assess, type Assessment } from '../assess/assess.js';
import { loadManualAnswers, type ManualAnswer } from '../assess/manual.js';
import { loadCatalog, type Catalog } from '../catalog/load.js';
import { registry } from '../checks/index.js';
import type { Check } from '../checks/types.js';
import { runAudit } from '../engine/run.js';
import { selectChecks } from '../engine/select.js';
import { InputError, InterruptedError } from '../errors.js';
import { SEVERITIES, severityRank, type Location, type Severity } from '../model.js';
import { writeReports, type ReportFormat } from '../report/write.js';
import type { Scope } from '../scope/schema.js';
import { RunStore, defaultDbPath } from '../store/sqlite.js';
import type { CliEnv } from './env.js';
import { worstFailures } from '../report/common.js';

export const TOOL_VERSION: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

export interface AuditFlags {
  out: string;
  formats: ReportFormat[];
  failOn?: Severity;
  only: string[];
  skip: string[];
  manual?: string;
  frameworks?: string[];
  catalogFiles: string[];
  intrusive: boolean;
  active: boolean;
  concurrency: number;
  timeoutMs: number;
  db?: string;
  store: boolean;
  quiet: boolean;
}

/** Where each target sits in the scope file, so findings without a file of their own still have a place in SARIF. */
export function scopeLocator(scope: Scope): (targetId: string) => Location | undefined {
  const lines = new LineCounter();
  const doc = parseDocument(readFileSync(scope.file, 'utf8'), { lineCounter: lines });
  const where = new Map<string, Location>();
  scope.targets.forEach((t, i) => {
    const node = doc.getIn(['targets', i], true);
    if (isNode(node) && node.range) where.set(t.id, { file: scope.file, line: lines.linePos(node.range[0]).line });
  });
  return (id) => where.get(id) ?? { file: scope.file, line: 1 };
}

function sevColor(s: Severity, text: string): string {
  return s === 'critical' || s === 'high' ? pc.red(text) : s === 'medium' ? pc.yellow(text) : pc.dim(text);
}

export function summaryScreen(a: Assessment, paths: string[], env: CliEnv): string {
  const lines: string[] = [];
  const score = a.score === null ? '—' : String(a.score);
  lines.push('', pc.bold(`chainaudit · ${a.run.scopeName} · run ${a.run.id}`));
  lines.push(
    `score ${pc.bold(score)} / 100   band ${pc.bold(a.bandTitle[env.lang])}${a.scoring.cappedBy ? pc.dim(` (capped: ${a.scoring.cappedBy})`) : ''}`,
  );
  lines.push(
    `failing  ${SEVERITIES.slice()
      .reverse()
      .map((s) => sevColor(s, `${s} ${a.totals.failingBySeverity[s]}`))
      .join('  ')}`,
  );
  const f = a.totals.findings;
  lines.push(
    pc.dim(`results  pass ${f.pass}  fail ${f.fail}  warn ${f.warn}  error ${f.error}  n/a ${f['not-applicable']}`),
  );
  const v = a.totals.verdicts;
  lines.push(
    pc.dim(
      `items    conforming ${v.conforming}  partly ${v['partly-conforming']}  non-conforming ${v['non-conforming']}  n/a ${v['not-applicable']}  not assessed ${v['not-assessed']}`,
    ),
  );
  const worst = worstFailures(a, 8);
  if (worst.length) {
    lines.push('', pc.bold('worst failures'));
    for (const w of worst)
      lines.push(
        `  ${sevColor(w.severity, w.severity.padEnd(8))} ${w.targetId}  ${`${w.title}: ${w.message}`.slice(0, 110)}`,
      );
  }
  if (a.run.checksHeldBack.length)
    lines.push(pc.dim(`\n${a.run.checksHeldBack.length} intrusive/active checks held back (--intrusive, --active)`));
  if (paths.length) lines.push('', ...paths.map((p) => pc.dim(`wrote ${p}`)));
  return lines.join('\n');
}

export interface PipelineResult {
  assessment: Assessment;
  paths: string[];
  exitCode: number;
}

/** scope → checks → findings → assessment → store → reports, with progress and a closing summary. */
export async function auditScope(
  scope: Scope,
  flags: AuditFlags,
  env: CliEnv,
  signal?: AbortSignal,
  catalogIn?: Catalog,
): Promise<PipelineResult> {
  const catalog = catalogIn ?? loadCatalog(flags.catalogFiles);
  const checks: Check[] = selectChecks(registry, flags.only, flags.skip);
  if (checks.length === 0) throw new InputError('no check matches --only/--skip');
  const manualFile = flags.manual ?? (scope.manual ? resolve(scope.dir, scope.manual) : undefined);
  const manual: Map<string, ManualAnswer> = manualFile
    ? loadManualAnswers(manualFile, new Set(catalog.byId.keys()))
    : new Map();
  const frameworks = flags.frameworks ?? scope.frameworks;

  const started = performance.now();
  const run = await runAudit({
    scope,
    checks,
    options: { intrusive: flags.intrusive, active: flags.active },
    concurrency: flags.concurrency,
    checkTimeoutMs: flags.timeoutMs,
    signal,
    onProgress: (e) => {
      if (flags.quiet) return;
      const failed = e.findings.filter((x) => x.status === 'fail').length;
      env.progress(
        `[${e.done}/${e.total}] ${((performance.now() - started) / 1000).toFixed(1)}s ${e.checkId} @ ${e.targetId}${failed ? ` — ${failed} failing` : ''}`,
      );
    },
    onMessage: (checkId, targetId, m) => !flags.quiet && env.progress(`${checkId} @ ${targetId}: ${m}`),
  });
  if (signal?.aborted) throw new InterruptedError();
  const assessment = assess(
    run,
    catalog,
    checks.map((c) => c.meta),
    manual,
    { frameworks, toolVersion: TOOL_VERSION },
  );

  if (flags.store) {
    const store = new RunStore(flags.db ?? defaultDbPath());
    try {
      store.save(assessment);
    } finally {
      store.close();
    }
  }
  const paths = writeReports(flags.out, assessment, flags.formats, {
    checks: registry.map((c) => c.meta),
    lang: env.lang,
    toolVersion: TOOL_VERSION,
    targetLocation: scopeLocator(scope),
  });
  if (!flags.quiet) env.err(summaryScreen(assessment, paths, env));

  const threshold = flags.failOn;
  const gated = threshold
    ? assessment.findings.some((f) => f.status === 'fail' && severityRank(f.severity) >= severityRank(threshold))
    : false;
  return { assessment, paths, exitCode: gated ? 1 : 0 };
}

import pc from 'picocolors';
import type { Assessment } from '../assess/assess.js';
import { SEVERITIES, type Severity } from '../model.js';
import { worstFailures } from '../report/common.js';
import type { CliEnv } from './env.js';

function sevColor(s: Severity, text: string): string {
  return s === 'critical' || s === 'high' ? pc.red(text) : s === 'medium' ? pc.yellow(text) : pc.dim(text);
}

/** The closing screen of a run on stderr: score, coverage, worst failures, files written. */
export function summaryScreen(a: Assessment, paths: string[], env: CliEnv): string {
  const lines: string[] = [];
  const score = a.score === null ? '—' : String(a.score);
  const cov = a.coverage;
  lines.push('', pc.bold(`chainaudit · ${a.run.scopeName} · run ${a.run.id}`));
  if (!cov.complete) {
    lines.push(
      pc.red(pc.bold('INCOMPLETE: the audit could not look at everything; verdicts cover only what was observed')),
    );
    for (const r of cov.reasons.slice(0, 6)) lines.push(pc.red(`  · ${r}`));
    if (cov.reasons.length > 6) lines.push(pc.red(`  · ${cov.reasons.length - 6} more`));
  }
  lines.push(
    `score ${pc.bold(score)} / 100   band ${pc.bold(a.bandTitle[env.lang])}${a.scoring.cappedBy ? pc.dim(` (capped: ${a.scoring.cappedBy})`) : ''}${cov.complete ? '' : pc.red(' (incomplete run)')}`,
  );
  lines.push(
    `coverage targets ${cov.targets.reached}/${cov.targets.total} reached · checks ${cov.checks.completed}/${cov.checks.planned} completed` +
      `${cov.checks.errored ? `, ${cov.checks.errored} errored` : ''}${cov.checks.notRun ? `, ${cov.checks.notRun} not run` : ''}` +
      ` · items ${cov.items.assessed}/${cov.items.total} assessed`,
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

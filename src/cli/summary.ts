import { createColors } from 'picocolors';
import type { Assessment } from '../assess/assess.js';
import { SEVERITIES, VERDICTS, type Severity } from '../model.js';
import {
  bandText,
  coverageLines,
  label,
  scoreText,
  severityLabel,
  statusLabel,
  verdictLabel,
  worstFailures,
} from '../report/common.js';
import type { CliEnv } from './env.js';

type Colors = ReturnType<typeof createColors>;

/** Colour when a person reads stderr; NO_COLOR and FORCE_COLOR (no-color.org) decide first. */
function colorsFor(env: CliEnv): Colors {
  const forced = process.env.FORCE_COLOR;
  if (forced !== undefined && forced !== '0') return createColors(true);
  if (process.env.NO_COLOR) return createColors(false);
  return createColors(env.isTTY);
}

function sevColor(pc: Colors, s: Severity, text: string): string {
  return s === 'critical' || s === 'high' ? pc.red(text) : s === 'medium' ? pc.yellow(text) : pc.dim(text);
}

const WROTE = { en: 'wrote', zh: '已写入' };
const HELD_BACK = {
  en: (n: number) => `${n} intrusive/active checks held back (--intrusive, --active)`,
  zh: (n: number) => `${n} 项侵入式/主动式检查未执行（--intrusive、--active）`,
};

/** The closing screen of a run on stderr: coverage first, then score, worst failures, files written. */
export function summaryScreen(a: Assessment, paths: string[], env: CliEnv): string {
  const pc = colorsFor(env);
  const lang = env.lang;
  const sep = lang === 'zh' ? '：' : ': ';
  const lines: string[] = [];
  const cov = coverageLines(a, lang);
  lines.push('', pc.bold(`chainaudit · ${a.run.scopeName} · ${label('run', lang)} ${a.run.id}`));
  lines.push(a.coverage.complete ? pc.green(cov.headline) : pc.red(pc.bold(cov.headline)));
  for (const r of cov.reasons.slice(0, 6)) lines.push(pc.red(`  · ${r}`));
  const more = cov.reasons.length - 6;
  if (more > 0) lines.push(pc.red(`  · ${lang === 'zh' ? `另有 ${more} 条` : `${more} more`}`));
  lines.push(`${label('coverage', lang)}${sep}${cov.facts.slice(0, 3).join(' · ')}`);
  lines.push(
    `${label('score', lang)} ${pc.bold(scoreText(a))} / 100   ${label('band', lang)} ${pc.bold(bandText(a, lang))}`,
  );
  lines.push(
    `${label('findingsBySeverity', lang)}${sep}${SEVERITIES.slice()
      .reverse()
      .map((s) => sevColor(pc, s, `${severityLabel(s, lang)} ${a.totals.failingBySeverity[s]}`))
      .join('  ')}`,
  );
  const f = a.totals.findings;
  lines.push(
    pc.dim(
      `${label('result', lang)}${sep}${(['pass', 'fail', 'warn', 'error', 'not-applicable'] as const).map((s) => `${statusLabel(s, lang)} ${f[s]}`).join('  ')}`,
    ),
  );
  lines.push(
    pc.dim(
      `${label('items', lang)}${sep}${VERDICTS.map((v) => `${verdictLabel(v, lang)} ${a.totals.verdicts[v]}`).join('  ')}`,
    ),
  );
  const worst = worstFailures(a, 8);
  if (worst.length) {
    lines.push('', pc.bold(label('worst', lang)));
    for (const w of worst)
      lines.push(
        `  ${sevColor(pc, w.severity, severityLabel(w.severity, lang).padEnd(8))} ${w.targetId}  ${`${w.title}: ${w.message}`.slice(0, 110)}`,
      );
  }
  if (a.run.checksHeldBack.length) lines.push(pc.dim(`\n${HELD_BACK[lang](a.run.checksHeldBack.length)}`));
  if (paths.length) lines.push('', ...paths.map((p) => pc.dim(`${WROTE[lang]} ${p}`)));
  return lines.join('\n');
}

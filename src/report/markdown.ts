import type { Assessment } from '../assess/assess.js';
import { SEVERITIES, pick, type Lang } from '../model.js';
import {
  actualResult,
  bandText,
  coverageText,
  findingsOf,
  label,
  sortedFindings,
  verdictLabel,
  worstFailures,
  yesNo,
} from './common.js';

/** Table cells carry target-supplied text: neutralise pipes, newlines and HTML so the table stays a table. */
export function mdCell(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/\|/g, '\\|')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/`/g, "'")
    .slice(0, 1500);
}

function table(head: string[], rows: string[][]): string {
  return [
    `| ${head.join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.map(mdCell).join(' | ')} |`),
  ].join('\n');
}

export function renderMarkdown(a: Assessment, lang: Lang): string {
  const out: string[] = [];
  out.push(`# ${label('title', lang)}: ${mdCell(a.run.scopeName)}`, '');
  if (!a.coverage.complete) {
    out.push(`> **${label('incomplete', lang)}**`, '>');
    for (const r of a.coverage.reasons) out.push(`> - ${mdCell(r)}`);
    out.push('');
  }
  out.push(
    table(
      ['', ''],
      [
        [label('run', lang), a.run.id],
        [label('started', lang), a.run.started],
        [label('finished', lang), a.run.finished],
        [
          label('score', lang),
          a.score === null ? '—' : `${a.score} / 100 (${label('deduction', lang)} ${a.scoring.deduction})`,
        ],
        [label('band', lang), bandText(a, lang)],
        [label('coverage', lang), coverageText(a, lang)],
        [label('targets', lang), a.run.targets.map((t) => `${t.id} (${t.kind})`).join(', ')],
      ],
    ),
    '',
  );
  out.push(`> ${label('formula', lang)}: ${mdCell(pick(a.scoring.formula, lang))}`, '');

  out.push(`## ${label('summary', lang)}`, '');
  out.push(
    table(SEVERITIES.slice().reverse(), [
      SEVERITIES.slice()
        .reverse()
        .map((s) => String(a.totals.failingBySeverity[s])),
    ]),
    '',
  );
  out.push(
    table(
      Object.keys(a.totals.verdicts).map((v) => verdictLabel(v as never, lang)),
      [Object.values(a.totals.verdicts).map(String)],
    ),
    '',
  );

  out.push(`## ${label('worst', lang)}`, '');
  const worst = worstFailures(a, 10);
  out.push(
    worst.length
      ? table(
          [label('severity', lang), label('check', lang), label('target', lang), label('findings', lang)],
          worst.map((f) => [f.severity, f.checkId, f.targetId, `${f.title}: ${f.message}`]),
        )
      : label('noFailures', lang),
    '',
  );

  out.push(`## ${label('controlPoints', lang)}`, '');
  out.push(
    table(
      [
        label('controlPoints', lang),
        ...Object.keys(a.totals.verdicts).map((v) => verdictLabel(v as never, lang)),
        label('score', lang),
      ],
      a.controlPoints.map((c) => [
        pick(c.title, lang),
        ...Object.values(c.verdicts).map(String),
        c.score === null ? '—' : String(c.score),
      ]),
    ),
    '',
  );
  out.push(`## ${label('layers', lang)}`, '');
  out.push(
    table(
      [
        label('framework', lang),
        label('layers', lang),
        label('score', lang),
        'rating',
        ...Object.keys(a.totals.verdicts).map((v) => verdictLabel(v as never, lang)),
      ],
      a.layers.map((l) => [
        l.framework,
        pick(l.title, lang),
        l.score === null ? '—' : String(l.score),
        l.rating ?? '—',
        ...Object.values(l.verdicts).map(String),
      ]),
    ),
    '',
  );
  if (a.groups.length) {
    out.push(`## ${label('groups', lang)}`, '');
    out.push(
      table(
        ['group', label('score', lang), 'rating'],
        a.groups.map((g) => [g.id, g.score === null ? '—' : String(g.score), g.rating ?? '—']),
      ),
      '',
    );
  }

  const evalItems = a.items.filter((i) => i.framework === 'djcp-blockchain');
  if (evalItems.length) {
    out.push(`## ${label('evaluation', lang)}`, '');
    out.push(
      table(
        [
          label('category', lang),
          label('item', lang),
          label('procedure', lang),
          label('expected', lang),
          label('actual', lang),
          label('result', lang),
          label('yn', lang),
        ],
        evalItems.map((i) => [
          pick(i.path[0] ?? i.title, lang),
          pick(i.title, lang),
          pick(i.procedure, lang),
          pick(i.expected, lang),
          actualResult(a, i, lang),
          verdictLabel(i.verdict, lang),
          yesNo(i.verdict),
        ]),
      ),
      '',
    );
  }

  out.push(`## ${label('findings', lang)}`, '');
  for (const f of sortedFindings(a.findings).filter(
    (x) => x.status === 'fail' || x.status === 'warn' || x.status === 'error',
  )) {
    out.push(`### [${f.severity}] ${mdCell(f.title)} — ${mdCell(f.targetId)}`, '');
    out.push(
      `- ${label('check', lang)}: \`${f.checkId}\` · ${label('status', lang)}: **${f.status}** · ${label('items', lang)}: ${f.items.join(', ')}`,
    );
    out.push(`- ${mdCell(f.message)}`);
    for (const l of f.locations)
      out.push(`- ${label('location', lang)}: ${mdCell(`${l.file}${l.line ? `:${l.line}` : ''}`)}`);
    for (const e of f.evidence) out.push(`- ${label('evidence', lang)} — ${mdCell(e.label)}: ${mdCell(e.value)}`);
    if (f.status !== 'error') out.push(`- ${label('remediation', lang)}: ${mdCell(f.remediation)}`);
    out.push('');
  }

  out.push(`## ${label('items', lang)}`, '');
  for (const fw of a.frameworks) {
    out.push(`### ${mdCell(pick(fw.title, lang))}`, '');
    out.push(
      table(
        [
          'id',
          label('item', lang),
          label('verdict', lang),
          label('basis', lang),
          label('check', lang),
          label('actual', lang),
        ],
        a.items
          .filter((i) => i.framework === fw.id)
          .map((i) => [
            i.id,
            pick(i.title, lang),
            verdictLabel(i.verdict, lang),
            i.basis,
            i.checks.join(', ') || '—',
            findingsOf(a, i).length ? actualResult(a, i, lang) : i.rationale,
          ]),
      ),
      '',
    );
  }
  if (a.run.checksHeldBack.length) {
    out.push(
      `## ${label('heldBack', lang)}`,
      '',
      ...a.run.checksHeldBack.map((h) => `- \`${h.checkId}\`: ${h.reason}`),
      '',
    );
  }
  return `${out.join('\n')}\n`;
}

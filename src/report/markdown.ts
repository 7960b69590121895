import type { Assessment } from '../assess/assess.js';
import { SEVERITIES, VERDICTS, pick, type Lang } from '../model.js';
import {
  actualResult,
  bandText,
  colon,
  basisLabel,
  coverageLines,
  engineText,
  label,
  locationText,
  ratingLabel,
  remediationOf,
  reportedFindings,
  scoreText,
  severityLabel,
  statusLabel,
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
    `| ${head.map(mdCell).join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.map(mdCell).join(' | ')} |`),
  ].join('\n');
}

export function renderMarkdown(a: Assessment, lang: Lang): string {
  const out: string[] = [];
  const section = (title: string, ...body: string[]) => out.push(`## ${title}`, '', ...body.flatMap((b) => [b, '']));
  const verdictHeads = VERDICTS.map((v) => verdictLabel(v, lang));

  out.push(`# ${label('title', lang)}${colon(lang)}${mdCell(a.run.scopeName)}`, '');
  const cov = coverageLines(a, lang);
  out.push(
    `> **${cov.headline}**`,
    ...(cov.reasons.length
      ? ['>', `> ${label('whyIncomplete', lang)}${colon(lang).trim()}`, ...cov.reasons.map((r) => `> - ${mdCell(r)}`)]
      : []),
    '',
  );
  out.push(
    table(
      ['', ''],
      [
        [label('run', lang), a.run.id],
        [label('started', lang), a.run.started],
        [label('finished', lang), a.run.finished],
        [
          label('score', lang),
          a.score === null ? '—' : `${scoreText(a)} / 100 (${label('deduction', lang)} ${a.scoring.deduction})`,
        ],
        [label('band', lang), bandText(a, lang)],
        [label('targets', lang), a.run.targets.map((t) => `${t.id} (${t.kind})`).join(', ')],
      ],
    ),
    '',
    `> ${label('formula', lang)}${colon(lang)}${mdCell(pick(a.scoring.formula, lang))}`,
    '',
  );

  section(label('coverage', lang), cov.facts.map((f) => `- ${mdCell(f)}`).join('\n'));

  section(
    label('summary', lang),
    `${label('findingsBySeverity', lang)}${colon(lang).trim()}`,
    table(
      SEVERITIES.slice()
        .reverse()
        .map((s) => severityLabel(s, lang)),
      [
        SEVERITIES.slice()
          .reverse()
          .map((s) => String(a.totals.failingBySeverity[s])),
      ],
    ),
    `${label('itemsByVerdict', lang)}${colon(lang).trim()}`,
    table(verdictHeads, [VERDICTS.map((v) => String(a.totals.verdicts[v]))]),
  );

  const worst = worstFailures(a, 10);
  section(
    label('worst', lang),
    worst.length
      ? table(
          [label('severity', lang), label('check', lang), label('target', lang), label('findings', lang)],
          worst.map((f) => [
            severityLabel(f.severity, lang),
            f.checkId,
            f.targetId,
            `${f.title}${colon(lang)}${f.message}`,
          ]),
        )
      : label('noFailures', lang),
  );

  if (a.controlPoints.length)
    section(
      label('controlPoints', lang),
      table(
        [label('controlPoint', lang), ...verdictHeads, label('score', lang)],
        a.controlPoints.map((c) => [
          pick(c.title, lang),
          ...VERDICTS.map((v) => String(c.verdicts[v])),
          c.score === null ? '—' : String(c.score),
        ]),
      ),
    );
  if (a.layers.length)
    section(
      label('layers', lang),
      table(
        [label('framework', lang), label('layer', lang), label('score', lang), label('rating', lang), ...verdictHeads],
        a.layers.map((l) => [
          pick(a.frameworks.find((f) => f.id === l.framework)?.title ?? { en: l.framework, zh: l.framework }, lang),
          pick(l.title, lang),
          l.score === null ? '—' : String(l.score),
          ratingLabel(a, l.rating, lang),
          ...VERDICTS.map((v) => String(l.verdicts[v])),
        ]),
      ),
    );
  if (a.groups.length)
    section(
      label('groups', lang),
      table(
        [label('group', lang), label('score', lang), label('rating', lang)],
        a.groups.map((g) => [g.id, g.score === null ? '—' : String(g.score), ratingLabel(a, g.rating, lang)]),
      ),
    );

  const evalItems = a.items.filter((i) => i.framework === 'djcp-blockchain');
  if (evalItems.length)
    section(
      label('evaluation', lang),
      table(
        [
          label('category', lang),
          label('item', lang),
          label('procedure', lang),
          label('expected', lang),
          label('actual', lang),
          label('result', lang),
          label('yn', lang),
          label('remediation', lang),
        ],
        evalItems.map((i) => [
          pick(i.path[0] ?? i.title, lang),
          pick(i.title, lang),
          pick(i.procedure, lang),
          pick(i.expected, lang),
          actualResult(a, i, lang),
          verdictLabel(i.verdict, lang),
          yesNo(i.verdict),
          remediationOf(a, i),
        ]),
      ),
    );

  const listed = reportedFindings(a);
  out.push(`## ${label('findings', lang)}`, '');
  if (!listed.length) out.push(label('noFindings', lang), '');
  for (const f of listed) {
    out.push(`### [${severityLabel(f.severity, lang)}] ${mdCell(f.title)} — ${mdCell(f.targetId)}`, '');
    out.push(
      `- ${label('check', lang)}${colon(lang)}\`${f.checkId}\` · ${label('status', lang)}${colon(lang)}**${statusLabel(f.status, lang)}**${f.items.length ? ` · ${label('items', lang)}${colon(lang)}${f.items.join(', ')}` : ''}`,
    );
    out.push(`- ${mdCell(f.message)}`);
    for (const l of f.locations) out.push(`- ${label('location', lang)}${colon(lang)}${mdCell(locationText(a, l))}`);
    for (const e of f.evidence)
      out.push(`- ${label('evidence', lang)} — ${mdCell(e.label)}${colon(lang)}${mdCell(e.value)}`);
    if (f.status !== 'error') out.push(`- ${label('remediation', lang)}${colon(lang)}${mdCell(f.remediation)}`);
    out.push('');
  }

  out.push(`## ${label('items', lang)}`, '');
  for (const fw of a.frameworks) {
    const rows = a.items.filter((i) => i.framework === fw.id);
    if (!rows.length) continue;
    out.push(`### ${mdCell(pick(fw.title, lang))}`, '');
    out.push(
      table(
        [
          label('itemId', lang),
          label('item', lang),
          label('verdict', lang),
          label('basis', lang),
          label('check', lang),
          label('actual', lang),
        ],
        rows.map((i) => [
          i.id,
          pick(i.title, lang),
          verdictLabel(i.verdict, lang),
          basisLabel(i.basis, lang),
          i.checks.join(', ') || '—',
          actualResult(a, i, lang),
        ]),
      ),
      '',
    );
  }
  if (a.run.checksHeldBack.length)
    section(
      label('heldBack', lang),
      a.run.checksHeldBack
        .map((h) => `- \`${h.checkId}\`${colon(lang)}${mdCell(engineText(h.reason, lang))}`)
        .join('\n'),
    );
  return `${out.join('\n')}\n`;
}

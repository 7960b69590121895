import type { Assessment, Summary } from '../assess/assess.js';
import { SEVERITIES, VERDICTS, pick, type Lang, type Severity, type Verdict } from '../model.js';
import {
  actualResult,
  bandText,
  colon,
  basisLabel,
  coverageLines,
  coverageText,
  engineText,
  label,
  locationText,
  ratingLabel,
  remediationAdvice,
  remediationOf,
  reportedFindings,
  scoreText,
  severityLabel,
  statusLabel,
  verdictLabel,
  worstFailures,
  yesNo,
} from './common.js';

/** Every string that reaches the page goes through here; targets control much of what we print. */
export function escapeHtml(value: unknown): string {
  return String(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export const VERDICT_COLOR: Record<Verdict, string> = {
  conforming: '#2e7d32',
  'partly-conforming': '#f9a825',
  'non-conforming': '#c62828',
  'not-applicable': '#9e9e9e',
  'not-assessed': '#cfd8dc',
};
export const SEVERITY_COLOR: Record<string, string> = {
  critical: '#8e0000',
  high: '#c62828',
  medium: '#ef6c00',
  low: '#f9a825',
  info: '#607d8b',
};

/** One horizontal stacked bar per summary: the verdict mix of its items, drawn as inline SVG. */
function verdictChart(rows: Summary[], lang: Lang): string {
  const width = 420;
  const rowH = 22;
  const labelW = 230;
  const body = rows
    .map((r, i) => {
      const total = VERDICTS.reduce((n, v) => n + r.verdicts[v], 0) || 1;
      let x = labelW;
      const y = i * rowH;
      const bars = VERDICTS.map((v) => {
        const w = (r.verdicts[v] / total) * (width - labelW - 50);
        const rect =
          w > 0
            ? `<rect x="${x.toFixed(1)}" y="${y + 3}" width="${w.toFixed(1)}" height="${rowH - 6}" fill="${VERDICT_COLOR[v]}"><title>${escapeHtml(`${verdictLabel(v, lang)}${colon(lang)}${r.verdicts[v]}`)}</title></rect>`
            : '';
        x += w;
        return rect;
      }).join('');
      return `<text x="0" y="${y + rowH - 7}" font-size="12">${escapeHtml(pick(r.title, lang).slice(0, 34))}</text>${bars}<text x="${width - 44}" y="${y + rowH - 7}" font-size="12">${r.score === null ? '—' : escapeHtml(r.score)}</text>`;
    })
    .join('');
  return `<svg role="img" width="${width}" height="${rows.length * rowH}" viewBox="0 0 ${width} ${rows.length * rowH}" xmlns="http://www.w3.org/2000/svg">${body}</svg>`;
}

function legend(lang: Lang): string {
  return `<p class="legend">${VERDICTS.map((v) => `<span><i style="background:${VERDICT_COLOR[v]}"></i>${escapeHtml(verdictLabel(v, lang))}</span>`).join(' ')}</p>`;
}

export function tableHtml(head: string[], rows: string[][], opts: { cls?: string; widths?: number[] } = {}): string {
  const cols = opts.widths
    ? `<colgroup>${opts.widths.map((w) => `<col style="width:${w}%">`).join('')}</colgroup>`
    : '';
  return `<table${opts.cls ? ` class="${opts.cls}"` : ''}>${cols}<thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

const CSS = `body{font:14px/1.45 system-ui,-apple-system,"Segoe UI","Noto Sans CJK SC","WenQuanYi Zen Hei",sans-serif;margin:0;color:#1c2833;background:#f6f8fa}
main{max-width:1200px;margin:0 auto;padding:24px}h1{font-size:22px}h2{font-size:18px;margin-top:32px;border-bottom:1px solid #d0d7de;padding-bottom:4px}h3{font-size:15px;margin:18px 0 6px}
table{border-collapse:collapse;width:100%;background:#fff;margin:8px 0}th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top;overflow-wrap:anywhere}th{background:#eef1f4}
table.eval{table-layout:fixed;font-size:13px}
.cards{display:flex;gap:12px;flex-wrap:wrap}.card{background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:12px 16px;min-width:150px}.card b{font-size:24px;display:block}
.sev{color:#fff;border-radius:3px;padding:0 6px;font-size:12px;white-space:nowrap}.legend span{margin-right:12px}.legend i{display:inline-block;width:10px;height:10px;margin-right:4px}
.finding{background:#fff;border:1px solid #d0d7de;border-radius:6px;margin:8px 0;padding:6px 12px}.finding h3{margin:4px 0}.finding p{margin:4px 0}
code,pre{font-family:ui-monospace,monospace;font-size:12px}pre{white-space:pre-wrap;word-break:break-all;background:#f6f8fa;padding:6px;margin:2px 0 6px}
.charts{display:flex;gap:32px;flex-wrap:wrap}.charts svg{max-width:100%;height:auto}
.coverage{border-radius:6px;padding:8px 14px;margin:12px 0;border:2px solid #2e7d32;background:#edf7ee}.coverage.incomplete{background:#fdecea;border-color:#c62828}.coverage ul{margin:4px 0}
@page{size:A4;margin:12mm 10mm}
@media print{body{background:#fff;font-size:10pt}main{max-width:none;padding:0}h1{font-size:16pt}h2{font-size:13pt;break-after:avoid}h3{break-after:avoid}
table{font-size:8pt}table.eval{font-size:7.5pt}th,td{padding:2px 4px}thead{display:table-header-group}tr,.finding,.card,.coverage{break-inside:avoid}
.finding{border-color:#999}pre{font-size:7.5pt;background:none;border-left:2px solid #ccc}.sev{color:#000!important;background:none!important;border:1px solid #000}}`;

function sevBadge(s: Severity, lang: Lang): string {
  return `<span class="sev" style="background:${SEVERITY_COLOR[s] ?? '#607d8b'}">${escapeHtml(severityLabel(s, lang))}</span>`;
}

/** The PDF's own pages: a cover and a table of contents; a bottom margin for the page x / y footer. */
const PRINT_CSS = `@page{size:A4;margin:14mm 11mm 16mm}
.cover{height:250mm;display:flex;flex-direction:column;justify-content:center;break-after:page}.cover h1{font-size:24pt;margin:0 0 12mm}.cover table{width:100%;table-layout:fixed;font-size:11pt}
.toc{break-after:page}.toc ol{line-height:1.9;font-size:11pt}.toc a{color:inherit;text-decoration:none}`;

export interface HtmlOptions {
  /** The document a PDF is printed from: a cover page and a table of contents in front. */
  print?: boolean;
}

function verdictSpan(v: Verdict, lang: Lang): string {
  return `<span style="color:${VERDICT_COLOR[v] === '#cfd8dc' ? '#607d8b' : VERDICT_COLOR[v]}">${escapeHtml(verdictLabel(v, lang))}</span>`;
}

/** The blockchain evaluation table (category, item, procedure, expected, actual, result, Y/N, remediation); '' when the run has none of its items. */
export function evaluationTable(a: Assessment, lang: Lang): string {
  const e = escapeHtml;
  const evalItems = a.items.filter((i) => i.framework === 'djcp-blockchain');
  if (!evalItems.length) return '';
  return tableHtml(
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
      e(pick(i.path[0] ?? i.title, lang)),
      e(pick(i.title, lang)),
      e(pick(i.procedure, lang)),
      e(pick(i.expected, lang)),
      e(actualResult(a, i, lang)),
      verdictSpan(i.verdict, lang),
      e(yesNo(i.verdict)),
      e(remediationOf(a, i)),
    ]),
    { cls: 'eval', widths: [9, 11, 17, 15, 20, 8, 5, 15] },
  );
}

/**
 * A single self-contained page: inline CSS and SVG, no scripts, no network fetches; prints on A4. The
 * PDF is the same document printed, with a cover and a table of contents in front.
 */
export function renderHtml(a: Assessment, lang: Lang, options: HtmlOptions = {}): string {
  const e = escapeHtml;
  const parts: string[] = [];
  const cov = coverageLines(a, lang);
  parts.push(`<h1>${e(label('title', lang))}${colon(lang)}${e(a.run.scopeName)}</h1>`);
  parts.push(`<h2>${e(label('conclusion', lang))}</h2>`);
  parts.push(
    `<div class="coverage${a.coverage.complete ? '' : ' incomplete'}"${a.coverage.complete ? '' : ' role="alert"'}><b>${e(cov.headline)}</b>${
      cov.reasons.length
        ? `<p>${e(label('whyIncomplete', lang))}${colon(lang).trim()}</p><ul>${cov.reasons.map((r) => `<li>${e(r)}</li>`).join('')}</ul>`
        : ''
    }</div>`,
  );
  parts.push(
    `<div class="cards"><div class="card">${e(label('score', lang))}<b>${e(scoreText(a))}</b></div><div class="card">${e(label('band', lang))}<b>${e(bandText(a, lang))}</b></div>${SEVERITIES.slice()
      .reverse()
      .map((s) => `<div class="card">${sevBadge(s, lang)}<b>${a.totals.failingBySeverity[s]}</b></div>`)
      .join('')}</div>`,
  );
  parts.push(
    `<p>${e(label('run', lang))} <code>${e(a.run.id)}</code> · ${e(a.run.started)} → ${e(a.run.finished)}</p>`,
  );
  parts.push(`<p><small>${e(label('formula', lang))}${colon(lang)}${e(pick(a.scoring.formula, lang))}</small></p>`);
  if (a.run.imports?.length)
    parts.push(
      `<p>${e(label('imported', lang))}${colon(lang)}${a.run.imports.map((i) => `${e(i.tool)} <code>${e(i.file)}</code> (${i.findings}, sha256 ${e(i.sha256.slice(0, 16))}…)`).join(' · ')}</p>`,
    );

  parts.push(`<h2>${e(label('coverage', lang))}</h2><ul>${cov.facts.map((f) => `<li>${e(f)}</li>`).join('')}</ul>`);

  parts.push(`<h2>${e(label('targets', lang))}</h2>`);
  parts.push(
    tableHtml(
      [label('targetId', lang), label('targetKind', lang), label('targetName', lang), label('targetChain', lang)],
      a.run.targets.map((t) => [e(t.id), e(t.kind), e(t.name ?? '—'), e(t.chain ?? '—')]),
    ),
  );

  parts.push(`<h2>${e(label('problems', lang))}</h2>`);
  const failing = SEVERITIES.slice()
    .reverse()
    .map((s) => `${sevBadge(s, lang)} ${a.totals.failingBySeverity[s]}`)
    .join(' ');
  parts.push(`<p>${failing} ${e(label('failingTotal', lang))}</p><h3>${e(label('worst', lang))}</h3>`);
  const worst = worstFailures(a, 20);
  parts.push(
    worst.length
      ? tableHtml(
          [label('severity', lang), label('check', lang), label('target', lang), label('findings', lang)],
          worst.map((f) => [
            sevBadge(f.severity, lang),
            `<code>${e(f.checkId)}</code>`,
            e(f.targetId),
            `${e(f.title)}${colon(lang)}${e(f.message)}`,
          ]),
          { widths: [10, 24, 16, 50] },
        )
      : `<p>${e(label('noFailures', lang))}</p>`,
  );

  if (a.controlPoints.length || a.layers.length) {
    parts.push(`<h2>${e(label('controlPoints', lang))} · ${e(label('layers', lang))}</h2>${legend(lang)}`);
    parts.push(
      `<div class="charts">${[a.controlPoints, a.layers]
        .filter((rows) => rows.length)
        .map((rows) => `<div>${verdictChart(rows, lang)}</div>`)
        .join('')}</div>`,
    );
  }
  if (a.groups.length) {
    parts.push(`<h2>${e(label('groups', lang))}</h2>`);
    parts.push(
      tableHtml(
        [label('group', lang), label('score', lang), label('rating', lang)],
        a.groups.map((g) => [e(g.id), g.score === null ? '—' : e(g.score), e(ratingLabel(a, g.rating, lang))]),
      ),
    );
  }

  const evaluation = evaluationTable(a, lang);
  if (evaluation) parts.push(`<h2>${e(label('evaluation', lang))}</h2>`, evaluation);

  parts.push(`<h2>${e(label('remediationAdvice', lang))}</h2>`);
  const advice = remediationAdvice(a);
  parts.push(
    advice.length
      ? tableHtml(
          [label('severity', lang), label('check', lang), label('affected', lang), label('remediation', lang)],
          advice.map((r) => [
            sevBadge(r.severity, lang),
            `${e(r.title)}<br><code>${e(r.ref)}</code>`,
            `${e(r.targets.slice(0, 5).join(', '))}${r.targets.length > 5 ? ` +${r.targets.length - 5}` : ''} (${r.count})`,
            e(r.remediation),
          ]),
        )
      : `<p>${e(label('noFailures', lang))}</p>`,
  );

  parts.push(`<h2>${e(label('evidenceAppendix', lang))}</h2>`);
  const listed = reportedFindings(a);
  if (!listed.length) parts.push(`<p>${e(label('noFindings', lang))}</p>`);
  for (const f of listed) {
    parts.push(
      `<section class="finding"><h3>${sevBadge(f.severity, lang)} ${e(statusLabel(f.status, lang))} · ${e(f.title)} — ${e(f.targetId)}</h3><p>${e(f.message)}</p><p>${e(label('check', lang))}${colon(lang)}<code>${e(f.checkId)}</code>${
        f.items.length
          ? ` · ${e(label('items', lang))}${colon(lang)}${f.items.map((i) => `<code>${e(i)}</code>`).join(' ')}`
          : ''
      }</p>${f.locations
        .map((l) => `<p>${e(label('location', lang))}${colon(lang)}<code>${e(locationText(a, l))}</code></p>`)
        .join(
          '',
        )}${f.evidence.map((ev) => `<p>${e(label('evidence', lang))} — ${e(ev.label)}</p><pre>${e(ev.value)}</pre>`).join('')}${
        f.status === 'error' ? '' : `<p>${e(label('remediation', lang))}${colon(lang)}${e(f.remediation)}</p>`
      }</section>`,
    );
  }

  parts.push(`<h2>${e(label('items', lang))}</h2>`);
  for (const fw of a.frameworks) {
    const rows = a.items.filter((i) => i.framework === fw.id);
    if (!rows.length) continue;
    parts.push(
      `<h3>${e(pick(fw.title, lang))} (${rows.length})</h3>${tableHtml(
        [
          label('itemId', lang),
          label('item', lang),
          label('verdict', lang),
          label('basis', lang),
          label('check', lang),
          label('actual', lang),
        ],
        rows.map((i) => [
          `<code>${e(i.id)}</code>`,
          e(pick(i.title, lang)),
          verdictSpan(i.verdict, lang),
          e(basisLabel(i.basis, lang)),
          e(i.checks.join(', ') || '—'),
          e(actualResult(a, i, lang)),
        ]),
        { widths: [18, 20, 9, 9, 16, 28] },
      )}`,
    );
  }
  if (a.run.checksHeldBack.length)
    parts.push(
      `<h2>${e(label('heldBack', lang))}</h2><ul>${a.run.checksHeldBack
        .map((h) => `<li><code>${e(h.checkId)}</code>${colon(lang)}${e(engineText(h.reason, lang))}</li>`)
        .join('')}</ul>`,
    );
  let body = parts.join('\n');
  if (options.print) {
    let n = 0;
    const toc: string[] = [];
    body = body.replace(/<h2>(.*?)<\/h2>/g, (_, title: string) => {
      const id = `s${++n}`;
      toc.push(`<li><a href="#${id}">${title}</a></li>`);
      return `<h2 id="${id}">${title}</h2>`;
    });
    const cover = `<section class="cover"><h1>${e(label('title', lang))}</h1>${tableHtml(
      [label('scope', lang), a.run.scopeName],
      [
        [e(label('run', lang)), `<code>${e(a.run.id)}</code>`],
        [e(label('started', lang)), e(a.run.started)],
        [e(label('finished', lang)), e(a.run.finished)],
        [e(label('score', lang)), e(scoreText(a))],
        [e(label('band', lang)), e(bandText(a, lang))],
        [e(label('coverage', lang)), e(coverageText(a, lang))],
        [e(label('toolVersion', lang)), e(a.tool.version)],
      ],
    )}</section>`;
    body = `${cover}<nav class="toc"><h1>${e(label('contents', lang))}</h1><ol>${toc.join('')}</ol></nav>${body}`;
  }
  return `<!doctype html><html lang="${lang === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${e(label('title', lang))}${colon(lang)}${e(a.run.scopeName)}</title><style>${CSS}${options.print ? `\n${PRINT_CSS}` : ''}</style></head><body><main>${body}</main></body></html>\n`;
}

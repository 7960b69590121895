import type { Assessment, Summary } from '../assess/assess.js';
import { SEVERITIES, VERDICTS, pick, type Lang, type Verdict } from '../model.js';
import {
  actualResult,
  bandText,
  coverageText,
  label,
  remediationAdvice,
  sortedFindings,
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

const VERDICT_COLOR: Record<Verdict, string> = {
  conforming: '#2e7d32',
  'partly-conforming': '#f9a825',
  'non-conforming': '#c62828',
  'not-applicable': '#9e9e9e',
  'not-assessed': '#cfd8dc',
};
const SEVERITY_COLOR: Record<string, string> = {
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
            ? `<rect x="${x.toFixed(1)}" y="${y + 3}" width="${w.toFixed(1)}" height="${rowH - 6}" fill="${VERDICT_COLOR[v]}"><title>${escapeHtml(`${verdictLabel(v, lang)}: ${r.verdicts[v]}`)}</title></rect>`
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

function tableHtml(head: string[], rows: string[][]): string {
  return `<table><thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

const CSS = `body{font:14px/1.45 system-ui,-apple-system,"Segoe UI","Noto Sans CJK SC",sans-serif;margin:0;color:#1c2833;background:#f6f8fa}
main{max-width:1200px;margin:0 auto;padding:24px}h1{font-size:22px}h2{font-size:18px;margin-top:32px;border-bottom:1px solid #d0d7de;padding-bottom:4px}
table{border-collapse:collapse;width:100%;background:#fff;margin:8px 0}th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}th{background:#eef1f4}
.cards{display:flex;gap:12px;flex-wrap:wrap}.card{background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:12px 16px;min-width:150px}.card b{font-size:24px;display:block}
.sev{color:#fff;border-radius:3px;padding:0 6px;font-size:12px}.legend span{margin-right:12px}.legend i{display:inline-block;width:10px;height:10px;margin-right:4px}
details{background:#fff;border:1px solid #d0d7de;border-radius:6px;margin:6px 0;padding:6px 10px}summary{cursor:pointer}code,pre{font-family:ui-monospace,monospace;font-size:12px}pre{white-space:pre-wrap;word-break:break-all;background:#f6f8fa;padding:6px}
.charts{display:flex;gap:32px;flex-wrap:wrap}.incomplete{background:#fdecea;border:2px solid #c62828;border-radius:6px;padding:8px 14px;margin:12px 0}`;

function sevBadge(s: string): string {
  return `<span class="sev" style="background:${SEVERITY_COLOR[s] ?? '#607d8b'}">${escapeHtml(s)}</span>`;
}

/** Printing: A4 pages, headers repeated on every page a table spans, no boxes split across pages. */
const PRINT_CSS = `@page{size:A4;margin:14mm 11mm 16mm}
@media print{body{background:#fff;font-size:9.5pt}main{max-width:none;padding:0}h1{font-size:16pt}h2{font-size:13pt;break-after:avoid}
table{font-size:8pt}th,td{padding:2px 4px;overflow-wrap:anywhere}thead{display:table-header-group}tr,.card,.incomplete,details{break-inside:avoid}
details>summary{list-style:none}pre{font-size:7.5pt}}
.cover{height:250mm;display:flex;flex-direction:column;justify-content:center;break-after:page}.cover h1{font-size:24pt;margin:0 0 12mm}.cover table{width:100%;table-layout:fixed;font-size:11pt}
.eval table{table-layout:fixed}.eval th:nth-child(1){width:9%}.eval th:nth-child(2){width:12%}.eval th:nth-child(3){width:20%}.eval th:nth-child(4){width:19%}.eval th:nth-child(5){width:26%}.eval th:nth-child(6){width:9%}.eval th:nth-child(7){width:5%}
.toc{break-after:page}.toc ol{line-height:1.9;font-size:11pt}.toc a{color:inherit;text-decoration:none}`;

export interface HtmlOptions {
  /** The document a PDF is printed from: a cover page, a table of contents, every section open. */
  print?: boolean;
}

function sectionId(n: number): string {
  return `s${n}`;
}

/**
 * A single self-contained page: inline CSS and SVG, no scripts, no network fetches. The PDF is the
 * same document printed, with a cover and a table of contents in front.
 */
export function renderHtml(a: Assessment, lang: Lang, options: HtmlOptions = {}): string {
  const e = escapeHtml;
  const parts: string[] = [];
  parts.push(`<h1>${e(label('title', lang))}: ${e(a.run.scopeName)}</h1>`);
  parts.push(`<h2>${e(label('conclusion', lang))}</h2>`);
  if (!a.coverage.complete)
    parts.push(
      `<div class="incomplete" role="alert"><b>${e(label('incomplete', lang))}</b><ul>${a.coverage.reasons.map((r) => `<li>${e(r)}</li>`).join('')}</ul></div>`,
    );
  parts.push(
    `<div class="cards"><div class="card">${e(label('score', lang))}<b>${a.score === null ? '—' : e(a.score)}</b></div><div class="card">${e(label('band', lang))}<b>${e(bandText(a, lang))}</b></div>${SEVERITIES.slice()
      .reverse()
      .map((s) => `<div class="card">${sevBadge(s)}<b>${a.totals.failingBySeverity[s]}</b></div>`)
      .join('')}</div>`,
  );
  parts.push(
    `<p>${e(label('run', lang))} <code>${e(a.run.id)}</code> · ${e(a.run.started)} → ${e(a.run.finished)}</p>`,
  );
  parts.push(`<p>${e(label('coverage', lang))}: ${e(coverageText(a, lang))}</p>`);
  parts.push(`<p><small>${e(label('formula', lang))}: ${e(pick(a.scoring.formula, lang))}</small></p>`);
  parts.push(
    `<p>${e(label('verdictTotals', lang))}: ${VERDICTS.map((v) => `${e(verdictLabel(v, lang))} ${a.totals.verdicts[v]}`).join(' · ')}</p>`,
  );
  if (a.run.imports?.length)
    parts.push(
      `<p>${e(label('imported', lang))}: ${a.run.imports.map((i) => `${e(i.tool)} <code>${e(i.file)}</code> (${i.findings}, sha256 ${e(i.sha256.slice(0, 16))}…)`).join(' · ')}</p>`,
    );
  parts.push(`<h2>${e(label('targets', lang))}</h2>`);
  parts.push(
    tableHtml(
      ['id', 'kind', 'name', 'chain'],
      a.run.targets.map((t) => [e(t.id), e(t.kind), e(t.name ?? ''), e(t.chain ?? '')]),
    ),
  );

  parts.push(`<h2>${e(label('problems', lang))}</h2>`);
  const failing = SEVERITIES.slice()
    .reverse()
    .map((s) => `${sevBadge(s)} ${a.totals.failingBySeverity[s]}`)
    .join(' ');
  parts.push(`<p>${failing} ${e(label('failingTotal', lang))}</p><h3>${e(label('worst', lang))}</h3>`);
  const worst = worstFailures(a, 20);
  parts.push(
    worst.length
      ? tableHtml(
          [label('severity', lang), label('check', lang), label('target', lang), label('findings', lang)],
          worst.map((f) => [
            sevBadge(f.severity),
            `<code>${e(f.checkId)}</code>`,
            e(f.targetId),
            `${e(f.title)}: ${e(f.message)}`,
          ]),
        )
      : `<p>${e(label('noFailures', lang))}</p>`,
  );

  parts.push(`<h2>${e(label('controlPoints', lang))} · ${e(label('layers', lang))}</h2>${legend(lang)}`);
  parts.push(
    `<div class="charts"><div>${verdictChart(a.controlPoints, lang)}</div><div>${verdictChart(a.layers, lang)}</div></div>`,
  );
  if (a.groups.length) {
    parts.push(`<h2>${e(label('groups', lang))}</h2>`);
    parts.push(
      tableHtml(
        ['group', label('score', lang), 'rating'],
        a.groups.map((g) => [e(g.id), g.score === null ? '—' : e(g.score), e(g.rating ?? '—')]),
      ),
    );
  }

  const evalItems = a.items.filter((i) => i.framework === 'djcp-blockchain');
  if (evalItems.length) {
    parts.push(`<h2>${e(label('evaluation', lang))}</h2><div class="eval">`);
    parts.push(
      tableHtml(
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
          e(pick(i.path[0] ?? i.title, lang)),
          e(pick(i.title, lang)),
          e(pick(i.procedure, lang)),
          e(pick(i.expected, lang)),
          e(actualResult(a, i, lang)),
          `<span style="color:${VERDICT_COLOR[i.verdict]}">${e(verdictLabel(i.verdict, lang))}</span>`,
          e(yesNo(i.verdict)),
        ]),
      ),
    );
    parts.push('</div>');
  }

  parts.push(`<h2>${e(label('remediationAdvice', lang))}</h2>`);
  const advice = remediationAdvice(a);
  parts.push(
    advice.length
      ? tableHtml(
          [label('severity', lang), label('check', lang), label('affected', lang), label('remediation', lang)],
          advice.map((r) => [
            sevBadge(r.severity),
            `${e(r.title)}<br><code>${e(r.ref)}</code>`,
            `${e(r.targets.slice(0, 5).join(', '))}${r.targets.length > 5 ? ` +${r.targets.length - 5}` : ''} (${r.count})`,
            e(r.remediation),
          ]),
        )
      : `<p>${e(label('noFailures', lang))}</p>`,
  );

  parts.push(`<h2>${e(label('evidenceAppendix', lang))}</h2>`);
  for (const f of sortedFindings(a.findings).filter((x) => x.status !== 'pass' && x.status !== 'not-applicable')) {
    parts.push(
      `<details${options.print ? ' open' : ''}><summary>${sevBadge(f.severity)} <b>${e(f.status)}</b> ${e(f.title)} — ${e(f.targetId)}</summary><p>${e(f.message)}</p><p>${e(label('check', lang))}: <code>${e(f.checkId)}</code> · ${e(label('items', lang))}: ${f.items.map((i) => `<code>${e(i)}</code>`).join(' ')}</p>${f.locations
        .map((l) => `<p>${e(label('location', lang))}: <code>${e(`${l.file}${l.line ? `:${l.line}` : ''}`)}</code></p>`)
        .join(
          '',
        )}${f.evidence.map((ev) => `<p>${e(ev.label)}</p><pre>${e(ev.value)}</pre>`).join('')}<p>${e(label('remediation', lang))}: ${e(f.remediation)}</p></details>`,
    );
  }

  parts.push(`<h2>${e(label('items', lang))}</h2>`);
  for (const fw of a.frameworks) {
    const rows = a.items.filter((i) => i.framework === fw.id);
    parts.push(
      `<details${options.print ? ' open' : ''}><summary>${e(pick(fw.title, lang))} (${rows.length})</summary>${tableHtml(
        [
          'id',
          label('item', lang),
          label('verdict', lang),
          label('basis', lang),
          label('check', lang),
          label('actual', lang),
        ],
        rows.map((i) => [
          `<code>${e(i.id)}</code>`,
          e(pick(i.title, lang)),
          `<span style="color:${VERDICT_COLOR[i.verdict]}">${e(verdictLabel(i.verdict, lang))}</span>`,
          e(i.basis),
          e(i.checks.join(', ') || '—'),
          e(actualResult(a, i, lang)),
        ]),
      )}</details>`,
    );
  }
  let body = parts.join('\n');
  if (options.print) {
    let n = 0;
    const toc: string[] = [];
    body = body.replace(/<h2>(.*?)<\/h2>/g, (_, title: string) => {
      const id = sectionId(++n);
      toc.push(`<li><a href="#${id}">${title}</a></li>`);
      return `<h2 id="${id}">${title}</h2>`;
    });
    const cover = `<section class="cover"><h1>${e(label('title', lang))}</h1>${tableHtml(
      [label('scope', lang), e(a.run.scopeName)],
      [
        [e(label('run', lang)), `<code>${e(a.run.id)}</code>`],
        [e(label('started', lang)), e(a.run.started)],
        [e(label('finished', lang)), e(a.run.finished)],
        [e(label('score', lang)), a.score === null ? '—' : e(a.score)],
        [e(label('band', lang)), e(bandText(a, lang))],
        [e(label('coverage', lang)), e(coverageText(a, lang))],
        [e(label('toolVersion', lang)), e(a.tool.version)],
      ],
    )}</section>`;
    body = `${cover}<nav class="toc"><h1>${e(label('contents', lang))}</h1><ol>${toc.join('')}</ol></nav>${body}`;
  }
  return `<!doctype html><html lang="${lang === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${e(label('title', lang))}: ${e(a.run.scopeName)}</title><style>${CSS}\n${PRINT_CSS}</style></head><body><main>${body}</main></body></html>\n`;
}

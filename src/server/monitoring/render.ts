import { pick, type Lang } from '../../model.js';
import { html, raw, type SafeHtml } from '../ui/html.js';
import { CHANGE_KINDS, type ChangeKind, type MonitoringReport, type PeriodReport } from './report.js';

/** The monitoring report as one self-contained HTML file (inline CSS and SVG charts, no scripts). */

const RATING_ORDER = ['poor', 'fair', 'good', 'excellent'];
const RATING_COLOR: Record<string, string> = {
  excellent: '#1a7f37',
  good: '#4c9a2a',
  fair: '#bf8700',
  poor: '#cf222e',
};

const L = {
  title: { en: 'Safety monitoring report', zh: '安全监测报告' },
  phased: {
    en: 'Phased disclosure: evidence marked confidential is withheld',
    zh: '分阶段披露版：标记为保密的证据已隐去',
  },
  full: { en: 'Full version', zh: '完整版' },
  period: { en: 'Period', zh: '周期' },
  periodKind: {
    day: { en: 'daily', zh: '每日' },
    week: { en: 'weekly', zh: '每周' },
    month: { en: 'monthly', zh: '每月' },
  },
  until: { en: 'up to', zh: '截至' },
  score: { en: 'Score over time', zh: '评分趋势' },
  ratings: { en: 'Rating per item group over time', zh: '各项评级随时间变化' },
  group: { en: 'Item group', zh: '项目组' },
  changes: { en: 'What changed since the previous period', zh: '与上一周期相比的变化' },
  history: { en: 'Changes per period', zh: '各周期的变化' },
  noRun: { en: 'no run', zh: '无运行' },
  none: { en: 'nothing', zh: '无' },
  withheld: { en: 'evidence withheld (confidential)', zh: '证据已隐去（保密）' },
  kinds: {
    new: { en: 'New', zh: '新增' },
    fixed: { en: 'Fixed', zh: '已修复' },
    regressed: { en: 'Regressed', zh: '复现' },
    accepted: { en: 'Accepted', zh: '已接受风险' },
  } as Record<ChangeKind, { en: string; zh: string }>,
  generated: { en: 'Generated', zh: '生成时间' },
};

const day = (iso: string) => iso.slice(0, 10);

function ratingTitle(r: MonitoringReport, rating: string | null, lang: Lang): string {
  if (!rating) return '—';
  const t = r.ratings.find((x) => x.rating === rating)?.title;
  return t ? pick(t, lang) : rating;
}

/** Score per period as a line over a 0–100 axis, with the rating thresholds drawn across. */
function scoreChart(r: MonitoringReport, lang: Lang): SafeHtml {
  const w = 640;
  const h = 200;
  const pad = { l: 36, r: 12, t: 12, b: 28 };
  const n = r.periods.length;
  const x = (i: number) => pad.l + (n <= 1 ? 0 : (i * (w - pad.l - pad.r)) / (n - 1));
  const y = (v: number) => pad.t + ((100 - v) * (h - pad.t - pad.b)) / 100;
  const parts: string[] = [];
  for (const t of r.ratings)
    parts.push(
      `<line x1="${pad.l}" x2="${w - pad.r}" y1="${y(t.min).toFixed(1)}" y2="${y(t.min).toFixed(1)}" stroke="${RATING_COLOR[t.rating] ?? '#999'}" stroke-dasharray="4 3" stroke-width="1"/>` +
        `<text x="${w - pad.r}" y="${(y(t.min) - 2).toFixed(1)}" font-size="10" text-anchor="end" fill="${RATING_COLOR[t.rating] ?? '#999'}">${escapeSvg(pick(t.title, lang))}</text>`,
    );
  const pts = r.periods
    .map((p, i) => (p.score === null ? null : `${x(i).toFixed(1)},${y(p.score).toFixed(1)}`))
    .filter(Boolean);
  if (pts.length > 1) parts.push(`<polyline fill="none" stroke="#1f6feb" stroke-width="2" points="${pts.join(' ')}"/>`);
  r.periods.forEach((p, i) => {
    if (p.score !== null)
      parts.push(
        `<circle cx="${x(i).toFixed(1)}" cy="${y(p.score).toFixed(1)}" r="3" fill="#1f6feb"><title>${day(p.end)}: ${p.score}</title></circle>`,
      );
    parts.push(
      `<text x="${x(i).toFixed(1)}" y="${h - 8}" font-size="10" text-anchor="middle" fill="#555">${day(p.end).slice(5)}</text>`,
    );
  });
  for (const v of [0, 50, 100])
    parts.push(
      `<text x="${pad.l - 4}" y="${(y(v) + 3).toFixed(1)}" font-size="10" text-anchor="end" fill="#555">${v}</text>`,
    );
  return raw(
    `<svg role="img" aria-label="${escapeSvg(pick(L.score, lang))}" viewBox="0 0 ${w} ${h}" width="100%" style="max-width:${w}px">${parts.join('')}</svg>`,
  );
}

/** One row of cells per group: its rating in each period, coloured, with a step line of the rating level. */
function ratingChart(r: MonitoringReport, lang: Lang): SafeHtml {
  const cell = 56;
  const label = 150;
  const rowH = 26;
  const w = label + cell * r.periods.length;
  const h = rowH * (r.groups.length + 1);
  const parts: string[] = [];
  r.periods.forEach((p, i) =>
    parts.push(
      `<text x="${label + i * cell + cell / 2}" y="16" font-size="10" text-anchor="middle" fill="#555">${day(p.end).slice(5)}</text>`,
    ),
  );
  r.groups.forEach((g, gi) => {
    const top = rowH * (gi + 1);
    parts.push(`<text x="4" y="${top + 17}" font-size="12" fill="#222">${escapeSvg(pick(g.title, lang))}</text>`);
    const line: string[] = [];
    r.periods.forEach((p, i) => {
      const gr = p.groups.find((x) => x.id === g.id);
      const rating = gr?.rating ?? null;
      const color = rating ? (RATING_COLOR[rating] ?? '#999') : '#eee';
      parts.push(
        `<rect x="${label + i * cell + 2}" y="${top + 3}" width="${cell - 4}" height="${rowH - 6}" rx="3" fill="${color}" opacity="0.85"><title>${escapeSvg(
          `${pick(g.title, lang)} ${day(p.end)}: ${ratingTitle(r, rating, lang)}${gr?.score !== null && gr?.score !== undefined ? ` (${gr.score})` : ''}`,
        )}</title></rect>`,
        `<text x="${label + i * cell + cell / 2}" y="${top + 17}" font-size="11" text-anchor="middle" fill="#fff">${escapeSvg(ratingTitle(r, rating, lang))}</text>`,
      );
      if (rating) {
        const level = RATING_ORDER.indexOf(rating);
        line.push(`${label + i * cell + cell / 2},${top + rowH - 4 - level * 5}`);
      }
    });
    if (line.length > 1)
      parts.push(`<polyline fill="none" stroke="#fff" stroke-width="1.5" opacity="0.7" points="${line.join(' ')}"/>`);
  });
  return raw(
    `<svg role="img" aria-label="${escapeSvg(pick(L.ratings, lang))}" viewBox="0 0 ${w} ${h}" width="100%" style="max-width:${w}px">${parts.join('')}</svg>`,
  );
}

function escapeSvg(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function changeList(p: PeriodReport, lang: Lang): SafeHtml {
  return html`${CHANGE_KINDS.map(
    (k) =>
      html`<h4>${pick(L.kinds[k], lang)} (${p.counts[k]})</h4>
        ${
          p.changes[k].length === 0
            ? html`<p class="muted">${pick(L.none, lang)}</p>`
            : html`<ul>
                ${p.changes[k].map(
                  (c) =>
                    html`<li data-finding="${c.findingId}">
                      <span class="sev sev-${c.severity}">${c.severity}</span> <strong>${c.title}</strong>
                      <code>${c.checkId}</code> @ <code>${c.targetId}</code> <span class="muted">${day(c.at)}</span>
                      ${
                        c.withheld
                          ? html`<div class="withheld">${pick(L.withheld, lang)}</div>`
                          : html`<div class="evidence">
                              ${c.evidence?.message}
                              ${
                                c.evidence?.items.length
                                  ? html`<ul>
                                      ${c.evidence.items.map((e) => html`<li>${e.label}: <code>${e.value}</code></li>`)}
                                    </ul>`
                                  : ''
                              }
                            </div>`
                      }
                    </li>`,
                )}
              </ul>`
        }`,
  )}`;
}

/** The report's body (and its style), for the server's own page and for the exported file. */
export function monitoringBody(r: MonitoringReport, lang: Lang): SafeHtml {
  const last = r.periods[r.periods.length - 1];
  return html`<style>
      ${raw(CSS)}
    </style>
    <div class="monitoring-report">
      <header>
        <h1>${pick(L.title, lang)} · ${r.project.name}</h1>
        <p>
          ${pick(L.periodKind[r.period], lang)} · ${pick(L.until, lang)} ${day(r.until)} ·
          <strong>${r.disclosure === 'phased' ? pick(L.phased, lang) : pick(L.full, lang)}</strong>
        </p>
      </header>
      <section>
        <h2>${pick(L.changes, lang)}</h2>
        <p class="summary">
          ${CHANGE_KINDS.map((k) => html`<span class="chip chip-${k}">${pick(L.kinds[k], lang)}: ${last?.counts[k] ?? 0}</span> `)}
        </p>
        ${last ? changeList(last, lang) : ''}
      </section>
      <section>
        <h2>${pick(L.ratings, lang)}</h2>
        ${ratingChart(r, lang)}
        <table>
          <thead>
            <tr>
              <th>${pick(L.group, lang)}</th>
              ${r.periods.map((p) => html`<th>${day(p.end)}</th>`)}
            </tr>
          </thead>
          <tbody>
            ${r.groups.map(
              (g) =>
                html`<tr>
                  <th>${pick(g.title, lang)}</th>
                  ${r.periods.map((p) => {
                    const gr = p.groups.find((x) => x.id === g.id);
                    return html`<td class="rating rating-${gr?.rating ?? 'none'}">
                      ${p.runId ? ratingTitle(r, gr?.rating ?? null, lang) : pick(L.noRun, lang)}
                    </td>`;
                  })}
                </tr>`,
            )}
          </tbody>
        </table>
      </section>
      <section>
        <h2>${pick(L.score, lang)}</h2>
        ${scoreChart(r, lang)}
      </section>
      <section>
        <h2>${pick(L.history, lang)}</h2>
        ${[...r.periods].reverse().map(
          (p) =>
            html`<details>
              <summary>
                ${pick(L.period, lang)} ${day(p.start)} – ${day(p.end)}:
                ${CHANGE_KINDS.map((k) => html`${pick(L.kinds[k], lang)} ${p.counts[k]} `)}
              </summary>
              ${changeList(p, lang)}
            </details>`,
        )}
      </section>
      <footer class="muted">${pick(L.generated, lang)} ${r.generatedAt} · chainaudit</footer>
    </div>`;
}

export function renderMonitoringHtml(r: MonitoringReport, lang: Lang): string {
  return `<!doctype html>${html`<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width,initial-scale=1" />
      <title>${pick(L.title, lang)} · ${r.project.name}</title>
    </head>
    <body>
      ${monitoringBody(r, lang)}
    </body>
  </html>`}`;
}

const CSS = `.monitoring-report{font-family:system-ui,-apple-system,"Noto Sans CJK SC","PingFang SC",sans-serif;margin:0 auto;max-width:1000px;padding:16px;color:#1f2328}
.monitoring-report h1{margin-top:0}

.monitoring-report h1{font-size:1.5rem}.monitoring-report h2{font-size:1.15rem;border-bottom:1px solid #d0d7de;padding-bottom:4px;margin-top:28px}h4{margin:12px 0 4px}

.monitoring-report table{border-collapse:collapse;margin-top:12px;font-size:.9rem}th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left}
.rating-excellent{background:#dafbe1}.rating-good{background:#eef7e6}.rating-fair{background:#fff8c5}.rating-poor{background:#ffebe9}
.sev{display:inline-block;padding:0 6px;border-radius:8px;color:#fff;font-size:.75rem;background:#607d8b}.sev-critical{background:#8b0000}.sev-high{background:#cf222e}.sev-medium{background:#bf8700}.sev-low{background:#0969da}
.chip{display:inline-block;border:1px solid #d0d7de;border-radius:12px;padding:2px 10px;margin-right:6px}
.withheld{color:#6e7781;font-style:italic}.evidence{color:#444;font-size:.9rem;margin:2px 0 8px}.muted{color:#6e7781}
code{font-size:.85em;background:#f6f8fa;padding:0 3px;border-radius:3px;word-break:break-all}details{margin:6px 0}`;

import type { FastifyReply, FastifyRequest } from 'fastify';
import { SEVERITY_COLOR } from '../../report/html.js';
import type { Lang } from '../../model.js';
import type { Principal } from '../auth/principal.js';
import { html, raw, type SafeHtml } from './html.js';
import { stateLabel, t } from './i18n.js';

export function langOf(req: FastifyRequest, reply: FastifyReply): Lang {
  const q = (req.query as { lang?: string }).lang;
  if (q === 'en' || q === 'zh') {
    reply.setCookie('lang', q, { path: '/', sameSite: 'lax', httpOnly: true, maxAge: 365 * 86_400 });
    return q;
  }
  const c = req.cookies.lang;
  if (c === 'en' || c === 'zh') return c;
  return /^zh\b/i.test(req.headers['accept-language'] ?? '') ? 'zh' : 'en';
}

export function sevBadge(s: string): SafeHtml {
  return html`<span class="sev" style="background:${SEVERITY_COLOR[s] ?? '#607d8b'}">${s}</span>`;
}

export function stateBadge(s: string, lang: Lang): SafeHtml {
  return html`<span class="state" data-state="${s}">${stateLabel(s, lang)}</span>`;
}

/** A table that turns into labelled cards on a phone. */
export function table(head: string[], rows: unknown[][]): SafeHtml {
  return html`<div class="scroll">
    <table class="responsive">
      <thead>
        <tr>
          ${head.map((h) => html`<th>${h}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${rows.map(
          (r) =>
            html`<tr>
              ${r.map((c, i) => html`<td data-label="${head[i] ?? ''}">${c}</td>`)}
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

export function sparkline(points: (number | null)[]): SafeHtml {
  const vals = points.filter((p): p is number => p !== null);
  if (vals.length < 2) return html``;
  const w = 160;
  const h = 36;
  const step = w / (points.length - 1);
  const coords = points
    .map((p, i) => (p === null ? null : `${(i * step).toFixed(1)},${(h - (p / 100) * h).toFixed(1)}`))
    .filter(Boolean)
    .join(' ');
  return raw(
    `<svg role="img" aria-label="score trend" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}"><polyline fill="none" stroke="#1f6feb" stroke-width="2" points="${coords}"/></svg>`,
  );
}

export function page(
  lang: Lang,
  title: string,
  body: SafeHtml,
  principal: Principal | null,
  currentUrl: string,
): string {
  const other: Lang = lang === 'zh' ? 'en' : 'zh';
  const u = new URL(currentUrl, 'http://localhost');
  u.searchParams.set('lang', other);
  const langUrl = `${u.pathname}${u.search}`;
  const nav = principal
    ? html`<nav>
          <a href="/">${t('dashboard', lang)}</a>
          <a href="/compare">${t('compare', lang)}</a>
          <a href="/tokens">${t('tokens', lang)}</a>
          ${principal.isAdmin ? html`<a href="/admin/users">${t('users', lang)}</a><a href="/audit-log">${t('auditLog', lang)}</a>` : ''}
        </nav>
        <div class="who">
          <span>${principal.displayName}</span>
          <a href="${langUrl}">${t('language', lang)}</a>
          <button hx-post="/api/v1/auth/logout" hx-swap="none">${t('signOut', lang)}</button>
        </div>`
    : html`<nav></nav>
        <div class="who"><a href="${langUrl}">${t('language', lang)}</a></div>`;
  const headers = principal?.csrfToken ? JSON.stringify({ 'x-csrf-token': principal.csrfToken }) : '{}';
  return `<!doctype html>${html`<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width,initial-scale=1" />
      <meta name="csrf-token" content="${principal?.csrfToken ?? ''}" />
      <meta
        name="htmx-config"
        content='{"includeIndicatorStyles":false,"allowEval":false,"allowScriptTags":false,"selfRequestsOnly":true}'
      />
      <title>${title} · chainaudit</title>
      <link rel="stylesheet" href="/static/app.css" />
      <script src="/static/htmx.min.js" defer></script>
      <script src="/static/app.js" defer></script>
    </head>
    <body hx-ext="json-form" hx-headers="${headers}">
      <header><a class="brand" href="/">chainaudit</a>${nav}</header>
      <main>
        <p id="flash" class="error" hidden></p>
        ${body}
      </main>
    </body>
  </html>`}`;
}

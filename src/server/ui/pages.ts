import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { compareRuns } from '../../assess/compare.js';
import { SEVERITIES, VERDICTS, pick, type Lang } from '../../model.js';
import { label, verdictLabel } from '../../report/common.js';
import { evaluationTable } from '../../report/html.js';
import { AuthError, authenticate, type Principal } from '../auth/principal.js';
import { PROJECT_ROLES, roleAllows, TOKEN_SCOPES, type Permission } from '../auth/roles.js';
import { ApiError, authorize, type AnyRoute } from '../api/define.js';
import { RUN_COLUMNS, findingOut, runAssessment, runOut } from '../api/routes.js';
import { dashboard, projectOverview } from '../api/views.js';
import type { ServerContext } from '../context.js';
import {
  FINDING_STATES,
  FP_SCOPES,
  TRANSITION_PERMISSION,
  TRANSITIONS,
  type FindingState,
} from '../findings/lifecycle.js';
import { listFindings, reopenExpired } from '../findings/store.js';
import { verifyAuditLog } from '../audit-log.js';
import { monitoringReport } from '../monitoring/report.js';
import { monitoringBody } from '../monitoring/render.js';
import { html, raw, type SafeHtml } from './html.js';
import { stateLabel, t } from './i18n.js';
import { langOf, page, sevBadge, sparkline, stateBadge, table } from './layout.js';

interface PageCall {
  req: FastifyRequest;
  reply: FastifyReply;
  lang: Lang;
  principal: Principal;
  role?: string;
  may(p: Permission): boolean;
}

type PageHandler = (call: PageCall) => Promise<[string, SafeHtml] | { redirect: string }>;

const readProject = { scope: 'projects:read', permission: 'project:read' } as const;

export function uiRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const db = ctx.db.db;

  const send = (reply: FastifyReply, body: string) =>
    reply.header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').send(body);

  /** A signed-in page; project pages check the caller's role like the API routes do. */
  function get(path: string, handler: PageHandler, opts: { admin?: boolean } = {}) {
    app.get(path, async (req, reply) => {
      const lang = langOf(req, reply);
      const principal = await authenticate(ctx, req);
      if (!principal || principal.via !== 'session') throw new AuthError('sign in', 401);
      const projectId = (req.params as { projectId?: string }).projectId;
      const spec = { auth: opts.admin ? { scope: 'admin', admin: true } : readProject } as unknown as AnyRoute;
      const role = await authorize(ctx, spec, principal, projectId);
      const call: PageCall = {
        req,
        reply,
        lang,
        principal,
        role,
        may: (p) => principal.isAdmin || roleAllows(role, p),
      };
      const out = await handler(call);
      if ('redirect' in out) return reply.redirect(out.redirect);
      const [title, body] = out;
      return send(reply, page(lang, title, body, principal, req.url));
    });
  }

  app.get('/login', async (req, reply) => {
    const lang = langOf(req, reply);
    const body = html`<h1>${t('signIn', lang)}</h1>
      <form class="stack" hx-post="/api/v1/auth/login" hx-swap="none">
        <label>${t('username', lang)}<input name="username" autocomplete="username" required /></label>
        <label
          >${t('password', lang)}<input name="password" type="password" autocomplete="current-password" required
        /></label>
        <p class="error" hidden></p>
        <button type="submit">${t('signIn', lang)}</button>
      </form>
      ${ctx.config.oidc ? html`<p><a href="/api/v1/auth/oidc/start">${t('signInSso', lang)} ${ctx.config.oidc.label}</a></p>` : ''}`;
    return send(reply, page(lang, t('signIn', lang), body, null, req.url));
  });

  app.get('/setup', async (req, reply) => {
    const lang = langOf(req, reply);
    const token = String((req.query as { token?: string }).token ?? '');
    const first = !(await db.selectFrom('users').select('id').where('is_admin', '=', 1).executeTakeFirst());
    const body = html`<h1>${first ? t('firstAdmin', lang) : t('setupTitle', lang)}</h1>
      <form class="stack" hx-post="/api/v1/auth/setup" hx-swap="none">
        <input type="hidden" name="token" value="${token}" />
        ${first ? html`<label>${t('username', lang)}<input name="username" autocomplete="username" required /></label>` : ''}
        <label
          >${t('password', lang)} (≥ 12)<input
            name="password"
            type="password"
            autocomplete="new-password"
            minlength="12"
            required
        /></label>
        <p class="error" hidden></p>
        <button type="submit">${t('save', lang)}</button>
      </form>`;
    return send(reply, page(lang, t('setupTitle', lang), body, null, req.url));
  });

  get('/', async ({ lang, principal }) => {
    const projects = await dashboard(ctx, principal);
    const cards = projects.map(
      (d) =>
        html`<div class="card">
          <h3><a href="/projects/${d.project.id}">${d.project.name}</a></h3>
          <div>
            ${t('score', lang)} <b>${d.latestRun?.score ?? '—'}</b>
            <span class="muted">${d.latestRun?.band ?? ''}</span>
          </div>
          ${sparkline(d.trend.map((x) => x.score))}
          <div>
            ${SEVERITIES.slice()
              .reverse()
              .map((s) => html`${sevBadge(s)} ${d.activeBySeverity[s]} `)}
          </div>
          <div class="${d.overdue ? 'overdue' : 'muted'}">${t('overdue', lang)}: ${d.overdue}</div>
          ${d.latestRun ? '' : html`<div class="muted">${t('noRuns', lang)}</div>`}
        </div>`,
    );
    const create = principal.isAdmin
      ? html`<h2>${t('newProject', lang)}</h2>
          <form class="stack" hx-post="/api/v1/projects" hx-swap="none">
            <label>${t('name', lang)}<input name="name" required maxlength="200" /></label>
            <label>${t('description', lang)}<textarea name="description" rows="2"></textarea></label>
            <p class="error" hidden></p>
            <button type="submit">${t('create', lang)}</button>
          </form>`
      : '';
    return [
      t('dashboard', lang),
      html`<h1>${t('dashboard', lang)}</h1>
        <div class="cards">${cards}</div>
        ${create}`,
    ];
  });

  get('/projects/:projectId/monitoring', async ({ req, lang }) => {
    const { projectId } = req.params as { projectId: string };
    const project = await db.selectFrom('projects').selectAll().where('id', '=', projectId).executeTakeFirst();
    if (!project) throw new ApiError(404, `no project ${projectId}`);
    const q = req.query as Record<string, string | undefined>;
    const period = q.period === 'day' || q.period === 'month' ? q.period : 'week';
    const disclosure = q.disclosure === 'phased' ? 'phased' : 'full';
    const report = await monitoringReport(ctx, project, {
      period,
      periods: Math.min(104, Math.max(1, Number(q.periods) || 8)),
      until: new Date(),
      framework: 'monitoring-report',
      disclosure,
    });
    const exportUrl = (d: string, l: string) =>
      `/api/v1/projects/${projectId}/monitoring-report?format=html&download=true&period=${period}&disclosure=${d}&lang=${l}`;
    const body = html`<p>
        <a href="/projects/${projectId}">${project.name}</a> ·
        ${(['day', 'week', 'month'] as const).map(
          (p) => html`<a href="/projects/${projectId}/monitoring?period=${p}&disclosure=${disclosure}">${p}</a> `,
        )}
        ·
        <a
          href="/projects/${projectId}/monitoring?period=${period}&disclosure=${disclosure === 'full' ? 'phased' : 'full'}"
          >${disclosure === 'full' ? (lang === 'zh' ? '分阶段披露版' : 'phased disclosure') : lang === 'zh' ? '完整版' : 'full version'}</a
        >
        · ${lang === 'zh' ? '导出' : 'Export'}: <a href="${exportUrl(disclosure, 'en')}">HTML (en)</a>
        <a href="${exportUrl(disclosure, 'zh')}">HTML (中文)</a>
      </p>
      ${monitoringBody(report, lang)}`;
    return [lang === 'zh' ? '安全监测报告' : 'Monitoring report', body];
  });

  get('/projects/:projectId', async ({ req, lang, role, may }) => {
    const { projectId } = req.params as { projectId: string };
    const exists = await db.selectFrom('projects').select('id').where('id', '=', projectId).executeTakeFirst();
    if (!exists) throw new ApiError(404, `no project ${projectId}`);
    const o = await projectOverview(ctx, projectId, role ?? null);
    const q = req.query as Record<string, string | undefined>;
    const now = new Date();
    await reopenExpired(db, ctx.db.engine, projectId, now);
    const limit = 50;
    const offset = Math.max(0, Number(q.offset) || 0);
    const state = q.state && (FINDING_STATES as readonly string[]).includes(q.state) ? [q.state] : undefined;
    const severity = q.severity && (SEVERITIES as readonly string[]).includes(q.severity) ? [q.severity] : undefined;
    const list = await listFindings(
      ctx.db,
      projectId,
      {
        state,
        severity,
        overdue: q.overdue === '1',
        q: q.q?.slice(0, 200),
        targetId: q.target?.slice(0, 500),
        limit,
        offset,
      },
      now,
    );
    const runs = await db
      .selectFrom('runs')
      .select(RUN_COLUMNS)
      .where('project_id', '=', projectId)
      .orderBy('started', 'desc')
      .limit(20)
      .execute();
    const members = await db
      .selectFrom('memberships')
      .innerJoin('users', 'users.id', 'memberships.user_id')
      .select(['users.id', 'users.username', 'memberships.role'])
      .where('memberships.project_id', '=', projectId)
      .orderBy('users.username')
      .execute();
    const users = may('project:manage')
      ? await db.selectFrom('users').select(['id', 'username']).orderBy('username').execute()
      : [];
    const pageUrl = (extra: Record<string, string | number>) => {
      const p = new URLSearchParams();
      for (const [k, v] of Object.entries({ ...q, ...extra }))
        if (v !== undefined && v !== '' && k !== 'lang') p.set(k, String(v));
      return `/projects/${projectId}?${p}`;
    };
    const body = html`<h1>${o.project.name}</h1>
      <p class="muted">${o.project.description}</p>
      <p>
        <a href="/projects/${projectId}/djcp">${t('djcp', lang)}</a> ·
        <a href="/projects/${projectId}/manual">${t('manual', lang)}</a> ·
        <a href="/projects/${projectId}/monitoring">${lang === 'zh' ? '安全监测报告' : 'Monitoring report'}</a> ·
        <a
          href="/compare?runs=${runs
            .map((r) => r.id)
            .slice(0, 3)
            .join(',')}"
          >${t('compare', lang)}</a
        >
      </p>
      <div class="cards">
        ${SEVERITIES.slice()
          .reverse()
          .map((s) => html`<div class="card">${sevBadge(s)}<b>${o.activeBySeverity[s]}</b></div>`)}
        <div class="card ${o.overdue ? 'overdue' : ''}">${t('overdue', lang)}<b data-overdue>${o.overdue}</b></div>
      </div>
      <h2>${t('findings', lang)} (${list.total})</h2>
      <form class="filters" method="get" action="/projects/${projectId}">
        <label
          >${t('state', lang)}<select name="state">
            <option value="">${t('all', lang)}</option>
            ${FINDING_STATES.map(
              (s) => html`<option value="${s}" ${q.state === s ? raw('selected') : ''}>${stateLabel(s, lang)}</option>`,
            )}
          </select></label
        >
        <label
          >${t('severity', lang)}<select name="severity">
            <option value="">${t('all', lang)}</option>
            ${SEVERITIES.map(
              (s) => html`<option value="${s}" ${q.severity === s ? raw('selected') : ''}>${s}</option>`,
            )}
          </select></label
        >
        <label>${t('search', lang)}<input name="q" value="${q.q ?? ''}" maxlength="200" /></label>
        <label
          ><span>${t('overdue', lang)}</span
          ><select name="overdue">
            <option value="">${t('all', lang)}</option>
            <option value="1" ${q.overdue === '1' ? raw('selected') : ''}>✓</option>
          </select></label
        >
        <button type="submit" class="secondary">${t('filter', lang)}</button>
      </form>
      ${table(
        [t('severity', lang), t('finding', lang), t('target', lang), t('state', lang), t('due', lang)],
        list.findings.map((f) => {
          const out = findingOut(f, now);
          return [
            sevBadge(f.severity),
            html`<a href="/projects/${projectId}/findings/${f.id}">${f.title}</a><br /><span class="snippet"
                >${f.message.slice(0, 160)}</span
              ><br /><code>${f.check_id}${f.result ? `#${f.result}` : ''}</code>`,
            f.target_id,
            stateBadge(f.state, lang),
            html`<span class="date ${out.overdue ? 'overdue' : ''}">${f.due_at?.slice(0, 10) ?? '—'}</span>`,
          ];
        }),
      )}
      <div class="pager">
        ${offset > 0 ? html`<a href="${pageUrl({ offset: Math.max(0, offset - limit) })}">${t('prev', lang)}</a>` : ''}
        <span>${offset + 1}–${Math.min(offset + limit, list.total)} ${t('of', lang)} ${list.total}</span>
        ${offset + limit < list.total ? html`<a href="${pageUrl({ offset: offset + limit })}">${t('next', lang)}</a>` : ''}
      </div>
      <h2>${t('runs', lang)} (${o.runs})</h2>
      ${table(
        [t('run', lang), 'scope', t('score', lang), t('band', lang), 'fail'],
        runs.map((r) => [
          html`<a href="/projects/${projectId}/runs/${r.id}">${r.started.replace('T', ' ').slice(0, 19)}</a>`,
          r.scope_name,
          r.score ?? '—',
          r.band,
          r.failing,
        ]),
      )}
      <h2>${t('members', lang)}</h2>
      ${table(
        [t('user', lang), t('role', lang), ''],
        members.map((m) => [
          m.username,
          m.role,
          may('project:manage')
            ? html`<button class="secondary" hx-delete="/api/v1/projects/${projectId}/members/${m.id}" hx-swap="none">
                ${t('revoke', lang)}
              </button>`
            : '',
        ]),
      )}
      ${
        may('project:manage')
          ? html`<form class="filters" hx-put="/api/v1/projects/${projectId}/members" hx-swap="none">
              <label
                >${t('user', lang)}<select name="userId">
                  ${users.map((u) => html`<option value="${u.id}">${u.username}</option>`)}
                </select></label
              >
              <label
                >${t('role', lang)}<select name="role">
                  ${PROJECT_ROLES.map((r) => html`<option value="${r}">${r}</option>`)}
                </select></label
              >
              <button type="submit" class="secondary">${t('addMember', lang)}</button>
              <p class="error" hidden></p>
            </form>`
          : ''
      }`;
    return [o.project.name, body];
  });

  get('/projects/:projectId/runs/:runId', async ({ req, lang }) => {
    const { projectId, runId } = req.params as { projectId: string; runId: string };
    const r = await db
      .selectFrom('runs')
      .select(RUN_COLUMNS)
      .where('id', '=', runId)
      .where('project_id', '=', projectId)
      .executeTakeFirst();
    if (!r) throw new ApiError(404, `no run ${runId}`);
    const a = await runAssessment(ctx, projectId, runId);
    const run = runOut(r);
    const rows = await db
      .selectFrom('finding_results')
      .innerJoin('findings', 'findings.id', 'finding_results.finding_id')
      .select([
        'findings.id',
        'findings.title',
        'findings.check_id',
        'findings.target_id',
        'findings.state',
        'finding_results.status',
        'finding_results.severity',
      ])
      .where('finding_results.run_id', '=', runId)
      .where('finding_results.status', 'in', ['fail', 'warn'])
      .orderBy('findings.severity_rank', 'desc')
      .limit(500)
      .execute();
    const body = html`<h1>${t('run', lang)} ${run.scopeName}</h1>
      <p>
        <a href="/projects/${projectId}">← ${t('project', lang)}</a> ·
        <a href="/projects/${projectId}/djcp?run=${runId}">${t('djcp', lang)}</a>
      </p>
      <div class="cards">
        <div class="card">${t('score', lang)}<b>${a.score ?? '—'}</b></div>
        <div class="card">${t('band', lang)}<b>${pick(a.bandTitle, lang)}</b></div>
        ${SEVERITIES.slice()
          .reverse()
          .map((s) => html`<div class="card">${sevBadge(s)}<b>${a.totals.failingBySeverity[s]}</b></div>`)}
      </div>
      <p class="muted">
        <code>${run.reportRunId}</code> · ${run.started} → ${run.finished} ·
        ${run.uploadedBy}${run.complete === false ? ' · incomplete' : ''}
      </p>
      <h2>${t('targets', lang)}</h2>
      ${table(
        ['id', 'kind', 'name', 'chain'],
        a.run.targets.map((x) => [x.id, x.kind, x.name ?? '', x.chain ?? '']),
      )}
      <h2>${t('findings', lang)}</h2>
      ${table(
        [t('severity', lang), t('finding', lang), t('target', lang), t('lastStatus', lang), t('state', lang)],
        rows.map((f) => [
          sevBadge(f.severity),
          html`<a href="/projects/${projectId}/findings/${f.id}">${f.title}</a><br /><code>${f.check_id}</code>`,
          f.target_id,
          f.status,
          stateBadge(f.state, lang),
        ]),
      )}`;
    return [`${t('run', lang)} ${run.scopeName}`, body];
  });

  get('/projects/:projectId/findings/:findingId', async ({ req, lang, may }) => {
    const { projectId, findingId } = req.params as { projectId: string; findingId: string };
    await reopenExpired(db, ctx.db.engine, projectId, new Date());
    const f = await db
      .selectFrom('findings')
      .selectAll()
      .where('id', '=', findingId)
      .where('project_id', '=', projectId)
      .executeTakeFirst();
    if (!f) throw new ApiError(404, `no finding ${findingId}`);
    const out = findingOut(f);
    const detail = JSON.parse(f.detail) as {
      message: string;
      evidence: { label: string; value: string }[];
      locations: { file: string; line?: number }[];
      remediation: string;
      items: string[];
    };
    const history = await db
      .selectFrom('finding_events')
      .selectAll()
      .where('finding_id', '=', f.id)
      .orderBy('id')
      .execute();
    const seen = await db
      .selectFrom('finding_results')
      .innerJoin('runs', 'runs.id', 'finding_results.run_id')
      .select(['finding_results.run_id', 'finding_results.status', 'finding_results.severity', 'runs.started'])
      .where('finding_results.finding_id', '=', f.id)
      .orderBy('runs.started', 'desc')
      .limit(20)
      .execute();
    const moves = TRANSITIONS[f.state as FindingState].filter((to) => may(TRANSITION_PERMISSION[to]));
    const tomorrow = new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10);
    const body = html`<h1>${sevBadge(f.severity)} ${f.title}</h1>
      <p><a href="/projects/${projectId}">← ${t('project', lang)}</a></p>
      ${table(
        [t('check', lang), t('target', lang), t('state', lang), t('due', lang), t('lastStatus', lang)],
        [
          [
            html`<code>${f.check_id}${f.result ? `#${f.result}` : ''}</code>`,
            f.target_id,
            stateBadge(f.state, lang),
            html`<span class="${out.overdue ? 'overdue' : ''}"
              >${f.due_at?.slice(0, 10) ?? '—'}${out.overdue ? ` (${t('overdue', lang)})` : ''}</span
            >`,
            f.last_status,
          ],
        ],
      )}
      ${f.justification ? html`<p><b>${t('justification', lang)}:</b> ${f.justification}${f.approver ? html` — ${f.approver}` : ''}${f.accepted_until ? html` (→ ${f.accepted_until.slice(0, 10)})` : ''}${f.fp_scope ? html` [${f.fp_scope}]` : ''}</p>` : ''}
      <p class="message">${detail.message}</p>
      <h2>${t('evidence', lang)}</h2>
      ${detail.evidence.map(
        (e) =>
          html`<p>${e.label}</p>
            <pre>${e.value}</pre>`,
      )}
      ${detail.locations.map((l) => html`<p><code>${l.file}${l.line ? `:${l.line}` : ''}</code></p>`)}
      <p><b>${t('remediation', lang)}:</b> ${detail.remediation}</p>
      <p class="muted">${detail.items.map((i) => html`<code>${i}</code> `)}</p>
      ${
        moves.length
          ? html`<h2>${t('move', lang)}</h2>
              <form
                class="stack"
                hx-post="/api/v1/projects/${projectId}/findings/${f.id}/transitions"
                hx-swap="none"
                id="transition"
              >
                <label
                  >${t('move', lang)}<select name="to">
                    ${moves.map((m) => html`<option value="${m}">${stateLabel(m, lang)}</option>`)}
                  </select></label
                >
                <label>${t('justification', lang)}<textarea name="justification" rows="2"></textarea></label>
                <label>${t('expires', lang)}<input type="date" name="expires" placeholder="${tomorrow}" /></label>
                <label
                  >${t('fpScope', lang)}<select name="scope">
                    <option value=""></option>
                    ${FP_SCOPES.map((s) => html`<option value="${s}">${s}</option>`)}
                  </select></label
                >
                <label>${t('note', lang)}<input name="note" maxlength="2000" /></label>
                <p class="error" hidden></p>
                <button type="submit">${t('save', lang)}</button>
              </form>`
          : ''
      }
      <h2>${t('seenIn', lang)}</h2>
      ${table(
        [t('run', lang), t('lastStatus', lang), t('severity', lang)],
        seen.map((r) => [
          html`<a href="/projects/${projectId}/runs/${r.run_id}">${r.started.replace('T', ' ').slice(0, 19)}</a>`,
          r.status,
          r.severity,
        ]),
      )}
      <h2>${t('history', lang)}</h2>
      ${table(
        [t('when', lang), t('who', lang), t('state', lang), t('note', lang)],
        history.map((h) => [
          h.at.replace('T', ' ').slice(0, 19),
          h.actor,
          html`${h.from_state ? html`${stateLabel(h.from_state, lang)} → ` : ''}${stateLabel(h.to_state, lang)}`,
          h.note,
        ]),
      )}`;
    return [f.title, body];
  });

  async function latestRunId(projectId: string): Promise<string | undefined> {
    return (
      await db
        .selectFrom('runs')
        .select('id')
        .where('project_id', '=', projectId)
        .orderBy('started', 'desc')
        .limit(1)
        .executeTakeFirst()
    )?.id;
  }

  get('/projects/:projectId/djcp', async ({ req, lang }) => {
    const { projectId } = req.params as { projectId: string };
    const runId = (req.query as { run?: string }).run || (await latestRunId(projectId));
    const title = t('djcp', lang);
    if (!runId)
      return [
        title,
        html`<h1>${title}</h1>
          <p>${t('noRuns', lang)}</p>`,
      ];
    const a = await runAssessment(ctx, projectId, runId);
    const evaluation = evaluationTable(a, lang);
    return [
      title,
      html`<h1>${label('evaluation', lang)}</h1>
        <p>
          <a href="/projects/${projectId}">← ${t('project', lang)}</a> · ${a.run.scopeName} · <code>${a.run.id}</code>
        </p>
        <div class="scroll djcp">${raw(evaluation || '<p>—</p>')}</div>`,
    ];
  });

  get('/projects/:projectId/manual', async ({ req, lang, may }) => {
    const { projectId } = req.params as { projectId: string };
    const runId = await latestRunId(projectId);
    const a = runId ? await runAssessment(ctx, projectId, runId) : undefined;
    const frameworks = a ? new Set(a.frameworks.map((f) => f.id)) : new Set(['djcp-blockchain']);
    const answers = new Map(
      (await db.selectFrom('manual_answers').selectAll().where('project_id', '=', projectId).execute()).map((r) => [
        r.item_id,
        r,
      ]),
    );
    const atts = await db
      .selectFrom('attachments')
      .select(['id', 'item_id', 'name', 'size'])
      .where('project_id', '=', projectId)
      .execute();
    const { catalog, mapping } = await ctx.frameworks();
    const automated = new Set([...mapping.refsByItem].filter(([, refs]) => refs.length).map(([id]) => id));
    const items = catalog.items.filter((i) => frameworks.has(catalog.byId.get(i.id)!.framework));
    const verdictOf = new Map(a?.items.map((i) => [i.id, i.verdict]) ?? []);
    const editable = may('manual:write');
    const rows = items.map((item) => {
      const ans = answers.get(item.id);
      const files = atts.filter((x) => x.item_id === item.id);
      return html`<details ${ans ? raw('open') : ''} data-item="${item.id}">
        <summary>
          <code>${item.id}</code> ${pick(item.title, lang)} —
          <b>${verdictLabel(verdictOf.get(item.id) ?? 'not-assessed', lang)}</b>
          <span class="muted"
            >${automated.has(item.id) ? t('automated', lang) : ans ? '' : t('notAnswered', lang)}</span
          >
        </summary>
        <p class="muted">${pick(item.procedure, lang)}</p>
        ${
          editable
            ? html`<form class="stack" hx-put="/api/v1/projects/${projectId}/manual/${item.id}" hx-swap="none">
                <label
                  >${t('verdict', lang)}<select name="verdict">
                    ${VERDICTS.map(
                      (v) =>
                        html`<option value="${v}" ${ans?.verdict === v ? raw('selected') : ''}>
                          ${verdictLabel(v, lang)}
                        </option>`,
                    )}
                  </select></label
                >
                <label>${t('note', lang)}<textarea name="note" rows="2">${ans?.note ?? ''}</textarea></label>
                <label
                  >${t('evidence', lang)}<textarea name="evidence" data-type="lines" rows="2">
${ans ? (JSON.parse(ans.evidence) as string[]).join('\n') : ''}</textarea>
                </label>
                <p class="error" hidden></p>
                <button type="submit">${t('save', lang)}</button>
              </form>`
            : ans
              ? html`<p>${ans.note}</p>`
              : ''
        }
        ${
          ans
            ? html`<p>
                ${t('attachments', lang)}:
                ${files.map(
                  (f) => html`<a href="/api/v1/projects/${projectId}/attachments/${f.id}">${f.name}</a> (${f.size} B) `,
                )}
                ${editable ? html`<input type="file" data-upload="/api/v1/projects/${projectId}/manual/${item.id}/attachments" /><span class="error" hidden></span>` : ''}
              </p>`
            : ''
        }
      </details>`;
    });
    return [
      t('manual', lang),
      html`<h1>${t('manual', lang)}</h1>
        <p><a href="/projects/${projectId}">← ${t('project', lang)}</a></p>
        ${rows}`,
    ];
  });

  get('/compare', async ({ req, lang, principal }) => {
    const q = req.query as { runs?: string; reference?: string };
    const wanted = (q.runs ?? '').split(',').filter(Boolean).slice(0, 20);
    const projects = await dashboard(ctx, principal);
    const readable = new Set(projects.map((p) => p.project.id));
    const candidates = await db
      .selectFrom('runs')
      .innerJoin('projects', 'projects.id', 'runs.project_id')
      .select(['runs.id', 'runs.project_id', 'runs.scope_name', 'runs.started', 'projects.name'])
      .where('runs.project_id', 'in', readable.size ? [...readable] : [''])
      .orderBy('runs.started', 'desc')
      .limit(100)
      .execute();
    const picker = html`<form method="get" action="/compare" class="stack">
      <b>${t('pickRuns', lang)}</b>
      ${candidates.map(
        (r) =>
          html`<label style="display:block"
            ><input type="checkbox" name="r" value="${r.id}" ${wanted.includes(r.id) ? raw('checked') : ''} /> ${r.name}
            · ${r.scope_name} · ${r.started.slice(0, 16)}</label
          >`,
      )}
      <label style="display:block"
        ><input type="checkbox" name="reference" value="1" ${q.reference === '1' ? raw('checked') : ''} />
        ${t('withReference', lang)}</label
      >
      <button type="submit" class="secondary">${t('compare', lang)}</button>
    </form>`;
    const picked = (req.query as { r?: string | string[] }).r;
    if (picked) {
      const ids = Array.isArray(picked) ? picked : [picked];
      // The picker sends one `r` per run; the shareable form is ?runs=a,b.
      return {
        redirect: `/compare?runs=${ids.map(encodeURIComponent).join(',')}${q.reference === '1' ? '&reference=1' : ''}`,
      };
    }
    let tableHtml: SafeHtml = html``;
    const runs = candidates.filter((c) => wanted.includes(c.id));
    if (runs.length) {
      const cmp = compareRuns(
        await Promise.all(runs.map((r) => runAssessment(ctx, r.project_id, r.id))),
        q.reference === '1',
      );
      tableHtml = table(
        [t('layer', lang), t('item', lang), ...cmp.columns.map((c) => c.title)],
        [
          ...cmp.rows.map((r) => [
            `${pick(r.layer, lang)} · ${pick(r.category, lang)}`,
            pick(r.title, lang),
            ...r.marks,
          ]),
          [t('qualified', lang), '', ...cmp.qualified],
        ],
      );
    }
    return [
      t('compare', lang),
      html`<h1>${t('compare', lang)}</h1>
        ${tableHtml}${picker}`,
    ];
  });

  get(
    '/admin/users',
    async ({ lang }) => {
      const users = await db.selectFrom('users').selectAll().orderBy('username').execute();
      const body = html`<h1>${t('users', lang)}</h1>
        ${table(
          [t('username', lang), t('name', lang), t('admin', lang), 'SSO', ''],
          users.map((u) => [
            u.username,
            u.display_name,
            u.is_admin ? '✓' : '',
            u.oidc_subject ? '✓' : '',
            html`${u.disabled ? 'disabled' : u.setup_token_hash ? 'setup pending' : ''}
              <button
                class="secondary"
                hx-patch="/api/v1/users/${u.id}"
                hx-vals="${JSON.stringify({ disabled: String(!u.disabled) })}"
                hx-swap="none"
              >
                ${u.disabled ? t('enable', lang) : t('disable', lang)}
              </button>
              <button
                class="secondary"
                hx-patch="/api/v1/users/${u.id}"
                hx-vals="${JSON.stringify({ isAdmin: String(!u.is_admin) })}"
                hx-swap="none"
              >
                ${u.is_admin ? t('demote', lang) : t('promote', lang)}
              </button>`,
          ]),
        )}
        <h2>${t('newUser', lang)}</h2>
        <form
          class="stack"
          hx-post="/api/v1/users"
          hx-swap="none"
          data-result-target="#setup-link"
          data-result-field="setupUrl"
          hx-headers='{"x-keep-page":"1"}'
        >
          <label>${t('username', lang)}<input name="username" required /></label>
          <label>${t('name', lang)}<input name="displayName" /></label>
          <label
            ><span><input type="checkbox" name="isAdmin" data-type="bool" /> ${t('admin', lang)}</span></label
          >
          <p class="error" hidden></p>
          <button type="submit">${t('create', lang)}</button>
        </form>
        <p>${t('setupLink', lang)}:</p>
        <p id="setup-link" class="secret" hidden></p>`;
      return [t('users', lang), body];
    },
    { admin: true },
  );

  get('/tokens', async ({ lang, principal }) => {
    const tokens = await db
      .selectFrom('api_tokens')
      .selectAll()
      .where('user_id', '=', principal.userId)
      .orderBy('created_at', 'desc')
      .execute();
    const projects = await dashboard(ctx, principal);
    const body = html`<h1>${t('tokens', lang)}</h1>
      ${table(
        [t('name', lang), 'prefix', t('scopes', lang), t('project', lang), t('expires', lang), t('lastUsed', lang), ''],
        tokens.map((k) => [
          k.name,
          html`<code>${k.prefix}…</code>`,
          (JSON.parse(k.scopes) as string[]).join(', '),
          k.project_id ?? '—',
          k.expires_at.slice(0, 10),
          k.last_used_at?.replace('T', ' ').slice(0, 19) ?? '—',
          k.revoked_at
            ? 'revoked'
            : html`<button class="secondary" hx-delete="/api/v1/tokens/${k.id}" hx-swap="none">
                ${t('revoke', lang)}
              </button>`,
        ]),
      )}
      <h2>${t('newToken', lang)}</h2>
      <form
        class="stack"
        hx-post="/api/v1/tokens"
        hx-swap="none"
        data-result-target="#new-token"
        data-result-field="token"
        hx-headers='{"x-keep-page":"1"}'
      >
        <label>${t('name', lang)}<input name="name" required /></label>
        <fieldset>
          <legend>${t('scopes', lang)}</legend>
          ${TOKEN_SCOPES.filter((s) => s !== 'admin' || principal.isAdmin).map(
            (s) =>
              html`<label style="display:inline-block;margin-right:10px"
                ><span><input type="checkbox" name="scopes" value="${s}" data-type="list" /> ${s}</span></label
              >`,
          )}
        </fieldset>
        <label
          >${t('project', lang)}<select name="projectId">
            <option value="">${t('anyProject', lang)}</option>
            ${projects.map((p) => html`<option value="${p.project.id}">${p.project.name}</option>`)}
          </select></label
        >
        <label>${t('expiresIn', lang)}<input name="expiresInDays" type="number" min="1" max="366" value="90" /></label>
        <p class="error" hidden></p>
        <button type="submit">${t('create', lang)}</button>
      </form>
      <p class="muted">${t('shownOnce', lang)}</p>
      <p id="new-token" class="secret" hidden></p>`;
    return [t('tokens', lang), body];
  });

  get(
    '/audit-log',
    async ({ req, lang }) => {
      const before = Number((req.query as { before?: string }).before) || undefined;
      let q = db.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').limit(100);
      if (before) q = q.where('seq', '<', before);
      const rows = await q.execute();
      const v = await verifyAuditLog(db);
      const body = html`<h1>${t('auditLog', lang)}</h1>
        <p>
          ${t('verifyLog', lang)}:
          <b class="${v.ok ? 'ok' : 'bad'}" data-verify="${v.ok ? 'ok' : 'broken'}"
            >${v.ok ? t('intact', lang) : t('broken', lang)}</b
          >
          (${v.entries}, head <code>${v.headHash.slice(0, 16)}…</code>)
        </p>
        ${v.problems.map((p) => html`<p class="error">#${p.seq}: ${p.problem}</p>`)}
        ${table(
          [
            '#',
            t('when', lang),
            t('who', lang),
            t('what', lang),
            t('project', lang),
            t('before', lang),
            t('after', lang),
          ],
          rows.map((r) => [
            r.seq,
            r.at.replace('T', ' ').slice(0, 19),
            r.actor,
            html`${r.action} <code>${r.entity_id}</code>`,
            r.project_id ?? '',
            html`<code>${(r.before ?? '').slice(0, 300)}</code>`,
            html`<code>${(r.after ?? '').slice(0, 300)}</code>`,
          ]),
        )}
        ${rows.length === 100 ? html`<a href="/audit-log?before=${rows[rows.length - 1].seq}">${t('next', lang)}</a>` : ''}`;
      return [t('auditLog', lang), body];
    },
    { admin: true },
  );
}

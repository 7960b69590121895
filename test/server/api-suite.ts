import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareRuns } from '../../src/assess/compare.js';
import { addUser, Client, firstAdmin, newToken, startTestServer, type TestServer } from './support/harness.js';
import { buildReport, type ResultSpec } from './support/reports.js';

const NO_AUTH = 'evm.rpc.no-auth';
const UNLOCKED = 'evm.rpc.unlocked-accounts';
const CORS = 'evm.rpc.cors';
const VERSION = 'evm.rpc.client-version';

const fail = (checkId: string, targetId = 'validator-1', extra: Partial<ResultSpec> = {}): ResultSpec => ({
  checkId,
  targetId,
  status: 'fail',
  ...extra,
});
const pass = (checkId: string, targetId = 'validator-1'): ResultSpec => ({ checkId, targetId, status: 'pass' });

/**
 * The API behaviour every storage engine must show; run once over SQLite and once over PostgreSQL.
 */
export function apiSuite(engine: 'sqlite' | 'postgres', database: () => Promise<string | undefined>) {
  describe(`server API on ${engine}`, () => {
    let server: TestServer;
    let admin: Client;
    let projectId: string;
    let auditor: Client;
    let engineer: Client;
    let owner: Client;
    let pushToken: string;
    const byCheck = new Map<string, string>();

    beforeAll(async () => {
      server = await startTestServer({ databaseUrl: await database() });
      admin = await firstAdmin(server);
      const p = await admin.post('/api/v1/projects', { name: 'settlement chain', description: 'three validators' });
      expect(p.status).toBe(201);
      projectId = p.body.id;
      const roles: [string, string][] = [
        ['alice', 'auditor'],
        ['erin', 'engineer'],
        ['olga', 'project-owner'],
      ];
      const clients: Client[] = [];
      for (const [name, role] of roles) {
        const u = await addUser(admin, name, `${name} has a long password`);
        expect((await admin.put(`/api/v1/projects/${projectId}/members`, { userId: u.id, role })).status).toBe(200);
        clients.push(u.client);
      }
      [auditor, engineer, owner] = clients;
      pushToken = await newToken(auditor, ['runs:write', 'findings:read'], { projectId });
    });
    afterAll(async () => {
      await server?.stop();
    });

    const push = (report: unknown, token = pushToken) =>
      new Client(server.url, { token }).post(`/api/v1/projects/${projectId}/runs`, report);
    const findings = async (query = '') =>
      (await auditor.get(`/api/v1/projects/${projectId}/findings?limit=500${query}`)).body as {
        total: number;
        findings: {
          id: string;
          checkId: string;
          targetId: string;
          state: string;
          dueAt: string | null;
          severity: string;
        }[];
      };
    const move = (who: Client, checkId: string, body: Record<string, unknown>) =>
      who.post(`/api/v1/projects/${projectId}/findings/${byCheck.get(checkId)}/transitions`, body);
    const stateOf = async (checkId: string) =>
      (await findings()).findings.find((f) => f.id === byCheck.get(checkId))?.state;

    it('answers health without auth and refuses everything else without it', async () => {
      const health = await new Client(server.url).get('/api/v1/health');
      expect(health.status).toBe(200);
      expect(health.body).toMatchObject({ status: 'ok', database: engine });
      expect((await new Client(server.url).get('/api/v1/projects')).status).toBe(401);
      expect((await new Client(server.url).get('/api/v1/openapi.json')).status).toBe(401);
    });

    it('publishes an OpenAPI 3.1 document generated from the request schemas', async () => {
      const doc = (await admin.get('/api/v1/openapi.json')).body;
      expect(doc.openapi).toBe('3.1.0');
      const upload = doc.paths['/api/v1/projects/{projectId}/runs'].post;
      expect(upload['x-required-scope']).toBe('runs:write');
      expect(upload.requestBody.content['application/json'].schema.required).toEqual(
        expect.arrayContaining(['schemaVersion', 'run', 'findings']),
      );
      const transition = doc.paths['/api/v1/projects/{projectId}/findings/{findingId}/transitions'].post;
      expect(transition.requestBody.content['application/json'].schema.properties.to.enum).toContain('risk-accepted');
    });

    it('refuses a second use of the first-admin link and a wrong password', async () => {
      const token = new URL(server.firstAdminUrl!).searchParams.get('token');
      const again = await new Client(server.url).post('/api/v1/auth/setup', {
        token,
        username: 'mallory',
        password: 'another long password',
      });
      expect(again.status).toBe(400);
      const wrong = await new Client(server.url).post('/api/v1/auth/login', { username: 'admin', password: 'nope' });
      expect(wrong.status).toBe(401);
    });

    it('imports a run: failing results become new findings with SLA due dates', async () => {
      const report = buildReport('run-1', [
        fail(NO_AUTH),
        fail(UNLOCKED),
        fail(CORS),
        fail(VERSION),
        pass('evm.rpc.host-header'),
      ]);
      const res = await push(report);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ created: 4, duplicate: false });
      const list = await findings();
      expect(list.total).toBe(4);
      for (const f of list.findings) byCheck.set(f.checkId, f.id);
      expect(list.findings.every((f) => f.state === 'new')).toBe(true);
      const critical = list.findings.find((f) => f.checkId === UNLOCKED)!;
      const days = (Date.parse(critical.dueAt!) - Date.now()) / 86_400_000;
      expect(days).toBeGreaterThan(6.9);
      expect(days).toBeLessThanOrEqual(7);
      const targets = (await auditor.get(`/api/v1/projects/${projectId}/targets`)).body;
      expect(targets.map((t: { id: string }) => t.id)).toEqual(['validator-1']);
    });

    it('enforces the lifecycle: allowed moves, required fields, and who may make them', async () => {
      expect((await move(auditor, NO_AUTH, { to: 'open' })).status).toBe(200);
      expect((await move(engineer, NO_AUTH, { to: 'in-remediation', note: 'ticket OPS-12' })).status).toBe(200);
      // not a move the machine allows
      expect((await move(auditor, NO_AUTH, { to: 'verified' })).status).toBe(422);
      // the engineer may not accept risk; the owner may, with justification and a future expiry
      expect(
        (await move(engineer, UNLOCKED, { to: 'risk-accepted', justification: 'x', expires: '2099-01-01' })).status,
      ).toBe(403);
      expect((await move(owner, UNLOCKED, { to: 'risk-accepted', expires: '2099-01-01' })).status).toBe(422);
      expect(
        (await move(owner, UNLOCKED, { to: 'risk-accepted', justification: 'isolated', expires: '2001-01-01' })).status,
      ).toBe(422);
      const accepted = await move(owner, UNLOCKED, {
        to: 'risk-accepted',
        justification: 'node is on an isolated admin network',
        expires: '2099-01-01',
      });
      expect(accepted.status).toBe(200);
      expect(accepted.body).toMatchObject({ state: 'risk-accepted', approver: 'olga' });
      expect((await move(auditor, CORS, { to: 'false-positive', justification: 'proxy strips it' })).status).toBe(422);
      expect(
        (await move(auditor, CORS, { to: 'false-positive', justification: 'proxy strips it', scope: 'project' }))
          .status,
      ).toBe(200);
      const detail = (await engineer.get(`/api/v1/projects/${projectId}/findings/${byCheck.get(NO_AUTH)}`)).body;
      expect(detail.history.map((h: { to: string }) => h.to)).toEqual(['new', 'open', 'in-remediation']);
      expect(detail.allowedTransitions).toEqual(['fixed']);
    });

    it('keeps triage across the next run and stores a re-sent run once', async () => {
      const report = buildReport('run-2', [fail(NO_AUTH), fail(UNLOCKED), fail(CORS), fail(VERSION)]);
      expect((await push(report)).body).toMatchObject({ created: 0, regressed: 0 });
      expect(await stateOf(NO_AUTH)).toBe('in-remediation');
      expect(await stateOf(UNLOCKED)).toBe('risk-accepted');
      expect(await stateOf(CORS)).toBe('false-positive');
      const again = await push(report);
      expect(again.status).toBe(200);
      expect(again.body.duplicate).toBe(true);
      expect((await auditor.get(`/api/v1/projects/${projectId}/runs`)).body).toHaveLength(2);
    });

    it('verifies a fixed finding when the next run passes, and reopens it when it fails again', async () => {
      expect((await move(engineer, NO_AUTH, { to: 'fixed' })).status).toBe(200);
      await push(buildReport('run-3', [pass(NO_AUTH), fail(UNLOCKED), fail(CORS), fail(VERSION)]));
      expect(await stateOf(NO_AUTH)).toBe('verified');
      const res = await push(buildReport('run-4', [fail(NO_AUTH), fail(UNLOCKED), fail(CORS), fail(VERSION)]));
      expect(res.body.regressed).toBe(1);
      expect(await stateOf(NO_AUTH)).toBe('reopened');
      const detail = (await auditor.get(`/api/v1/projects/${projectId}/findings/${byCheck.get(NO_AUTH)}`)).body;
      expect(detail.history.at(-1)).toMatchObject({ from: 'verified', to: 'reopened' });
      expect(detail.history.at(-1).note).toMatch(/regression/);
    });

    it('applies a project-wide false positive to the same check on a new target', async () => {
      const res = await push(
        buildReport('run-5', [fail(NO_AUTH), fail(UNLOCKED), fail(CORS), fail(VERSION), fail(CORS, 'validator-2')]),
      );
      expect(res.body).toMatchObject({ created: 1, suppressed: 1 });
      const list = await findings(`&target=validator-2`);
      expect(list.findings[0]).toMatchObject({ checkId: CORS, state: 'false-positive' });
    });

    it('reopens an acceptance once it expires, and logs it', async () => {
      // time passes: the acceptance's expiry is now behind us
      await server.ctx.db.db
        .updateTable('findings')
        .set({ accepted_until: '2000-01-01T00:00:00.000Z' })
        .where('id', '=', byCheck.get(UNLOCKED)!)
        .execute();
      expect(await stateOf(UNLOCKED)).toBe('reopened');
      const log = (await admin.get('/api/v1/audit-log?limit=20')).body as { action: string; entityId: string }[];
      expect(log.some((e) => e.action === 'finding.acceptance-expired' && e.entityId === byCheck.get(UNLOCKED))).toBe(
        true,
      );
    });

    it('shows overdue findings by filter and on the dashboard', async () => {
      await server.ctx.db.db
        .updateTable('findings')
        .set({ due_at: '2001-01-01T00:00:00.000Z' })
        .where('id', '=', byCheck.get(VERSION)!)
        .execute();
      const overdue = await findings('&overdue=true');
      expect(overdue.findings.map((f) => f.checkId)).toEqual([VERSION]);
      const dash = (await admin.get('/api/v1/dashboard')).body;
      expect(dash[0].overdue).toBe(1);
      expect(dash[0].trend.length).toBe(5);
      const filtered = await findings('&severity=critical,high&state=reopened');
      expect(filtered.findings.map((f) => f.checkId).sort()).toEqual([UNLOCKED, NO_AUTH].sort());
      const searched = await findings('&q=CORS');
      expect(searched.total).toBe(2);
    });

    it('feeds manual answers into the run assessment exactly as --manual does', async () => {
      const item = 'DJCP.P2P.SELF_PROTECTION';
      const put = await auditor.put(`/api/v1/projects/${projectId}/manual/${item}`, {
        verdict: 'non-conforming',
        note: 'no connection limits configured',
        evidence: ['interview 2024-05-01'],
      });
      expect(put.status).toBe(200);
      expect(
        (await engineer.put(`/api/v1/projects/${projectId}/manual/${item}`, { verdict: 'conforming' })).status,
      ).toBe(403);
      const runs = (await auditor.get(`/api/v1/projects/${projectId}/runs`)).body;
      const latest = runs[0];
      const served = (await auditor.get(`/api/v1/projects/${projectId}/runs/${latest.id}/assessment`)).body;
      const local = buildReport(
        'run-5',
        [fail(NO_AUTH), fail(UNLOCKED), fail(CORS), fail(VERSION), fail(CORS, 'validator-2')],
        {
          manual: new Map([
            [
              item,
              {
                verdict: 'non-conforming',
                note: 'no connection limits configured',
                evidence: ['interview 2024-05-01'],
                assessor: 'alice',
                date: new Date().toISOString().slice(0, 10),
              },
            ],
          ]),
        },
      );
      const servedItem = served.items.find((i: { id: string }) => i.id === item);
      expect(servedItem).toMatchObject({ verdict: 'non-conforming', basis: 'manual' });
      expect(served.score).toBe(local.score);
      expect(served.totals.verdicts).toEqual(local.totals.verdicts);

      const att = await auditor.post(`/api/v1/projects/${projectId}/manual/${item}/attachments`, {
        name: 'interview.txt',
        contentType: 'text/html',
        dataBase64: Buffer.from('<script>alert(1)</script>').toString('base64'),
      });
      expect(att.status).toBe(201);
      const file = await auditor.get(`/api/v1/projects/${projectId}/attachments/${att.body.id}`);
      expect(file.headers.get('content-type')).toBe('application/octet-stream');
      expect(file.headers.get('content-disposition')).toMatch(/^attachment/);
    });

    it('compares runs over the 28 blockchain evaluation items (Table 10)', async () => {
      const runs = (await auditor.get(`/api/v1/projects/${projectId}/runs`)).body;
      const cmp = (await auditor.get(`/api/v1/compare?runs=${runs[0].id},${runs[1].id}&reference=true`)).body;
      const local = compareRuns([buildReport('a', [fail(NO_AUTH)])], true);
      expect(cmp.rows).toHaveLength(local.rows.length);
      expect(cmp.columns.length).toBe(2 + local.columns.length - 1);
      expect((await engineer.get(`/api/v1/compare?runs=${runs[0].id}`)).status).toBe(200);
    });

    it('accepts report fields it does not know and keeps them', async () => {
      const built = buildReport('run-extra', [fail(NO_AUTH)]);
      const report = {
        ...built,
        coverage: { ...built.coverage, complete: false, reasons: ['validator-3 unreachable'] },
        futureBlock: { planned: 10, ran: 7 },
      };
      report.findings = report.findings.map((f) => ({ ...f, futureField: { a: 1 } }));
      const res = await push(report);
      expect(res.status).toBe(201);
      const run = (await auditor.get(`/api/v1/projects/${projectId}/runs/${res.body.runId}`)).body;
      expect(run.complete).toBe(false);
      const served = (await auditor.get(`/api/v1/projects/${projectId}/runs/${res.body.runId}/assessment`)).body;
      expect(served.futureBlock).toEqual({ planned: 10, ran: 7 });
      expect(served.findings[0].futureField).toEqual({ a: 1 });
      const stored = await server.ctx.db.db
        .selectFrom('findings')
        .select('result')
        .where('check_id', '=', NO_AUTH)
        .executeTakeFirstOrThrow();
      expect(stored.result).toBe(report.findings[0].result ?? null);
    });

    it('stores one run when the same upload arrives several times at once', async () => {
      const before = (await auditor.get(`/api/v1/projects/${projectId}/runs?limit=500`)).body.length;
      const report = buildReport('run-concurrent', [fail(NO_AUTH), fail(VERSION, 'validator-9')]);
      const answers = await Promise.all([push(report), push(report), push(report)]);
      expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 201]);
      expect(new Set(answers.map((a) => a.body.runId)).size).toBe(1);
      expect((await auditor.get(`/api/v1/projects/${projectId}/runs?limit=500`)).body.length).toBe(before + 1);
      expect((await findings('&target=validator-9')).total).toBe(1);
    });

    it('refuses a malformed report naming the field', async () => {
      const report = buildReport('run-bad', [fail(NO_AUTH)]) as unknown as { findings: { severity: string }[] };
      report.findings[0].severity = 'catastrophic';
      const res = await push(report);
      expect(res.status).toBe(400);
      expect(res.body.error).toMatch(/findings\.0\.severity/);
    });

    it('shows a token once, stores only its hash, and records its last use', async () => {
      const created = await auditor.post('/api/v1/tokens', { name: 'ci', scopes: ['findings:read'], expiresInDays: 5 });
      expect(created.body.token).toMatch(/^cat_[A-Za-z0-9_-]{40,}$/);
      const listed = (await auditor.get('/api/v1/tokens')).body;
      expect(JSON.stringify(listed)).not.toContain(created.body.token);
      const row = await server.ctx.db.db
        .selectFrom('api_tokens')
        .selectAll()
        .where('id', '=', created.body.id)
        .executeTakeFirstOrThrow();
      expect(row.token_hash).not.toContain(created.body.token.slice(4));
      expect(row.last_used_at).toBeNull();
      await new Client(server.url, { token: created.body.token }).get(`/api/v1/projects/${projectId}/findings`);
      const used = (await auditor.get('/api/v1/tokens')).body.find((t: { id: string }) => t.id === created.body.id);
      expect(used.lastUsedAt).not.toBeNull();
      expect((await auditor.delete(`/api/v1/tokens/${created.body.id}`)).status).toBe(200);
      expect(
        (await new Client(server.url, { token: created.body.token }).get(`/api/v1/projects/${projectId}/findings`))
          .status,
      ).toBe(401);
    });

    it('keeps every change in a hash-chained log that verifies', async () => {
      const v = (await admin.get('/api/v1/audit-log/verify')).body;
      expect(v.ok).toBe(true);
      const log = (await admin.get('/api/v1/audit-log?limit=500')).body as {
        seq: number;
        prevHash: string;
        hash: string;
        action: string;
      }[];
      expect(v.entries).toBe(log.length);
      for (let i = 0; i < log.length - 1; i++) expect(log[i].prevHash).toBe(log[i + 1].hash);
      const actions = new Set(log.map((e) => e.action));
      for (const a of [
        'project.create',
        'user.create',
        'member.put',
        'run.import',
        'finding.transition',
        'manual.put',
        'token.create',
        'token.revoke',
        'session.start',
      ])
        expect(actions).toContain(a);
      const transition = log.find((e) => e.action === 'finding.transition') as unknown as {
        before: { state: string };
        after: { state: string };
      };
      expect(transition.before.state).not.toBe(transition.after.state);
      // the database itself refuses to change the log
      await expect(
        server.ctx.db.db.updateTable('audit_log').set({ actor: 'someone else' }).where('seq', '=', 1).execute(),
      ).rejects.toThrow(/append-only/);
    });
  });
}

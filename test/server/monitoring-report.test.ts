import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, firstAdmin, newToken, startTestServer, type TestServer } from './support/harness.js';
import { buildReport } from './support/reports.js';

describe('the monitoring report', () => {
  let server: TestServer;
  let admin: Client;
  let projectId: string;
  let push: (r: unknown) => Promise<{ status: number; body: any }>;
  const api = (p: string) => `/api/v1/projects/${projectId}${p}`;
  // both decide items of the front-end group; the account group is rated from a manual answer
  const checkA = 'web.http.hsts';
  const checkB = 'web.http.csp';
  const groupA = 'frontend';
  const groupB = 'account';
  const day = 86_400_000;

  beforeAll(async () => {
    server = await startTestServer({ localJobs: 0 });
    admin = await firstAdmin(server);
    projectId = (await admin.post('/api/v1/projects', { name: 'exchange <b>front</b>' })).body.id;
    const token = await newToken(admin, ['runs:write'], { projectId });
    push = (r) => new Client(server.url, { token }).post(api('/runs'), r);
    const manual = await admin.put(api('/manual/MON.ACCOUNT.TWO_FACTOR_SENSITIVE_OPS'), {
      verdict: 'conforming',
      note: 'withdrawals need a second factor',
      evidence: ['settings screenshot'],
    });
    expect(manual.status, JSON.stringify(manual.body)).toBe(200);
    const ago = (d: number) => new Date(Date.now() - d * day).toISOString();
    // two weeks ago both groups fail, last week one is fixed, this week it regresses and a new one appears
    expect(
      (
        await push(
          buildReport(
            'w-2',
            [
              { checkId: checkA, targetId: 'web-1', status: 'fail', severity: 'high' },
              { checkId: checkB, targetId: 'web-1', status: 'fail', severity: 'medium' },
            ],
            { started: ago(15) },
          ),
        )
      ).status,
    ).toBe(201);
    expect(
      (
        await push(
          buildReport(
            'w-1',
            [
              { checkId: checkA, targetId: 'web-1', status: 'pass' },
              { checkId: checkB, targetId: 'web-1', status: 'fail', severity: 'medium' },
            ],
            { started: ago(8) },
          ),
        )
      ).status,
    ).toBe(201);
    expect(
      (
        await push(
          buildReport(
            'w-0',
            [
              {
                checkId: checkA,
                targetId: 'web-1',
                status: 'fail',
                severity: 'high',
                title: 'Back again <script>alert(1)</script>',
                message: 'the origin answers directly',
                evidence: [{ label: 'origin', value: 'internal-admin.example.org 10.1.2.3' }],
              },
              { checkId: checkB, targetId: 'web-1', status: 'fail', severity: 'medium' },
              { checkId: checkB, targetId: 'web-2', status: 'fail', severity: 'medium', message: 'second front end' },
            ],
            { started: ago(1) },
          ),
        )
      ).status,
    ).toBe(201);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('rates every item group per period and says what changed', async () => {
    const r = (await admin.get(api('/monitoring-report?period=week&periods=3'))).body;
    expect(r.periods).toHaveLength(3);
    expect(r.groups.map((g: { id: string }) => g.id)).toEqual(expect.arrayContaining([groupA, groupB]));
    const rating = (p: number, g: string) => r.periods[p].groups.find((x: { id: string }) => x.id === g)?.rating;
    for (const p of [0, 1, 2]) expect(r.periods[p].runId).toBeTruthy();
    // groupA: failing, then fixed (its rating rises), then failing again
    const ratings = ['poor', 'fair', 'good', 'excellent'];
    expect(ratings.indexOf(rating(1, groupA))).toBeGreaterThan(ratings.indexOf(rating(0, groupA)));
    expect(rating(2, groupA)).toBe(rating(0, groupA));
    for (const p of [0, 1, 2]) expect(rating(p, groupB)).toBe('excellent');
    // everything was learnt this week (the server saw all three runs today)
    const last = r.periods[2];
    expect(last.counts.new).toBe(3);
    expect(last.counts.fixed).toBe(1);
    expect(last.counts.regressed).toBe(1);
    expect(last.changes.regressed[0].checkId).toBe(checkA);
    expect(last.changes.regressed[0].evidence.items[0].value).toContain('internal-admin');
  });

  it('counts an acceptance, and the phased version withholds what a client marked confidential', async () => {
    const findings = (await admin.get(api('/findings?limit=50'))).body.findings;
    const a = findings.find((f: any) => f.checkId === checkA);
    const b2 = findings.find((f: any) => f.checkId === checkB && f.targetId === 'web-2');
    expect(
      (
        await admin.post(api(`/findings/${b2.id}/transitions`), {
          to: 'risk-accepted',
          justification: 'replaced next quarter',
          expires: new Date(Date.now() + 30 * day).toISOString(),
        })
      ).status,
    ).toBe(200);
    expect((await admin.post(api(`/findings/${a.id}/disclosure`), { confidential: true })).status).toBe(200);
    const full = (await admin.get(api('/monitoring-report?period=week&periods=2'))).body;
    const phased = (await admin.get(api('/monitoring-report?period=week&periods=2&disclosure=phased'))).body;
    expect(full.periods[1].counts.accepted).toBe(1);
    const fullEntry = full.periods[1].changes.regressed[0];
    const phasedEntry = phased.periods[1].changes.regressed[0];
    expect(fullEntry.evidence.items[0].value).toContain('internal-admin');
    expect(phasedEntry.withheld).toBe(true);
    expect(phasedEntry.evidence).toBeUndefined();
    expect(JSON.stringify(phased)).not.toContain('internal-admin');
    // counts and ratings are the same in both versions
    expect(phased.periods.map((p: any) => p.counts)).toEqual(full.periods.map((p: any) => p.counts));
    expect(phased.periods.map((p: any) => p.groups)).toEqual(full.periods.map((p: any) => p.groups));
  });

  it('exports the report as HTML in English and Chinese, with inline charts and everything escaped', async () => {
    const en = await admin.get(api('/monitoring-report?format=html&periods=3&download=true'));
    expect(en.headers.get('content-type')).toMatch(/text\/html/);
    expect(en.headers.get('content-disposition')).toMatch(
      /attachment; filename="monitoring-prj_\w+-\d{4}-\d\d-\d\d-full-en\.html"/,
    );
    const text = en.body as string;
    expect(text).toContain('Safety monitoring report');
    expect((text.match(/<svg/g) ?? []).length).toBeGreaterThanOrEqual(2);
    expect(text).not.toContain('<script>');
    expect(text).toContain('&lt;script&gt;');
    expect(text).not.toContain('<b>front</b>');
    const zh = (await admin.get(api('/monitoring-report?format=html&periods=3&lang=zh&disclosure=phased')))
      .body as string;
    expect(zh).toContain('安全监测报告');
    expect(zh).toContain('分阶段披露版');
    expect(zh).toContain('证据已隐去');
    expect(zh).not.toContain('internal-admin');
    expect(zh).toMatch(/优|良|中|差/);
  });

  it('is a page of the server too', async () => {
    const page = await admin.call('GET', `/projects/${projectId}/monitoring?lang=zh`, undefined, {
      accept: 'text/html',
    });
    expect(page.status).toBe(200);
    expect(page.body).toContain('安全监测报告');
    expect(page.body).toContain('download=true');
  });
});

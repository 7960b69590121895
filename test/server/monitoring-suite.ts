import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, firstAdmin, startTestServer, type TestServer } from './support/harness.js';

const until = async <T>(what: string, probe: () => Promise<T | undefined>, ms = 60_000): Promise<T> => {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
};

/**
 * Jobs run by the server's own runner, from the SQLite job table (plainjob) or from pg-boss: run
 * now, a schedule's missed slots, a retest after "fixed", the jobs' runs and what they did to findings.
 */
export function monitoringSuite(
  engine: string,
  database: () => Promise<string | undefined>,
  queue?: () => Promise<{ redisUrl: string }>,
) {
  describe(`monitoring jobs run by the server on ${engine}`, () => {
    let server: TestServer;
    let admin: Client;
    let projectId: string;
    let work: string;
    let configPath: string;
    const api = (p: string) => `/api/v1/projects/${projectId}${p}`;
    const jobs = async () =>
      (await admin.get(api('/jobs?limit=500'))).body as {
        id: string;
        state: string;
        kind: string;
        runId: string | null;
        notBefore: string;
        slot: string | null;
        plan: Record<string, unknown>;
        error: string | null;
      }[];
    const waitDone = (id: string) =>
      until(`job ${id}`, async () => {
        const j = (await jobs()).find((x) => x.id === id);
        return j && ['done', 'failed'].includes(j.state) ? j : undefined;
      });

    beforeAll(async () => {
      work = mkdtempSync(join(tmpdir(), 'chainaudit-mon-'));
      configPath = join(work, 'geth.toml');
      copyFileSync(resolve('test/fixtures-configs/geth-weak.toml'), configPath);
      server = await startTestServer({ localJobs: 1, databaseUrl: await database(), queue: await queue?.() });
      admin = await firstAdmin(server);
      projectId = (await admin.post('/api/v1/projects', { name: 'monitored chain' })).body.id;
      const scope = `name: validators\nenvironment: test\ntargets:\n  - { id: geth-1, kind: config, path: ${configPath}, tags: [validators] }\n`;
      expect((await admin.put(api('/scopes/validators'), { yaml: scope })).status).toBe(200);
    });
    afterAll(async () => {
      await server?.stop();
      rmSync(work, { recursive: true, force: true });
    });

    it('refuses a schedule with a bad cron, zone or scope, naming the field', async () => {
      const base = { name: 'nightly', scope: 'validators', cron: '0 3 * * *', timezone: 'Asia/Shanghai' };
      let r = await admin.post(api('/schedules'), { ...base, cron: '61 * * * *' });
      expect(r.status).toBe(400);
      expect(r.body.error).toMatch(/cron "61 \* \* \* \*"/);
      r = await admin.post(api('/schedules'), { ...base, timezone: 'Mars/Olympus' });
      expect(r.body.error).toMatch(/Mars\/Olympus/);
      r = await admin.post(api('/schedules'), { ...base, scope: 'nope' });
      expect(r.body.error).toMatch(/no scope nope/);
      r = await admin.post(api('/schedules'), { ...base, windowPolicy: 'inside' });
      expect(r.body.error).toMatch(/needs at least one maintenance window/);
    });

    it('runs a schedule now: the job runs in the server, its run is stored under the job id', async () => {
      const sch = await admin.post(api('/schedules'), {
        name: 'nightly',
        scope: 'validators',
        cron: '0 3 * * *',
        timezone: 'Asia/Shanghai',
        jitterSeconds: 600,
      });
      expect(sch.status).toBe(201);
      expect(new Date(sch.body.nextSlot).getUTCHours()).toBe(19); // 03:00 in Shanghai
      const now = await admin.post(api(`/schedules/${sch.body.id}/run`));
      expect(now.status).toBe(202);
      expect(now.body.jobs).toHaveLength(1);
      const job = await waitDone(now.body.jobs[0].id);
      expect(job.state).toBe('done');
      const run = (await admin.get(api(`/runs/${job.runId}`))).body;
      expect(run.reportRunId).toBe(job.id);
      expect(run.scopeName).toBe('validators');
      const f = (await admin.get(api('/findings?limit=500'))).body;
      expect(f.total).toBeGreaterThan(0);
    });

    it('queues missed slots by the catch-up policy, each once however often the scheduler runs', async () => {
      const db = server.ctx.db.db;
      const monitor = server.ctx.monitor!;
      const make = async (name: string, catchUp: string) => {
        const r = await admin.post(api('/schedules'), {
          name,
          scope: 'validators',
          cron: '0 3 * * *',
          timezone: 'Asia/Shanghai',
          catchUp,
          jitterSeconds: 120,
          enabled: false,
        });
        expect(r.status).toBe(201);
        return r.body.id as string;
      };
      const ids = {
        none: await make('c-none', 'none'),
        latest: await make('c-latest', 'latest'),
        all: await make('c-all', 'all'),
      };
      // The server was away for three days: the next slot it knew of lies three days back.
      const now = new Date();
      const from = new Date(now.getTime() - 3 * 86_400_000);
      const slot = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate(), 19, 0, 0));
      for (const id of Object.values(ids))
        await db
          .updateTable('schedules')
          .set({ enabled: 1, next_slot: slot.toISOString() })
          .where('id', '=', id)
          .execute();
      await Promise.all([monitor.schedulePass(now), monitor.schedulePass(now)]);
      await monitor.schedulePass(now);
      const all = await jobs();
      const of = (id: string) =>
        all.filter((j) => j.kind === 'scheduled' && (j as { scheduleId?: string }).scheduleId === id);
      let missed = 0;
      for (let t = slot.getTime(); t < now.getTime() - 5 * 60_000; t += 86_400_000) missed++;
      expect(of(ids.none)).toHaveLength(0);
      expect(of(ids.latest)).toHaveLength(1);
      expect(of(ids.all)).toHaveLength(missed);
      for (const j of of(ids.all)) {
        const offset = Date.parse(j.notBefore) - Date.parse(j.slot!);
        expect(offset).toBeGreaterThanOrEqual(0);
        expect(offset).toBeLessThan(120_000);
      }
      // the schedules moved past now
      for (const id of Object.values(ids)) {
        const s = await db.selectFrom('schedules').select('next_slot').where('id', '=', id).executeTakeFirstOrThrow();
        expect(Date.parse(s.next_slot)).toBeGreaterThan(now.getTime());
      }
      for (const j of [...of(ids.latest), ...of(ids.all)]) expect((await waitDone(j.id)).state).toBe('done');
    });

    it('retests a finding marked fixed: still failing reopens it, really fixed verifies it', async () => {
      const list = (await admin.get(api('/findings?limit=500&check=configs.geth-insecure-unlock'))).body;
      const target = list.findings[0] ?? (await admin.get(api('/findings?limit=500'))).body.findings[0];
      expect(target).toBeTruthy();
      const move = (to: string) => admin.post(api(`/findings/${target.id}/transitions`), { to });
      expect((await move('in-remediation')).status).toBe(200);
      let r = await move('fixed');
      expect(r.status).toBe(200);
      expect(r.headers.get('x-retest')).toBe('queued');
      const retest = await until('retest job', async () =>
        (await jobs()).find((j) => j.kind === 'retest' && j.plan.findingId === target.id),
      );
      expect(retest.plan.only).toEqual([target.checkId]);
      expect(retest.plan.targets).toEqual(['geth-1']);
      await waitDone(retest.id);
      let f = (await admin.get(api(`/findings/${target.id}`))).body;
      expect(f.state).toBe('reopened');
      expect(f.history.at(-1).note).toMatch(/regression/);

      // The operator really fixes it this time: the whole file hardened.
      writeFileSync(configPath, readFileSync(resolve('test/fixtures-configs/geth-hardened.toml')));
      expect((await move('in-remediation')).status).toBe(200);
      r = await move('fixed');
      const second = await until('second retest', async () =>
        (await jobs()).find((j) => j.kind === 'retest' && j.plan.findingId === target.id && j.id !== retest.id),
      );
      await waitDone(second.id);
      f = (await admin.get(api(`/findings/${target.id}`))).body;
      expect(f.state).toBe('verified');
    });

    it('holds intrusive checks back when a run starts outside its maintenance window, and says so in the run', async () => {
      const later = new Date(Date.now() + 3 * 3_600_000);
      const hhmm = (d: Date) =>
        `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
      const sch = await admin.post(api('/schedules'), {
        name: 'intrusive at night',
        scope: 'validators',
        cron: '0 3 * * *',
        timezone: 'UTC',
        intrusive: true,
        windowPolicy: 'inside',
        windows: [{ start: hhmm(later), end: hhmm(new Date(later.getTime() + 3_600_000)) }],
      });
      expect(sch.status, JSON.stringify(sch.body)).toBe(201);
      const now = await admin.post(api(`/schedules/${sch.body.id}/run`));
      const job = await waitDone(now.body.jobs[0].id);
      expect(job.state).toBe('done');
      const report = (await admin.get(api(`/runs/${job.runId}/assessment`))).body;
      expect(report.run.options.intrusive).toBe(false);
      const reasons = report.run.checksHeldBack.map((h: { reason: string }) => h.reason);
      expect(reasons.length).toBeGreaterThan(0);
      expect(reasons.every((r: string) => /outside a maintenance window/.test(r) || !/^intrusive:/.test(r))).toBe(true);
      expect(
        reasons.some((r: string) => /intrusive checks held back: the run started outside a maintenance window/.test(r)),
      ).toBe(true);
    });

    it('runs a stored scope now and refuses one that is not there', async () => {
      const r = await admin.post(api('/scopes/validators/run'), { targets: ['validators'] });
      expect(r.status).toBe(202);
      expect((await waitDone(r.body.jobs[0].id)).state).toBe('done');
      const missing = await admin.post(api('/scopes/absent/run'), {});
      expect(missing.status).toBe(400);
      expect(missing.body.error).toMatch(/no scope absent/);
    });
  });
}

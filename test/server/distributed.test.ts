import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { anvilBinary, startAnvil, type ManagedNode } from '../../src/nodes/anvil.js';
import { freePort } from '../support/ports.js';
import { hasBinary, prerequisite } from '../support/prereq.js';
import { Client, ADMIN_PASSWORD, login } from './support/harness.js';
import { postgresBin, startPostgres, type PrivateCluster } from './support/postgres.js';

/**
 * The scaled-out shape on one machine: PostgreSQL, two server processes sharing it through
 * pg-boss, three workers. Organisation B's node and worker live in a network namespace of their
 * own, reaching server B over a veth pair: only that worker can audit that node, and it needs no
 * inbound port. A worker is killed mid-job, the database stops for a few seconds, a server is
 * killed and started again: every job still finishes exactly once and no finding is duplicated.
 */
const NS = 'ca-mon-orgb';
const HOST_IF = 'ca-mon-h';
const NS_IF = 'ca-mon-n';
const HOST_IP = '10.213.7.1';
const NS_IP = '10.213.7.2';
const LEASE = 10;

const ip = (...args: string[]) => execFileSync('ip', args, { stdio: 'pipe' });
function dropNamespace() {
  try {
    ip('netns', 'del', NS);
  } catch {
    // not there
  }
  try {
    ip('link', 'del', HOST_IF);
  } catch {
    // went with the namespace
  }
}

interface Proc {
  child: ChildProcess;
  log: string[];
  waitFor(re: RegExp, ms?: number): Promise<RegExpMatchArray>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

function launch(cmd: string, args: string[], env: Record<string, string> = {}): Proc {
  const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const log: string[] = [];
  const waiters: { re: RegExp; resolve: (m: RegExpMatchArray) => void; reject: (e: Error) => void }[] = [];
  const feed = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n').filter(Boolean)) {
      log.push(line);
      for (const w of [...waiters]) {
        const m = line.match(w.re);
        if (m) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(m);
        }
      }
    }
  };
  child.stdout!.on('data', feed);
  child.stderr!.on('data', feed);
  const exited = new Promise<void>((r) =>
    child.once('exit', (code, signal) => {
      for (const w of waiters.splice(0))
        w.reject(
          new Error(
            `${args.slice(0, 4).join(' ')} exited (${code ?? signal}) before ${w.re}; log:\n${log.slice(-20).join('\n')}`,
          ),
        );
      r();
    }),
  );
  return {
    child,
    log,
    waitFor(re, ms = 60_000) {
      const seen = log.map((l) => l.match(re)).find(Boolean);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const t = setTimeout(
          () =>
            reject(
              new Error(`${args.slice(0, 4).join(' ')}: no ${re} within ${ms} ms; log:\n${log.slice(-20).join('\n')}`),
            ),
          ms,
        );
        waiters.push({
          re,
          resolve: (m) => (clearTimeout(t), resolve(m)),
          reject: (e) => (clearTimeout(t), reject(e)),
        });
      });
    },
    async kill(signal = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill(signal);
        await exited;
      }
    },
  };
}

const CLI = ['--import', 'tsx', 'test/server/support/cli-process.ts'];

const ready =
  prerequisite('PostgreSQL server', Boolean(postgresBin()) && hasBinary('runuser'), 'apt-get install postgresql') &&
  prerequisite(
    'ip (iproute2) and root for network namespaces',
    hasBinary('ip') && process.getuid?.() === 0,
    'apt-get install iproute2; run as root',
  );

describe.runIf(ready)('two servers, three workers, one in another network, through failures', () => {
  let cluster: PrivateCluster;
  let databaseUrl: string;
  let hostNode: ManagedNode;
  let nsNode: Proc;
  const servers: Record<'a' | 'b', Proc | undefined> = { a: undefined, b: undefined };
  const ports = { a: 0, b: 0 };
  const workers: Record<string, Proc> = {};
  let admin: Client;
  let projectId: string;
  const tokens: string[] = [];
  let db: pg.Client;

  const startServer = async (which: 'a' | 'b') => {
    const host = which === 'a' ? '127.0.0.1' : HOST_IP;
    const p = launch(process.execPath, [
      ...CLI,
      'serve',
      '--database',
      databaseUrl,
      '--host',
      host,
      '--port',
      String(ports[which]),
      '--local-jobs',
      '0',
      '--job-lease',
      String(LEASE),
      '--insecure-cookies',
    ]);
    await p.waitFor(/chainaudit server listening on/);
    servers[which] = p;
    return p;
  };
  const url = (which: 'a' | 'b') => `http://${which === 'a' ? '127.0.0.1' : HOST_IP}:${ports[which]}`;
  const startWorker = (name: string, zone: string, urls: string[], inNamespace = false) => {
    const args = [
      ...CLI,
      'worker',
      ...urls.flatMap((u) => ['--server', u]),
      '--token',
      tokens[Object.keys(workers).length],
      '--name',
      name,
      '--label',
      `zone=${zone}`,
      '--poll',
      '500',
      // server B listens on the veth address: plain http on this test network
      '--allow-http',
    ];
    workers[name] = inNamespace
      ? launch('ip', ['netns', 'exec', NS, process.execPath, ...args])
      : launch(process.execPath, args);
    return workers[name];
  };
  const jobs = async () =>
    (await db.query('SELECT id, state, attempts, worker, run_id, requires, error FROM monitor_jobs ORDER BY queued_at'))
      .rows as {
      id: string;
      state: string;
      attempts: number;
      worker: string | null;
      run_id: string | null;
      requires: string;
      error: string | null;
    }[];
  const runNow = async () => {
    const r = await admin.post(`/api/v1/projects/${projectId}/scopes/consortium/run`, {});
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    return r.body.jobs as { id: string; requires: string }[];
  };

  beforeAll(async () => {
    dropNamespace();
    ip('netns', 'add', NS);
    ip('link', 'add', HOST_IF, 'type', 'veth', 'peer', 'name', NS_IF);
    ip('link', 'set', NS_IF, 'netns', NS);
    ip('addr', 'add', `${HOST_IP}/30`, 'dev', HOST_IF);
    ip('link', 'set', HOST_IF, 'up');
    ip('netns', 'exec', NS, 'ip', 'addr', 'add', `${NS_IP}/30`, 'dev', NS_IF);
    ip('netns', 'exec', NS, 'ip', 'link', 'set', NS_IF, 'up');
    ip('netns', 'exec', NS, 'ip', 'link', 'set', 'lo', 'up');

    cluster = await startPostgres();
    databaseUrl = await cluster.createDatabase('chainaudit_distributed');
    db = new pg.Client({ connectionString: databaseUrl });
    db.on('error', () => undefined);
    hostNode = await startAnvil();
    // Organisation B's node answers on its own namespace's loopback only.
    nsNode = launch('ip', ['netns', 'exec', NS, anvilBinary(), '--host', '127.0.0.1', '--port', '8545']);
    await nsNode.waitFor(/Listening on 127\.0\.0\.1:8545/);

    ports.a = await freePort();
    ports.b = await freePort();
    const a = await startServer('a');
    const link = (await a.waitFor(/(http:\/\/\S+\/setup\?token=\S+)/))[1];
    const setup = await new Client(url('a')).post('/api/v1/auth/setup', {
      token: new URL(link).searchParams.get('token'),
      username: 'admin',
      password: ADMIN_PASSWORD,
    });
    expect(setup.status).toBe(200);
    admin = await login(url('a'), 'admin', ADMIN_PASSWORD);
    await startServer('b');
    await db.connect();
    projectId = (await admin.post('/api/v1/projects', { name: 'consortium' })).body.id;
    const scope = [
      'name: consortium',
      'environment: test',
      'targets:',
      `  - { id: org-a-validator, kind: evm-node, rpc: "${hostNode.url}", chain: org-a, requires: { zone: org-a } }`,
      '  - { id: org-b-validator, kind: evm-node, rpc: "http://127.0.0.1:8545", chain: org-b, requires: { zone: org-b } }',
      '',
    ].join('\n');
    expect((await admin.put(`/api/v1/projects/${projectId}/scopes/consortium`, { yaml: scope })).status).toBe(200);
    for (let i = 0; i < 4; i++) {
      const t = await admin.post('/api/v1/tokens', { name: `worker ${i}`, scopes: ['worker'] });
      expect(t.status).toBe(201);
      tokens.push(t.body.token);
    }
  }, 180_000);

  afterAll(async () => {
    for (const w of Object.values(workers)) await w.kill();
    for (const s of Object.values(servers)) await s?.kill();
    await nsNode?.kill();
    await hostNode?.stop();
    await db?.end().catch(() => undefined);
    cluster?.stop();
    dropNamespace();
  }, 60_000);

  it('finishes every job exactly once through a killed worker, a database outage and a server restart', async () => {
    // Worker 1 takes the first org-a job and is killed in the middle of it.
    const w1 = startWorker('w1', 'org-a', [url('a'), url('b')]);
    await w1.waitFor(/asking/);
    const first = await runNow();
    expect(first.map((j) => j.requires).sort()).toEqual(['zone=org-a', 'zone=org-b']);
    const claimed = (await w1.waitFor(/claimed job (job_\w+)/, 60_000))[1];
    await w1.kill('SIGKILL');

    startWorker('w2', 'org-a', [url('a'), url('b')]);
    startWorker('w3', 'org-b', [url('b')], true);
    for (let i = 0; i < 3; i++) await runNow();
    await workers.w2.waitFor(/claimed job/);

    // PostgreSQL goes away for four seconds while jobs run.
    await cluster.pause(4_000);
    await db.end().catch(() => undefined);
    db = new pg.Client({ connectionString: databaseUrl });
    db.on('error', () => undefined);
    await db.connect();

    // Server A is killed and started again on the same port; the workers carry on through B meanwhile.
    await servers.a!.kill('SIGKILL');
    await new Promise((r) => setTimeout(r, 1_000));
    await startServer('a');
    admin = await login(url('a'), 'admin', ADMIN_PASSWORD);
    await runNow();

    const total = 10;
    const deadline = Date.now() + 180_000;
    let rows = await jobs();
    while (rows.filter((j) => j.state === 'done').length < total && Date.now() < deadline) {
      if (rows.some((j) => j.state === 'failed')) break;
      await new Promise((r) => setTimeout(r, 1_000));
      rows = await jobs();
    }
    expect(rows).toHaveLength(total);
    expect(
      rows.filter((j) => j.state !== 'done'),
      JSON.stringify(rows.filter((j) => j.state !== 'done')),
    ).toEqual([]);

    // the killed worker's job went to the other org-a worker
    const retried = rows.find((j) => j.id === claimed)!;
    expect(retried.attempts).toBeGreaterThanOrEqual(2);
    expect(retried.worker).toBe('worker:w2');
    // organisation B's jobs ran only inside organisation B
    for (const j of rows.filter((x) => x.requires === 'zone=org-b')) expect(j.worker).toBe('worker:w3');
    for (const j of rows.filter((x) => x.requires === 'zone=org-a')) expect(j.worker).toMatch(/^worker:w[12]$/);

    // one completion and one stored run per job
    const completions = (
      await db.query(
        `SELECT entity_id, count(*)::int AS n FROM audit_log WHERE action = 'job.complete' GROUP BY entity_id`,
      )
    ).rows as { entity_id: string; n: number }[];
    expect(completions).toHaveLength(total);
    expect(completions.every((c) => c.n === 1)).toBe(true);
    const runs = (await db.query('SELECT id, report_run_id, report FROM runs')).rows as {
      id: string;
      report_run_id: string;
      report: string;
    }[];
    expect(runs.map((r) => r.report_run_id).sort()).toEqual(rows.map((j) => j.id).sort());

    // every node was reached by the worker that ran it, and no finding exists twice
    const failing = new Set<string>();
    for (const r of runs) {
      const report = JSON.parse(r.report) as {
        findings: { checkId: string; targetId: string; status: string; fingerprint: string }[];
      };
      expect(report.findings.filter((f) => f.checkId === 'target.unreachable')).toEqual([]);
      for (const f of report.findings) if (f.status === 'fail' || f.status === 'warn') failing.add(f.fingerprint);
    }
    const findings = (await db.query('SELECT fingerprint FROM findings')).rows as { fingerprint: string }[];
    expect(findings.length).toBeGreaterThan(0);
    expect(new Set(findings.map((f) => f.fingerprint)).size).toBe(findings.length);
    expect(new Set(findings.map((f) => f.fingerprint))).toEqual(failing);
    const perRun = (await db.query('SELECT finding_id, count(*)::int AS n FROM finding_results GROUP BY finding_id'))
      .rows as {
      n: number;
    }[];
    expect(Math.max(...perRun.map((p) => p.n))).toBeLessThanOrEqual(total / 2);
  }, 400_000);
});

// Monitoring benchmark: `node --import tsx bench/monitoring/bench.mjs [--targets 1000] [--real 8]
// [--engine sqlite|postgres|both] [--queue-jobs 2000]`.
//
// 1,000 targets, each on its own schedule, all due in the same minute with 30 s of jitter. The
// first --real of them are real anvil nodes, audited for real by the workers; the others replay a
// recorded audit of one of those nodes under their own target id (a thousand live nodes do not fit
// on two cores). Sixteen worker loops pull the jobs over HTTP as `chainaudit worker` does.
// Printed: schedule drift (claim time − slot + jitter; target ≤ 60 s), alert latency from the end
// of a run to a webhook receiving its new-finding alert (p95 target ≤ 60 s), and jobs per second
// through each queue engine, bare and through the monitoring job layer (queue + lease + upload).
import { setMaxListeners } from 'node:events';
import { createServer } from 'node:http';
import { availableParallelism, loadavg } from 'node:os';
import { createHash } from 'node:crypto';
import { startAnvil } from '../../src/nodes/anvil.ts';
import { executeClaim } from '../../src/server/monitoring/execute.ts';
import { claimJob, completeJob, queueJob } from '../../src/server/queue/jobs.ts';
import { reportSchema } from '../../src/server/report-input.ts';
import { Worker } from '../../src/worker/run.ts';
import { Client, firstAdmin, newToken, startTestServer } from '../../test/server/support/harness.ts';
import { postgresBin, startPostgres } from '../../test/server/support/postgres.ts';
import { buildReport } from '../../test/server/support/reports.ts';

const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const TARGETS = Number(opt('--targets', 1000));
const REAL = Number(opt('--real', 8));
const ENGINE = opt('--engine', 'both');
const QUEUE_JOBS = Number(opt('--queue-jobs', 2000));
const JITTER_S = 30;
const WORKER_LOOPS = 16;

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const fmt = (ms) => `${(ms / 1000).toFixed(1)} s`;

/** A recorded audit replayed under another target id: fingerprints are the target's own. */
function replay(recorded, claim) {
  const target = claim.plan.targets[0];
  const now = new Date().toISOString();
  const a = structuredClone(recorded);
  a.run.id = claim.jobId;
  a.run.started = now;
  a.run.finished = now;
  a.run.targets = a.run.targets.map((t) => ({ ...t, id: target, name: target }));
  a.run.scopeName = claim.scopeName;
  for (const f of a.findings) {
    f.fingerprint = createHash('sha256').update(`${f.fingerprint}\0${target}`).digest('hex').slice(0, 16);
    f.targetId = target;
  }
  return a;
}

async function scheduledRun(engine, databaseUrl, nodes) {
  const received = [];
  const hook = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      received.push({ at: Date.now(), body: JSON.parse(Buffer.concat(chunks).toString()) });
      res.writeHead(204).end();
    });
  });
  await new Promise((r) => hook.listen(0, '127.0.0.1', r));
  const server = await startTestServer({ databaseUrl, localJobs: 0 });
  const stop = new AbortController();
  // every worker loop listens on this one signal (twice while it runs a job)
  setMaxListeners(WORKER_LOOPS * 3, stop.signal);
  try {
    const admin = await firstAdmin(server);
    const projectId = (await admin.post('/api/v1/projects', { name: `bench ${engine}` })).body.id;
    const api = (p) => `/api/v1/projects/${projectId}${p}`;
    const targets = [];
    for (let i = 0; i < TARGETS; i++) {
      const real = i < nodes.length;
      targets.push(
        `  - { id: t${i}, kind: evm-node, rpc: "${real ? nodes[i].url : 'http://127.0.0.1:9'}", chain: c${i}${real ? ', tags: [real]' : ''} }`,
      );
    }
    // Monitoring runs are assessed against the monitoring report's framework.
    const put = await admin.put(api('/scopes/fleet'), {
      yaml: `name: fleet\nenvironment: test\nframeworks: [monitoring-report]\ntargets:\n${targets.join('\n')}\n`,
    });
    if (put.status !== 200) throw new Error(`scope: ${JSON.stringify(put.body)}`);
    const channel = await admin.post(api('/alert-channels'), {
      name: 'bench hook',
      kind: 'webhook',
      config: { url: `http://127.0.0.1:${hook.address().port}/hook`, secret: 'bench-secret-0123456789' },
    });
    await admin.post(api('/alert-rules'), {
      name: 'new',
      events: ['new-finding'],
      minSeverity: 'info',
      channelId: channel.body.id,
    });

    // One real audit first: the recording the other targets replay, and a warm frameworks cache.
    const claimFor = (jobId, target) => ({
      jobId,
      scopeName: 'fleet',
      scopeYaml: `name: fleet\nenvironment: test\nframeworks: [monitoring-report]\ntargets:\n  - { id: ${target}, kind: evm-node, rpc: "${nodes[0].url}", chain: c0 }\n`,
      plan: {
        targets: [target],
        only: [],
        intrusive: false,
        active: false,
        windowPolicy: 'none',
        windows: [],
        timezone: 'UTC',
      },
    });
    const recorded = await executeClaim(claimFor('recording', 't0'), new AbortController().signal, 4);

    // Every target's schedule falls due in the same minute, at least 70 s from now.
    const slot = new Date(Math.ceil((Date.now() + 70_000) / 60_000) * 60_000);
    const cron = `${slot.getUTCMinutes()} ${slot.getUTCHours()} * * *`;
    const t0 = performance.now();
    const db = server.ctx.db.db;
    for (let i = 0; i < TARGETS; i++) {
      const r = await admin.post(api('/schedules'), {
        name: `s${i}`,
        scope: 'fleet',
        targets: [`t${i}`],
        cron,
        timezone: 'UTC',
        jitterSeconds: JITTER_S,
      });
      if (r.status !== 201) throw new Error(`schedule ${i}: ${JSON.stringify(r.body)}`);
    }
    const createMs = performance.now() - t0;

    const token = await newToken(admin, ['worker']);
    const workerDone = new Worker({
      servers: [server.url],
      token,
      name: `bench-${engine}`,
      labels: {},
      jobs: WORKER_LOOPS,
      pollMs: 250,
      checkConcurrency: 4,
      version: 'bench',
      log: () => undefined,
      signal: stop.signal,
      execute: (claim, signal, c) =>
        Number(claim.plan.targets[0].slice(1)) < nodes.length
          ? executeClaim(claim, signal, c)
          : Promise.resolve(replay(recorded, claim)),
    }).run();
    // The servers' minute cron queues the slot ahead; wait for every job to finish.
    const deadline = Date.now() + 10 * 60_000;
    let rows = [];
    for (;;) {
      await new Promise((r) => setTimeout(r, 2_000));
      rows = await db
        .selectFrom('monitor_jobs')
        .select(['state', 'slot', 'not_before', 'started_at', 'run_id'])
        .execute();
      if (rows.length >= TARGETS && rows.every((j) => j.state === 'done' || j.state === 'failed')) break;
      if (Date.now() > deadline) throw new Error(`jobs still open: ${rows.filter((j) => j.state !== 'done').length}`);
    }
    // let the last alerts arrive
    const alertDeadline = Date.now() + 90_000;
    while (
      new Set(received.flatMap((r) => r.body.events.map((e) => e.runId))).size < TARGETS &&
      Date.now() < alertDeadline
    )
      await new Promise((r) => setTimeout(r, 500));
    stop.abort();
    await workerDone;

    const failed = rows.filter((j) => j.state !== 'done').length;
    const drift = rows.filter((j) => j.started_at).map((j) => Date.parse(j.started_at) - Date.parse(j.not_before));
    const lateVsSlot = rows.filter((j) => j.started_at).map((j) => Date.parse(j.started_at) - Date.parse(j.slot));
    const finished = new Map(
      (await db.selectFrom('runs').select(['id', 'finished']).execute()).map((r) => [r.id, Date.parse(r.finished)]),
    );
    const latency = [];
    const firstAlert = new Map();
    for (const r of received)
      for (const e of r.body.events)
        if (!firstAlert.has(e.runId)) firstAlert.set(e.runId, r.at - finished.get(e.runId));
    for (const v of firstAlert.values()) latency.push(v);
    return {
      engine,
      createMs,
      jobs: rows.length,
      failed,
      driftP50: pct(drift, 50),
      driftP95: pct(drift, 95),
      driftMax: Math.max(...drift),
      slotMax: Math.max(...lateVsSlot),
      alerts: latency.length,
      latencyP50: pct(latency, 50),
      latencyP95: pct(latency, 95),
      latencyMax: Math.max(...latency),
    };
  } finally {
    stop.abort();
    await server.stop();
    await new Promise((r) => hook.close(r));
  }
}

/** Jobs per second: the bare engine (send, fetch, complete), then the monitoring job layer around it. */
async function queueThroughput(engine, databaseUrl) {
  const server = await startTestServer({ databaseUrl, localJobs: 0 });
  try {
    const admin = await firstAdmin(server);
    const projectId = (await admin.post('/api/v1/projects', { name: `queue ${engine}` })).body.id;
    await admin.put(`/api/v1/projects/${projectId}/scopes/one`, {
      yaml: 'name: one\nenvironment: test\ntargets:\n  - { id: n, kind: evm-node, rpc: "http://127.0.0.1:9" }\n',
    });
    const queue = server.ctx.monitor.queue;
    const ids = Array.from({ length: QUEUE_JOBS }, (_, i) => `bare-${i}`);
    let t = performance.now();
    for (const id of ids) await queue.send('bench.bare', id, { retries: 0 });
    const bareSend = QUEUE_JOBS / ((performance.now() - t) / 1000);
    t = performance.now();
    let n = 0;
    for (;;) {
      const j = await queue.fetch('bench.bare');
      if (!j) break;
      await queue.complete('bench.bare', j);
      n++;
    }
    const bareTake = n / ((performance.now() - t) / 1000);

    const plan = {
      targets: ['n'],
      only: [],
      intrusive: false,
      active: false,
      windowPolicy: 'none',
      windows: [],
      timezone: 'UTC',
    };
    const layerJobs = Math.min(QUEUE_JOBS, 1000);
    t = performance.now();
    for (let i = 0; i < layerJobs; i++)
      await queueJob(server.ctx, queue, {
        projectId,
        kind: 'manual',
        dedupeKey: `q${i}`,
        scopeName: 'one',
        plan,
        requires: '',
        notBefore: new Date(),
        actor: 'bench',
      });
    const layerQueue = layerJobs / ((performance.now() - t) / 1000);
    const template = buildReport('template', [{ checkId: 'evm.rpc.client-version', targetId: 'n', status: 'pass' }]);
    const tiny = (jobId) => ({ ...template, run: { ...template.run, id: jobId, scopeName: 'one' } });
    t = performance.now();
    let done = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (;;) {
          const c = await claimJob(server.ctx, queue, 'bench', null);
          if (!c) return;
          const raw = JSON.stringify(tiny(c.jobId));
          await completeJob(server.ctx, queue, c.jobId, c.token, reportSchema.parse(JSON.parse(raw)), raw);
          done++;
        }
      }),
    );
    const layerRun = done / ((performance.now() - t) / 1000);
    return { engine, bareSend, bareTake, layerQueue, layerRun, layerJobs: done };
  } finally {
    await server.stop();
  }
}

const engines = ENGINE === 'both' ? ['sqlite', 'postgres'] : [ENGINE];
let cluster;
const nodes = [];
try {
  for (let i = 0; i < REAL; i++) nodes.push(await startAnvil());
  if (engines.includes('postgres')) {
    if (!postgresBin()) throw new Error('PostgreSQL server binaries not found (apt-get install postgresql)');
    cluster = await startPostgres();
  }
  console.log(
    `machine: ${availableParallelism()} cores, load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  console.log(
    `${TARGETS} scheduled targets (${nodes.length} real anvil nodes, the rest replaying a recorded audit), jitter ${JITTER_S} s, ${WORKER_LOOPS} worker loops`,
  );
  for (const engine of engines) {
    const url = engine === 'postgres' ? await cluster.createDatabase(`bench_sched_${Date.now()}`) : undefined;
    const r = await scheduledRun(engine, url, nodes);
    console.log(
      `${engine.padEnd(8)} ${r.jobs} jobs (${r.failed} failed), ${TARGETS} schedules created in ${fmt(r.createMs)}\n` +
        `         schedule drift p50 ${fmt(r.driftP50)}, p95 ${fmt(r.driftP95)}, max ${fmt(r.driftMax)} (target ≤ 60 s)` +
        ` ${r.driftMax <= 60_000 ? 'OK' : 'MISSED'}; latest start after its slot ${fmt(r.slotMax)}\n` +
        `         alert latency after a run ends: ${r.alerts} runs alerted, p50 ${fmt(r.latencyP50)}, p95 ${fmt(r.latencyP95)}, max ${fmt(r.latencyMax)} (target p95 ≤ 60 s) ${r.latencyP95 <= 60_000 ? 'OK' : 'MISSED'}`,
    );
  }
  for (const engine of engines) {
    const url = engine === 'postgres' ? await cluster.createDatabase(`bench_queue_${Date.now()}`) : undefined;
    const q = await queueThroughput(engine, url);
    console.log(
      `${engine.padEnd(8)} queue: bare engine ${q.bareSend.toFixed(0)} sends/s, ${q.bareTake.toFixed(0)} fetch+complete/s; ` +
        `monitoring layer ${q.layerQueue.toFixed(0)} jobs queued/s, ${q.layerRun.toFixed(0)} jobs claimed, leased and stored/s (each a full report; 8 runners, ${q.layerJobs} jobs) — ` +
        `layer/bare ${(q.layerRun / q.bareTake).toFixed(2)}×`,
    );
  }
} finally {
  for (const n of nodes) await n.stop();
  cluster?.stop();
}

// Starts N real anvil nodes, audits them all in one run with the passive EVM checks, and
// compares against the one-call exposure probe that generic scanners run (web3_clientVersion).
//   npx tsx bench/nodes/audit-100.mjs [nodes=100] [concurrency=32]
import { readFileSync } from 'node:fs';
import { startAnvil } from '../../src/nodes/anvil.ts';
import { evmChecks } from '../../src/checks/evm/index.ts';
import { runAudit } from '../../src/engine/run.ts';
import { scopeSchema } from '../../src/scope/schema.ts';
import { RpcClient } from '../../src/clients/rpc.ts';

const count = Number(process.argv[2] ?? 100);
const concurrency = Number(process.argv[3] ?? 32);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const rssKiB = (pid) => {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
};

const nodes = [];
try {
  let t = performance.now();
  for (let i = 0; i < count; i += 10) {
    nodes.push(
      ...(await Promise.all(
        Array.from({ length: Math.min(10, count - i) }, () => startAnvil({ startTimeoutMs: 60_000 })),
      )),
    );
  }
  const startMs = performance.now() - t;

  const parsed = scopeSchema.parse({
    name: `bench-${count}-anvil`,
    environment: 'test',
    targets: nodes.map((n, i) => ({ kind: 'evm-node', id: `anvil-${i}`, rpc: n.url, chain: 'bench' })),
  });
  const scope = { ...parsed, file: '<bench>', dir: process.cwd() };
  const checks = evmChecks.filter((c) => c.meta.level === 'passive');

  t = performance.now();
  const peer = await Promise.all(
    nodes.map((n) => new RpcClient({ url: n.url, timeoutMs: 10_000 }).call('web3_clientVersion')),
  );
  const peerMs = performance.now() - t;

  const rssBefore = process.memoryUsage().rss;
  t = performance.now();
  const run = await runAudit({ scope, checks, options: { intrusive: false, active: false }, concurrency });
  const auditMs = performance.now() - t;
  const toolPeakMiB = process.resourceUsage().maxRSS / 1024;

  // One duration per (check, node) task; a task with several results repeats it on each.
  const taskMs = new Map(run.findings.map((f) => [`${f.checkId}\0${f.targetId}`, [f.targetId, f.durationMs ?? 0]]));
  const perNode = new Map();
  for (const [target, ms] of taskMs.values()) perNode.set(target, (perNode.get(target) ?? 0) + ms);
  const nodeRss = nodes.map((n) => rssKiB(n.pid) / 1024);
  const errors = run.findings.filter((f) => f.status === 'error');

  console.log(
    `nodes: ${count} anvil (started in ${(startMs / 1000).toFixed(1)} s), checks: ${checks.length} passive, engine concurrency ${concurrency}`,
  );
  console.log(
    `audit wall: ${(auditMs / 1000).toFixed(2)} s  (${(count / (auditMs / 1000)).toFixed(1)} nodes/s, ${run.findings.length} findings, ${errors.length} errors)`,
  );
  console.log(
    `per node: median check time ${median([...perNode.values()]).toFixed(0)} ms (sum over checks), audit wall / node ${(auditMs / count).toFixed(1)} ms`,
  );
  console.log(
    `peer (web3_clientVersion only, as exposure templates do): ${peerMs.toFixed(0)} ms; ratio audit/peer ${(auditMs / peerMs).toFixed(1)}x for ${checks.length} checks instead of 1 call`,
  );
  console.log(
    `memory: tool rss ${(rssBefore / 1048576).toFixed(0)} MiB before, peak ${toolPeakMiB.toFixed(0)} MiB; anvil rss median ${median(nodeRss).toFixed(1)} MiB, peak ${Math.max(...nodeRss).toFixed(1)} MiB`,
  );
  if (errors.length)
    console.log(
      'errors:',
      errors.slice(0, 5).map((e) => `${e.checkId}@${e.targetId}: ${e.message}`),
    );
} finally {
  await Promise.all(nodes.map((n) => n.stop()));
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLitecoinNetwork, type LitecoinNetwork } from '../../src/nodes/litecoin.js';
import { runAudit } from '../../src/engine/run.js';
import { registry } from '../../src/checks/index.js';
import { hasBinary, prerequisite } from '../support/prereq.js';
import { audit, makeScope, nodeTarget, one } from '../bitcoin/harness.js';

const ready = prerequisite('litecoind', hasBinary('litecoind'), 'apt-get install -y litecoind');
const CHAIN = 'chain:ltc';
const MULTI = [
  'network.head-agreement',
  'network.fork-detection',
  'network.sync-lag',
  'network.chain-agreement',
  'network.idempotence',
  'network.node-monitoring',
  'network.block-production',
];

/** Multi-node checks over one real three-node litecoind regtest network, healthy and then disturbed. */
describe.runIf(ready)('multi-node checks against a real litecoind network', () => {
  let net: LitecoinNetwork;
  let scope: ReturnType<typeof makeScope>;

  beforeAll(async () => {
    net = await startLitecoinNetwork({ nodes: 3, auth: 'hardened' });
    await net.mine(30, 0);
    await net.waitForSync();
    scope = makeScope(
      net.nodes.map((n, i) =>
        nodeTarget(n, `ltc${i}`, { chain: 'ltc', expect: { maxLagBlocks: 2, blockIntervalSeconds: 150 } }),
      ),
    );
  }, 120_000);

  afterAll(async () => {
    await net?.stop();
  });

  it('a healthy network passes every multi-node check', async () => {
    const findings = await audit(scope, MULTI);
    for (const f of findings) expect(f.status, `${f.checkId}/${f.targetId}: ${f.message}`).toBe('pass');
    expect(findings.filter((f) => f.checkId === 'network.sync-lag')).toHaveLength(3);
    expect(findings.every((f) => f.targetId === CHAIN)).toBe(true);
  });

  it('a single node of a chain gets not-applicable for the comparison checks', async () => {
    const alone = makeScope([nodeTarget(net.node(0), 'alone', { chain: 'solo' })]);
    const findings = await audit(alone, ['network.head-agreement', 'network.fork-detection']);
    expect(findings.map((f) => f.status)).toEqual(['not-applicable', 'not-applicable']);
  });

  it('a node stopped mid-run is caught by monitoring, head agreement and sync lag, and passes again once restarted', async () => {
    const checks = registry.filter((c) => c.meta.id === 'network.node-monitoring');
    const running = runAudit({ scope, checks, options: { intrusive: false, active: false } });
    await new Promise((r) => setTimeout(r, 900));
    await net.stopNode(2);
    const monitored = (await running).findings[0];
    expect(monitored.status).toBe('fail');
    expect(monitored.message).toContain('ltc2');
    expect(monitored.evidence.find((e) => e.label === 'ltc2 peers per sample')?.value).toMatch(/\d → .*down/);

    await net.mine(5, 0);
    const checks3 = registry.filter((c) =>
      ['network.head-agreement', 'network.sync-lag', 'network.fork-detection'].includes(c.meta.id),
    );
    const down = await runAudit({ scope, checks: checks3, options: { intrusive: false, active: false } });
    // The stopped node is one finding; the chain checks look at the nodes that answer and say so.
    expect(one(down.findings, 'target.unreachable', 'ltc2').status).toBe('error');
    expect(one(down.findings, 'network.head-agreement', CHAIN).status).toBe('pass');
    expect(one(down.findings, 'network.sync-lag', CHAIN, 'ltc0').status).toBe('pass');
    expect(down.findings.filter((f) => f.checkId === 'network.sync-lag')).toHaveLength(2);
    expect(down.notRun.map((n) => n.reason)).toEqual(Array(3).fill(expect.stringContaining('ran on 2 of 3 nodes')));

    await net.restartNode(2);
    await net.waitForSync();
    const back = await audit(scope, ['network.head-agreement', 'network.sync-lag']);
    expect(back.map((f) => f.status)).toEqual(['pass', 'pass', 'pass', 'pass']);
  }, 120_000);

  it('a node that falls behind beyond the tolerance fails head agreement and sync lag', async () => {
    await net.node(2).call('setnetworkactive', [false]);
    try {
      await net.waitFor(
        'node 2 disconnected',
        async () => (await net.node(2).call<number>('getconnectioncount')) === 0,
        30_000,
      );
      await net.mine(4, 0);
      await net.waitFor(
        'nodes 0 and 1 in sync',
        async () =>
          (await net.node(1).call<string>('getbestblockhash')) === (await net.node(0).call<string>('getbestblockhash')),
        30_000,
      );
      const lagging = await audit(scope, ['network.head-agreement', 'network.sync-lag']);
      expect(one(lagging, 'network.head-agreement', CHAIN).message).toMatch(/differ by 4 blocks/);
      expect(one(lagging, 'network.sync-lag', CHAIN, 'ltc2').message).toContain('trails by 4 blocks');
    } finally {
      await net.node(2).call('setnetworkactive', [true]);
      await net.connectAll();
      await net.waitForSync();
    }
  }, 90_000);

  it('a partition that mines on both sides is a fork: detected across nodes and as a side branch after it heals', async () => {
    await net.node(2).call('setnetworkactive', [false]);
    await net.waitFor(
      'node 2 disconnected',
      async () => (await net.node(2).call<number>('getconnectioncount')) === 0,
      30_000,
    );
    // Blocks mined to the same script on the same parent within one second are identical, so the
    // isolated side mines to another script.
    const other = (await net.node(2).call<{ descriptor: string }>('getdescriptorinfo', ['raw(52)'])).descriptor;
    await net.mine(2, 0);
    await net.mine(3, 2, other);
    await net.waitFor(
      'nodes 0 and 1 in sync',
      async () =>
        (await net.node(1).call<string>('getbestblockhash')) === (await net.node(0).call<string>('getbestblockhash')),
      30_000,
    );
    const forked = await audit(scope, ['network.fork-detection', 'network.idempotence']);
    expect(one(forked, 'network.fork-detection', CHAIN).status).toBe('fail');
    expect(one(forked, 'network.fork-detection', CHAIN).message).toMatch(/^fork at height \d+/);
    expect(one(forked, 'network.idempotence', CHAIN).status).toBe('fail');

    await net.node(2).call('setnetworkactive', [true]);
    await net.connectAll();
    await net.waitForSync();
    const healed = await audit(scope, ['network.fork-detection', 'bitcoin.chain.tips']);
    expect(one(healed, 'network.fork-detection', CHAIN).status).toBe('pass');
    const tips = one(healed, 'bitcoin.chain.tips', 'ltc0');
    expect(tips.status).toBe('warn');
    expect(tips.message).toContain('short side branch');
  }, 90_000);

  it('block production: a chain without new blocks for 6 intervals has stalled', async () => {
    const strict = makeScope(
      net.nodes.map((n, i) => nodeTarget(n, `ltc${i}`, { chain: 'ltc', expect: { blockIntervalSeconds: 1 } })),
    );
    // Regtest blocks mined in a burst carry timestamps up to several seconds ahead (each must exceed
    // the median of the previous 11), so wait until the tip is more than 6 intervals old by its own time.
    const tipTime = (
      await net.node(0).call<{ time: number }>('getblockheader', [await net.node(0).call<string>('getbestblockhash')])
    ).time;
    const waitMs = Math.min(45_000, Math.max(0, (tipTime + 7) * 1000 - Date.now()));
    await new Promise((r) => setTimeout(r, waitMs));
    const [f] = await audit(strict, ['network.block-production']);
    expect(f.status).toBe('fail');
    expect(f.message).toContain('production has stalled');
    const onDemand = makeScope(net.nodes.map((n, i) => nodeTarget(n, `ltc${i}`, { chain: 'ltc' })));
    const [g] = await audit(onDemand, ['network.block-production']);
    expect(g.status).toBe('not-applicable');
  }, 90_000);

  it('an alien node of another chain in the group fails chain agreement', async () => {
    const alien = await startLitecoinNetwork({ nodes: 1, auth: 'hardened', network: 'test' });
    try {
      const mixed = makeScope([
        nodeTarget(net.node(0), 'ltc0', { chain: 'ltc' }),
        nodeTarget(alien.node(0), 'stranger', { chain: 'ltc' }),
      ]);
      const [f] = await audit(mixed, ['network.chain-agreement']);
      expect(f.status).toBe('fail');
      expect(f.evidence.map((e) => e.value).join(' ')).toMatch(/chain regtest.*chain test/);
    } finally {
      await alien.stop();
    }
  }, 120_000);
});

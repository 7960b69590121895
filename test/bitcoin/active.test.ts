import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/model.js';
import { startLitecoinNetwork, type LitecoinNetwork } from '../../src/nodes/litecoin.js';
import { CASES } from '../../src/checks/bitcoin/consensus-illegal-transactions.js';
import { hasBinary, prerequisite } from '../support/prereq.js';
import { audit, makeScope, nodeTarget, one } from './harness.js';

const ready = prerequisite('litecoind', hasBinary('litecoind'), 'apt-get install -y litecoind');
const ACTIVE = { intrusive: false, active: true };

/** The 等保 blockchain-evaluation consensus procedures executed on a real three-node litecoind regtest network. */
describe.runIf(ready)('active consensus procedures on a real litecoind network', () => {
  let net: LitecoinNetwork;
  let scope: ReturnType<typeof makeScope>;
  let findings: Finding[];

  beforeAll(async () => {
    net = await startLitecoinNetwork({ nodes: 3, auth: 'hardened' });
    await net.mine(101, 0);
    await net.waitForSync();
    scope = makeScope(net.nodes.map((n, i) => nodeTarget(n, `ltc${i}`, { chain: 'ltc-active' })));
    findings = await audit(
      scope,
      [
        'bitcoin.consensus.illegal-transactions',
        'bitcoin.consensus.legal-transaction',
        'bitcoin.consensus.node-outage',
      ],
      ACTIVE,
    );
  }, 300_000);

  afterAll(async () => {
    await net?.stop();
  });

  it('holds the procedures back unless active checks are allowed', async () => {
    const held = await audit(scope, ['bitcoin.consensus.illegal-transactions']);
    expect(held).toEqual([]);
  });

  it("every illegal transaction is rejected by every node with the node's own error", () => {
    for (const c of CASES) {
      const f = one(findings, 'bitcoin.consensus.illegal-transactions', 'chain:ltc-active', c.name);
      expect(f.status, `${c.name}: ${f.message}`).toBe('pass');
      const answers = f.evidence.filter((e) => e.label.endsWith('sendrawtransaction'));
      expect(answers.map((a) => a.label)).toEqual([
        'ltc0 sendrawtransaction',
        'ltc1 sendrawtransaction',
        'ltc2 sendrawtransaction',
      ]);
      for (const a of answers) {
        expect(a.value, c.name).toMatch(/^rejected -\d+: /);
        expect(a.value, c.name).toMatch(c.expected);
      }
      expect(f.items).toContain('DJCP.CONSENSUS.EFFECTIVENESS');
      expect(f.evidence.find((e) => e.label === 'procedure')?.value).toBeTruthy();
      expect(f.evidence.find((e) => e.label === 'expected effect')?.value).toContain('every node refuses it');
    }
  });

  it('reports the real Core rejection codes', () => {
    const answer = (name: string) =>
      one(findings, 'bitcoin.consensus.illegal-transactions', 'chain:ltc-active', name).evidence.find(
        (e) => e.label === 'ltc1 sendrawtransaction',
      )!.value;
    expect(answer('garbage')).toMatch(/^rejected -22: TX decode failed/);
    expect(answer('double-spend-mempool')).toMatch(/^rejected -26: txn-mempool-conflict/);
    expect(answer('immature-coinbase')).toMatch(/^rejected -26: bad-txns-premature-spend-of-coinbase/);
    expect(answer('outputs-exceed-inputs')).toMatch(/^rejected -26: bad-txns-in-belowout/);
    expect(answer('missing-inputs')).toMatch(/^rejected -25: /);
    expect(answer('bad-signature')).toMatch(/^rejected -26: (mandatory|non-mandatory)-script-verify-flag-failed/);
  });

  it('a legal transaction lands identically on every node', () => {
    const f = one(findings, 'bitcoin.consensus.legal-transaction', 'chain:ltc-active', 'legal');
    expect(f.status, f.message).toBe('pass');
    const views = f.evidence.filter((e) => e.label.includes('getrawtransaction'));
    expect(views).toHaveLength(3);
    for (const v of views) expect(v.value).toContain('identical bytes');
  });

  it('stopping one managed node: the others keep producing, and the node catches up after restart', async () => {
    const outage = one(findings, 'bitcoin.consensus.node-outage', 'chain:ltc-active', 'outage');
    expect(outage.status, outage.message).toBe('pass');
    expect(outage.evidence.find((e) => e.label === 'ltc2 after stop')?.value).toMatch(/unreachable/);
    expect(one(findings, 'bitcoin.consensus.node-outage', 'chain:ltc-active', 'catch-up').status).toBe('pass');
    expect(net.node(2).running).toBe(true);
    const tips = await Promise.all(net.nodes.map((n) => n.call<string>('getbestblockhash')));
    expect(new Set(tips).size).toBe(1);
  });

  it('never stops a node the tool did not start', async () => {
    const other = await startLitecoinNetwork({ nodes: 1, auth: 'hardened' });
    try {
      // Running and answering, but not started by this tool as far as the audit can tell.
      other.node(0).forget();
      const foreign = makeScope([
        nodeTarget(net.node(0), 'a', { chain: 'x' }),
        nodeTarget(other.node(0), 'b', { chain: 'x' }),
      ]);
      const [f] = await audit(foreign, ['bitcoin.consensus.node-outage'], ACTIVE);
      expect(f.status).toBe('not-applicable');
      expect(f.message).toContain('b is not managed');
      expect(net.node(0).running).toBe(true);
      expect(await other.node(0).call<number>('getblockcount')).toBeGreaterThanOrEqual(0);
    } finally {
      await other.stop();
    }
  });

  it('refuses to run on a mainnet node', async () => {
    const main = await startLitecoinNetwork({ nodes: 1, auth: 'hardened', network: 'main' });
    try {
      const mainScope = makeScope([nodeTarget(main.node(0), 'mainnet-node', { chain: 'ltc-main' })]);
      const found = await audit(
        mainScope,
        ['bitcoin.consensus.illegal-transactions', 'bitcoin.consensus.legal-transaction'],
        ACTIVE,
      );
      expect(found.map((f) => f.status)).toEqual(['not-applicable', 'not-applicable']);
      expect(found[0].message).toContain('mainnet');
      expect(await main.node(0).call<number>('getblockcount')).toBe(0);
    } finally {
      await main.stop();
    }
  }, 120_000);
});

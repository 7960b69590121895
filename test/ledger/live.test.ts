import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withItems } from '../support/frameworks.js';
import { verifyLedger } from '../../src/analyzers/ledger/index.js';
import { rpcClientFor } from '../../src/analyzers/ledger/rpc.js';
import { registry } from '../../src/checks/index.js';
import { runAudit } from '../../src/engine/run.js';
import { startAnvil, type ManagedNode } from '../../src/nodes/anvil.js';
import { startLitecoinNetwork, OP_TRUE_DESCRIPTOR, type LitecoinNetwork } from '../../src/nodes/litecoin.js';
import { scopeSchema, type Scope } from '../../src/scope/schema.js';
import { hasBinary, prerequisite } from '../support/prereq.js';

const ledgerCheckIds = registry.filter((c) => c.meta.id.startsWith('ledger.')).map((c) => c.meta.id);

function scopeOf(targets: Record<string, unknown>[]): Scope {
  return {
    ...scopeSchema.parse({ name: 'ledger live test', environment: 'test', targets }),
    file: '/tmp/scope.yaml',
    dir: '/tmp',
  };
}

async function ledgerFindings(scope: Scope) {
  const run = await runAudit({
    scope,
    checks: registry.filter((c) => ledgerCheckIds.includes(c.meta.id)),
    options: { intrusive: false, active: false },
    concurrency: 2,
  });
  return withItems(run.findings);
}

describe('Ethereum ledger from a live node (anvil)', () => {
  let node: ManagedNode;
  let defaults: ManagedNode;
  beforeAll(async () => {
    defaults = await startAnvil();
    await rpcClientFor(defaults.url).result('evm_mine');
    await rpcClientFor(defaults.url).result('evm_mine');
    // A zero base fee and one second between blocks keep anvil within the consensus rules checked here.
    node = await startAnvil({ args: ['--block-base-fee-per-gas', '0'] });
    const rpc = rpcClientFor(node.url);
    await rpc.result('anvil_setBlockTimestampInterval', [1]);
    const accounts = await rpc.result<string[]>('eth_accounts');
    await rpc.result('eth_sendTransaction', [{ from: accounts[0], to: accounts[1], value: '0x1000' }]);
    await rpc.result('eth_sendTransaction', [
      { from: accounts[1], to: accounts[2], value: '0x2000', gasPrice: '0x3b9aca00' },
    ]);
    await rpc.result('eth_sendTransaction', [{ from: accounts[2], data: '0x6001600155', gas: '0x30000' }]);
    await rpc.result('eth_sendTransaction', [
      {
        from: accounts[3],
        to: accounts[0],
        value: '0x1',
        accessList: [{ address: accounts[4], storageKeys: [`0x${'00'.repeat(31)}01`] }],
      },
    ]);
  });
  afterAll(async () => Promise.all([node?.stop(), defaults?.stop()]));

  it("anvil's default automining breaks consensus rules, and the verifier says where", async () => {
    const r = await verifyLedger({ format: 'ethereum-rpc', source: defaults.url, rpc: rpcClientFor(defaults.url) });
    const first = r.issues.filter((i) => i.height === 1).map((i) => `${i.field}:${i.rule}`);
    expect(first).toEqual(expect.arrayContaining(['baseFeePerGas:base-fee']));
    expect(r.issues.find((i) => i.rule === 'base-fee')).toMatchObject({ expected: '875000000', actual: '1000000000' });
  });

  it('every block verifies: header hash, tx root, receipts root (eth_getBlockReceipts), senders', async () => {
    const r = await verifyLedger({ format: 'ethereum-rpc', source: node.url, rpc: rpcClientFor(node.url) });
    expect(r.issues).toEqual([]);
    expect(r.blocks).toBe(5);
    expect(r.verified.receiptsRoot).toBe(5);
    expect(
      Object.entries(r.verified)
        .filter(([k]) => k.startsWith('sender recovery'))
        .reduce((a, [, n]) => a + n, 0),
    ).toBe(4);
    expect(r.verified['parent linkage']).toBe(4);
  });

  it('ledger checks through a scope: node referenced by target id', async () => {
    const findings = await ledgerFindings(
      scopeOf([
        { id: 'anvil', kind: 'evm-node', rpc: node.url },
        { id: 'chain', kind: 'ledger', format: 'ethereum-rpc', node: 'anvil', from: 1 },
      ]),
    );
    const byCheck = Object.fromEntries(findings.map((f) => [f.checkId, f.status]));
    expect(byCheck).toEqual({
      'ledger.storage-integrity': 'pass',
      'ledger.format-standard': 'pass',
      'ledger.non-repudiation': 'pass',
      'ledger.block-verification': 'pass',
      'ledger.synchronization': 'pass',
      'ledger.idempotence': 'pass',
    });
    expect(findings.find((f) => f.checkId === 'ledger.non-repudiation')!.items).toContain(
      'DJCP.LEDGER.NON_REPUDIATION',
    );
  });
});

describe('Bitcoin-family ledger from live nodes (litecoind regtest, scrypt proof of work)', () => {
  let net: LitecoinNetwork | undefined;
  beforeAll(async () => {
    if (!prerequisite('litecoind', hasBinary('litecoind'), 'apt-get install litecoind')) return;
    net = await startLitecoinNetwork({ nodes: 2, wallet: 'disabled' });
    await net.node(0).call('generatetodescriptor', [30, OP_TRUE_DESCRIPTOR]);
    await net.waitFor(
      'both nodes at height 30',
      async () => (await net!.node(1).call<number>('getblockcount')) === 30,
      30_000,
    );
  }, 120_000);
  afterAll(async () => net?.stop());

  const url = (i: number) => {
    const n = net!.node(i);
    return `http://${n.user}:${encodeURIComponent(n.password)}@127.0.0.1:${n.rpcPort}/`;
  };

  it('blocks 0–30 verify: scrypt PoW, Merkle roots, hash chain, MTP', async () => {
    if (!net) return;
    const r = await verifyLedger({ format: 'bitcoin-rpc', source: 'node0', rpc: rpcClientFor(url(0)), from: 0 });
    expect(r.issues).toEqual([]);
    expect(r.blocks).toBe(31);
    expect(r.verified['proof of work']).toBe(31);
    expect(r.verified['previous-hash link']).toBe(30);
  });

  it('two nodes hold the same blocks (synchronization), and a second read agrees (idempotence)', async () => {
    if (!net) return;
    const findings = await ledgerFindings(
      scopeOf([
        { id: 'ledger0', kind: 'ledger', chain: 'ltc-regtest', format: 'bitcoin-rpc', node: url(0), from: 0 },
        { id: 'ledger1', kind: 'ledger', chain: 'ltc-regtest', format: 'bitcoin-rpc', node: url(1), from: 0 },
      ]),
    );
    const sync = findings.filter((f) => f.checkId === 'ledger.synchronization');
    expect(sync.map((f) => [f.status, f.message])).toEqual([['pass', '2 copies agree at 31 common heights']]);
    expect(findings.filter((f) => f.checkId === 'ledger.idempotence').map((f) => f.status)).toEqual(['pass', 'pass']);
    expect(findings.filter((f) => f.status === 'fail' || f.status === 'error')).toEqual([]);
    expect(JSON.stringify(findings)).not.toContain(net.node(0).password);
  });
});

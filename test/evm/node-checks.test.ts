import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { anvilBinary, startAnvil } from '../../src/nodes/anvil.js';
import { startGanache } from '../../src/nodes/ganache.js';
import type { ManagedNode } from '../../src/nodes/managed.js';
import { evmChecks } from '../../src/checks/evm/index.js';
import { loadAdvisories, matchingAdvisories, parseClientVersion } from '../../src/checks/evm/node-client-advisories.js';
import { judgeBlockTime, judgeHostClock } from '../../src/checks/evm/node-clock.js';
import { judgeSyncing } from '../../src/checks/evm/node-sync-status.js';
import { judgePeerCount } from '../../src/checks/evm/node-peers.js';
import type { Finding } from '../../src/model.js';
import { addressOf, randomKey, signLegacy } from '../../src/analyzers/ledger/ethereum/sign.js';
import { checkTx, decodeTx, TxInvalid } from '../../src/analyzers/ledger/ethereum/tx.js';
import { hasBinary, prerequisite } from '../support/prereq.js';
import { startHardeningProxy, type HardeningProxy } from './nginx-proxy.js';
import { audit, scopeOf } from './support.js';

function anvilPresent(): boolean {
  try {
    return existsSync(anvilBinary());
  } catch {
    return false;
  }
}

const checks = (...ids: string[]) => evmChecks.filter((c) => ids.includes(c.meta.id));
const results = (findings: Finding[], checkId: string, targetId: string) =>
  findings.filter((f) => f.checkId === checkId && f.targetId === targetId);
const status = (findings: Finding[], checkId: string, targetId: string) =>
  results(findings, checkId, targetId).map((f) => f.status);

describe('client advisory table', () => {
  it('loads, and every entry names a source', () => {
    const table = loadAdvisories();
    expect(table.length).toBeGreaterThan(10);
    for (const a of table) expect(a.sources.length).toBeGreaterThan(0);
  });

  it('matches geth versions by range, the Go runtime separately, and discontinued clients', () => {
    const table = loadAdvisories();
    const ids = (v: string) => matchingAdvisories(parseClientVersion(v), table).map((a) => a.id);
    expect(ids('Geth/v1.10.7-stable-12f0ff40/linux-amd64/go1.16.7')).toEqual(
      expect.arrayContaining(['CVE-2021-39137', 'CVE-2021-41173', 'CVE-2022-29177']),
    );
    expect(ids('Geth/v1.10.8-stable-26675454/linux-amd64/go1.16.7')).not.toContain('CVE-2021-39137');
    expect(ids('Geth/v1.14.11-stable-f3c696fa/linux-amd64/go1.23.2')).toEqual([]);
    expect(ids('Geth/v1.9.24-stable/linux-amd64/go1.15.2')).toContain('CVE-2020-28362');
    expect(ids('OpenEthereum//v3.3.5-stable-6c2d392d8-20220405/x86_64-linux-gnu/rustc1.58.1')).toEqual([
      'EOL-OPENETHEREUM',
    ]);
    expect(parseClientVersion('<img src=x onerror=alert(1)>').client).toBe('<img src=x onerror=alert(1)>');
    expect(ids('<img src=x onerror=alert(1)>')).toEqual([]);
  });
});

describe('transactions the active checks sign', () => {
  it('are what the ledger analyzer decodes and checks: same hash, same sender; a zeroed signature is refused', () => {
    const key = randomKey();
    const to = addressOf(randomKey());
    const tx = { nonce: 7n, gasPrice: 2_000_000_000n, gas: 21_000n, to, value: 5n, data: new Uint8Array() };
    const signed = signLegacy(tx, 31337n, key);
    const decoded = decodeTx(Buffer.from(signed.raw.slice(2), 'hex'));
    expect(`0x${decoded.hash.toString('hex')}`).toBe(signed.hash);
    expect([decoded.type, decoded.chainId, decoded.nonce, decoded.value]).toEqual([0, 31337n, 7n, 5n]);
    expect(`0x${decoded.to!.toString('hex')}`).toBe(to);
    expect(`0x${checkTx(decoded, 'Prague', 31337n).sender.toString('hex')}`).toBe(addressOf(key));
    const zeroed = signLegacy(tx, 31337n, key, (s) => ({ ...s, r: 0n, s: 0n }));
    expect(() => checkTx(decodeTx(Buffer.from(zeroed.raw.slice(2), 'hex')), 'Prague', 31337n)).toThrow(TxInvalid);
  });
});

describe('clock and sync rules on constructed readings (states no local node can be put in)', () => {
  it('a skewed node host fails, an old head only warns when blocks are expected', () => {
    expect(judgeHostClock(-120, 30).status).toBe('fail');
    expect(judgeHostClock(0, 30).status).toBe('pass');
    expect(judgeBlockTime(-3600, 30).status).toBe('pass');
    expect(judgeBlockTime(-3600, 30, 5).status).toBe('warn');
    expect(judgeBlockTime(3600, 30).status).toBe('fail');
  });
  it('peer counts are judged against the scope range', () => {
    expect(judgePeerCount(0n, 1).status).toBe('fail');
    expect(judgePeerCount(9n, 0, 5).status).toBe('fail');
    expect(judgePeerCount(3n, 0, 5).status).toBe('pass');
    expect(judgePeerCount(3n).status).toBe('warn');
  });
  it('a syncing node warns with its lag', () => {
    expect(judgeSyncing({ currentBlock: '0x10', highestBlock: '0x20', startingBlock: '0x0' })).toEqual({
      status: 'warn',
      message: expect.stringContaining('16 blocks behind'),
    });
    expect(judgeSyncing(false).status).toBe('pass');
  });
});

describe.runIf(prerequisite('anvil', anvilPresent(), 'npm install (@foundry-rs/anvil)'))(
  'node checks against real nodes',
  () => {
    const started: { stop(): Promise<void> }[] = [];
    let anvil: ManagedNode;
    let futureAnvil: ManagedNode;
    let ganache: ManagedNode;

    beforeAll(async () => {
      [anvil, futureAnvil, ganache] = await Promise.all([
        startAnvil({ chainId: 4242 }),
        startAnvil({ args: ['--timestamp', String(Math.floor(Date.now() / 1000) + 3600)] }),
        startGanache(),
      ]);
      started.push(anvil, futureAnvil, ganache);
    });
    afterAll(async () => {
      await Promise.all(started.map((n) => n.stop()));
    });

    it('version table: ganache fails as end-of-life, anvil is reported as not covered', async () => {
      const f = await audit(
        checks('evm.node.client-advisories'),
        scopeOf([
          { id: 'a', rpc: anvil.url },
          { id: 'g', rpc: ganache.url },
        ]),
      );
      expect(status(f, 'evm.node.client-advisories', 'g')).toEqual(['fail']);
      expect(results(f, 'evm.node.client-advisories', 'g')[0].message).toMatch(/EOL-GANACHE/);
      expect(status(f, 'evm.node.client-advisories', 'a')).toEqual(['warn']);
    });

    it('error leaks: ganache returns stack traces, anvil does not', async () => {
      const f = await audit(
        checks('evm.rpc.error-leaks'),
        scopeOf([
          { id: 'a', rpc: anvil.url },
          { id: 'g', rpc: ganache.url },
        ]),
      );
      expect(status(f, 'evm.rpc.error-leaks', 'g')).toEqual(['fail']);
      expect(results(f, 'evm.rpc.error-leaks', 'g')[0].message).toMatch(/stack trace/);
      expect(status(f, 'evm.rpc.error-leaks', 'a')).toEqual(['pass']);
    });

    it('chain identity: matches the expected chain id, fails on another', async () => {
      const f = await audit(
        checks('evm.node.chain-identity'),
        scopeOf([
          { id: 'right', rpc: anvil.url, expect: { chainId: 4242 } },
          { id: 'wrong', rpc: anvil.url, expect: { chainId: 1 } },
        ]),
      );
      expect(status(f, 'evm.node.chain-identity', 'right')).toEqual(['pass']);
      expect(status(f, 'evm.node.chain-identity', 'wrong')).toEqual(['fail']);
    });

    it('clock: a node producing blocks an hour in the future fails, a normal one passes; host clocks agree', async () => {
      const f = await audit(
        checks('evm.node.clock'),
        scopeOf([
          { id: 'now', rpc: anvil.url },
          { id: 'future', rpc: futureAnvil.url },
        ]),
      );
      const of = (t: string, result: string) => results(f, 'evm.node.clock', t).find((r) => r.result === result)!;
      expect(of('now', 'block-time').status).toBe('pass');
      expect(of('future', 'block-time').status).toBe('fail');
      expect(of('now', 'host-clock').status).toBe('pass');
      expect(of('future', 'host-clock').status).toBe('pass');
    });

    it('sync status passes on a synced node', async () => {
      const f = await audit(checks('evm.node.sync-status'), scopeOf([{ id: 'a', rpc: anvil.url }]));
      expect(status(f, 'evm.node.sync-status', 'a')).toEqual(['pass']);
    });

    it('peers: dev nodes without a P2P layer are not judged on their constant net_listening / net_peerCount', async () => {
      // Both really answer net_listening true, and ganache net_peerCount 0x0, whatever happens.
      const rpc = (url: string, method: string) =>
        fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params: [] }),
        }).then((r) => r.json() as Promise<{ result?: unknown }>);
      expect((await rpc(anvil.url, 'net_listening')).result).toBe(true);
      expect((await rpc(ganache.url, 'net_listening')).result).toBe(true);
      const f = await audit(
        checks('evm.node.peers'),
        scopeOf([
          { id: 'a', rpc: anvil.url },
          { id: 'g', rpc: ganache.url, expect: { minPeers: 1 } },
        ]),
      );
      for (const t of ['a', 'g']) {
        const r = results(f, 'evm.node.peers', t);
        expect(r.map((x) => [x.result, x.status]).sort()).toEqual([
          ['listening', 'not-applicable'],
          ['peer-count', 'not-applicable'],
        ]);
        expect(r.every((x) => /no peer-to-peer layer/.test(x.message))).toBe(true);
      }
    });

    it('plaintext RPC fails when the scope says the endpoint is published', async () => {
      const f = await audit(
        checks('evm.rpc.plaintext'),
        scopeOf([
          { id: 'pub', rpc: anvil.url, exposure: 'public' },
          { id: 'local', rpc: anvil.url, exposure: 'loopback' },
        ]),
      );
      expect(status(f, 'evm.rpc.plaintext', 'pub')).toEqual(['fail']);
      expect(status(f, 'evm.rpc.plaintext', 'local')).toEqual(['pass']);
    });

    it('robustness probes: held back unless intrusive; anvil answers every probe and stays up, without a batch limit', async () => {
      const scope = scopeOf([{ id: 'a', rpc: anvil.url }]);
      expect(await audit(checks('evm.rpc.robustness'), scope)).toEqual([]);
      const f = await audit(checks('evm.rpc.robustness'), scope, { intrusive: true });
      const byResult = Object.fromEntries(results(f, 'evm.rpc.robustness', 'a').map((r) => [r.result, r.status]));
      expect(Object.values(byResult)).not.toContain('fail');
      expect(byResult['malformed-json']).toBe('pass');
      expect(byResult['oversized-body']).toBe('pass');
      expect(byResult['large-batch']).toBe('warn');
    });

    describe.runIf(prerequisite('nginx', hasBinary('nginx'), 'apt-get install nginx'))(
      'behind a hardening reverse proxy (real nginx)',
      () => {
        let proxy: HardeningProxy;
        beforeAll(async () => {
          proxy = await startHardeningProxy(anvil.url, 'test-token-0123456789abcdef', 'https://app.example');
          started.push(proxy);
          process.env.CHAINAUDIT_TEST_TOKEN = 'test-token-0123456789abcdef';
        });

        it('weak direct node fails Host, WebSocket-origin and engine-API checks; the proxied one passes them', async () => {
          const ids = [
            'evm.rpc.host-header',
            'evm.ws.any-origin',
            'evm.engine.no-jwt',
            'evm.rpc.no-auth',
            'evm.rpc.cors',
          ];
          const f = await audit(
            checks(...ids),
            scopeOf([
              { id: 'direct', rpc: anvil.url, authrpc: anvil.url, exposure: 'private' },
              {
                id: 'proxied',
                rpc: proxy.url,
                authrpc: proxy.url,
                exposure: 'private',
                auth: { bearer: { env: 'CHAINAUDIT_TEST_TOKEN' } },
              },
            ]),
          );
          for (const id of ids) {
            expect([id, status(f, id, 'direct')]).toEqual([id, ['fail']]);
            expect([id, status(f, id, 'proxied')]).toEqual([id, ['pass']]);
          }
        });
      },
    );
  },
);

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { anvilBinary, startAnvil } from '../../src/nodes/anvil.js';
import { startGanache } from '../../src/nodes/ganache.js';
import type { ManagedNode } from '../../src/nodes/managed.js';
import { evmChecks } from '../../src/checks/evm/index.js';
import type { Finding } from '../../src/model.js';
import { prerequisite } from '../support/prereq.js';
import { audit, only, scopeOf } from './support.js';

function anvilPresent(): boolean {
  try {
    return existsSync(anvilBinary());
  } catch {
    return false;
  }
}

const passive = evmChecks.filter((c) => c.meta.level === 'passive' && c.meta.granularity !== 'chain');
const byId = (id: string) => passive.filter((c) => c.meta.id === id);

describe.runIf(prerequisite('anvil', anvilPresent(), 'npm install (@foundry-rs/anvil)'))(
  'first live EVM checks against real nodes',
  () => {
    const nodes: ManagedNode[] = [];
    let weakAnvil: ManagedNode;
    let hardAnvil: ManagedNode;
    let weakGanache: ManagedNode;
    let hardGanache: ManagedNode;
    let weak: Finding[];
    let hard: Finding[];

    beforeAll(async () => {
      [weakAnvil, hardAnvil, weakGanache, hardGanache] = await Promise.all([
        startAnvil(),
        startAnvil({ accounts: 0, cors: 'https://app.example' }),
        startGanache(),
        startGanache({ accounts: 0 }),
      ]);
      nodes.push(weakAnvil, hardAnvil, weakGanache, hardGanache);
      weak = await audit(
        passive,
        scopeOf([
          { id: 'weak-anvil', rpc: weakAnvil.url, exposure: 'public' },
          { id: 'weak-ganache', rpc: weakGanache.url, exposure: 'public' },
        ]),
      );
      hard = await audit(
        passive,
        scopeOf([
          {
            id: 'hard-anvil',
            rpc: hardAnvil.url,
            exposure: 'loopback',
            expect: { allowedOrigins: ['https://app.example'] },
          },
          { id: 'hard-ganache', rpc: hardGanache.url, exposure: 'loopback' },
        ]),
      );
    });
    afterAll(async () => {
      await Promise.all(nodes.map((n) => n.stop()));
    });

    const find = (findings: Finding[], checkId: string, targetId: string) =>
      only(
        findings.filter((f) => f.checkId === checkId && f.targetId === targetId),
        checkId,
      );

    it('no checks errored on any node', () => {
      expect(
        [...weak, ...hard].filter((f) => f.status === 'error').map((f) => `${f.checkId}@${f.targetId}: ${f.message}`),
      ).toEqual([]);
    });

    it('RPC without authentication: fails when published, passes when declared loopback-only', () => {
      for (const t of ['weak-anvil', 'weak-ganache']) expect(find(weak, 'evm.rpc.no-auth', t).status).toBe('fail');
      for (const t of ['hard-anvil', 'hard-ganache']) expect(find(hard, 'evm.rpc.no-auth', t).status).toBe('pass');
    });

    it('unlocked accounts: default dev accounts sign, nodes without accounts pass', () => {
      for (const t of ['weak-anvil', 'weak-ganache']) {
        const f = find(weak, 'evm.rpc.unlocked-accounts', t);
        expect(f.status).toBe('fail');
        expect(f.message).toMatch(/eth_sign signed/);
        expect(f.evidence.map((e) => e.value).join(' ')).not.toMatch(/0x[0-9a-f]{130}/);
      }
      for (const t of ['hard-anvil', 'hard-ganache'])
        expect(find(hard, 'evm.rpc.unlocked-accounts', t).status).toBe('pass');
    });

    it('dangerous namespaces: each node fails on the namespaces it really offers', () => {
      const failing = (findings: Finding[], t: string) =>
        findings
          .filter((f) => f.checkId === 'evm.rpc.dangerous-namespaces' && f.targetId === t && f.status === 'fail')
          .map((f) => f.result)
          .sort();
      expect(failing(weak, 'weak-anvil')).toEqual(['anvil', 'debug', 'evm', 'hardhat', 'personal', 'txpool']);
      expect(failing(weak, 'weak-ganache')).toEqual(['debug', 'evm', 'miner', 'personal']);
      expect(failing(hard, 'hard-anvil')).toContain('anvil');
      const admin = hard.find(
        (f) => f.checkId === 'evm.rpc.dangerous-namespaces' && f.targetId === 'hard-anvil' && f.result === 'admin',
      );
      expect(admin?.status).toBe('pass');
    });

    it('personal namespace: anvil offers no personal_listAccounts but personal_sign signs, so the namespace fails', async () => {
      const call = (method: string, params: unknown[]) =>
        fetch(weakAnvil.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
        }).then((r) => r.json() as Promise<{ result?: unknown; error?: { code: number } }>);
      const [account] = (await call('eth_accounts', [])).result as string[];
      expect((await call('personal_listAccounts', [])).error?.code).toBe(-32601);
      expect((await call('personal_sign', ['0x68656c6c6f', account])).result).toMatch(/^0x[0-9a-f]{130}$/);
      const personal = weak.find(
        (f) => f.checkId === 'evm.rpc.dangerous-namespaces' && f.targetId === 'weak-anvil' && f.result === 'personal',
      )!;
      expect(personal.status).toBe('fail');
      expect(personal.evidence.map((e) => e.label)).toContain('personal_sign([])');
    });

    it('CORS: wildcard (anvil) and reflected origin with credentials (ganache) fail; a fixed allowed origin passes', () => {
      expect(find(weak, 'evm.rpc.cors', 'weak-anvil').status).toBe('fail');
      const g = find(weak, 'evm.rpc.cors', 'weak-ganache');
      expect(g.status).toBe('fail');
      expect(g.severity).toBe('critical');
      expect(g.message).toMatch(/credentials/);
      expect(find(hard, 'evm.rpc.cors', 'hard-anvil').status).toBe('pass');
    });

    it('CORS turned off passes', async () => {
      const node = await startAnvil({ cors: false });
      nodes.push(node);
      const findings = await audit(byId('evm.rpc.cors'), scopeOf([{ id: 'no-cors', rpc: node.url }]));
      expect(only(findings, 'evm.rpc.cors').status).toBe('pass');
    });

    it('Host header: no real node here checks it, both fail', () => {
      for (const t of ['weak-anvil', 'weak-ganache']) expect(find(weak, 'evm.rpc.host-header', t).status).toBe('fail');
    });

    it('client version disclosed: reported with the real version string', () => {
      expect(find(weak, 'evm.rpc.client-version', 'weak-anvil').message).toMatch(/anvil\/v\d+\.\d+/);
      expect(find(weak, 'evm.rpc.client-version', 'weak-ganache').message).toMatch(/Ganache\/v7/);
    });
  },
);

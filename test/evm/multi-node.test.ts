import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { anvilBinary, startAnvil } from '../../src/nodes/anvil.js';
import type { ManagedNode } from '../../src/nodes/managed.js';
import { evmChecks } from '../../src/checks/evm/index.js';
import { RpcClient } from '../../src/clients/rpc.js';
import type { Finding } from '../../src/model.js';
import { prerequisite } from '../support/prereq.js';
import { audit, scopeOf } from './support.js';

function anvilPresent(): boolean {
  try {
    return existsSync(anvilBinary());
  } catch {
    return false;
  }
}

const chainChecks = evmChecks.filter((c) => c.meta.granularity === 'chain' && c.meta.level === 'passive');
const active = evmChecks.filter((c) => c.meta.id === 'evm.active.transactions');
const by = (f: Finding[], checkId: string) => f.filter((x) => x.checkId === checkId);
const keyed = (f: Finding[], checkId: string, prefix: string) =>
  by(f, checkId).find((x) => x.message.startsWith(prefix) || x.message.includes(prefix));
const rpc = (n: ManagedNode) => new RpcClient({ url: n.url, timeoutMs: 10_000 });

describe.runIf(prerequisite('anvil', anvilPresent(), 'npm install (@foundry-rs/anvil)'))(
  'multi-node and active EVM checks on real anvil nodes',
  () => {
    const nodes: ManagedNode[] = [];
    let origin: ManagedNode;
    let fork: ManagedNode;
    let alien: ManagedNode;

    beforeAll(async () => {
      origin = await startAnvil();
      await rpc(origin).result('evm_mine', []);
      [fork, alien] = await Promise.all([
        startAnvil({ args: ['--fork-url', origin.url] }),
        startAnvil({ chainId: 999 }),
      ]);
      nodes.push(origin, fork, alien);
    });
    afterAll(async () => {
      await Promise.all(nodes.map((n) => n.stop()));
    });

    it('a node forked from another shares identity, head and history: every chain check passes', async () => {
      const f = await audit(
        chainChecks,
        scopeOf([
          { id: 'origin', rpc: origin.url, chain: 'dev' },
          { id: 'fork', rpc: fork.url, chain: 'dev' },
        ]),
      );
      expect(f.map((x) => [x.checkId, x.status])).toEqual([
        ['evm.chain.identity-agreement', 'pass'],
        ['evm.chain.head-agreement', 'pass'],
        ['evm.chain.head-agreement', 'pass'],
        ['evm.chain.idempotence', 'pass'],
      ]);
      expect(f.every((x) => x.targetId === 'chain:dev')).toBe(true);
    });

    it('a node of another chain is flagged as alien', async () => {
      const f = await audit(
        chainChecks,
        scopeOf([
          { id: 'origin', rpc: origin.url, chain: 'mixed' },
          { id: 'alien', rpc: alien.url, chain: 'mixed' },
        ]),
      );
      expect(by(f, 'evm.chain.identity-agreement')[0].status).toBe('fail');
    });

    describe('active transactions', () => {
      it('refuses a public mainnet chain id and sends nothing', async () => {
        const mainnetLike = await startAnvil({ chainId: 1 });
        nodes.push(mainnetLike);
        const f = await audit(active, scopeOf([{ id: 'm', rpc: mainnetLike.url }]), { active: true });
        expect(f).toHaveLength(1);
        expect(f[0].status).toBe('not-applicable');
        expect(f[0].message).toMatch(/refused: chain id 1/);
        expect(await rpc(mainnetLike).result('eth_blockNumber')).toBe('0x0');
      });

      it('is held back without --active', async () => {
        expect(await audit(active, scopeOf([{ id: 'o', rpc: origin.url }]))).toEqual([]);
      });

      it("every illegal transaction is rejected with the node's own error; the legal one is included", async () => {
        const solo = await startAnvil();
        nodes.push(solo);
        const f = await audit(active, scopeOf([{ id: 'solo', rpc: solo.url, chain: 'solo' }]), { active: true });
        const id = 'evm.active.transactions';
        const legal = keyed(f, id, 'legal transaction')!;
        expect(legal.status).toBe('pass');
        expect(legal.items).toContain('DJCP.CONSENSUS.CONSISTENCY');
        expect(legal.evidence.map((e) => e.label)).toEqual(
          expect.arrayContaining(['procedure', 'expected', 'actual on solo']),
        );
        for (const [prefix, error] of [
          ['transaction with an invalid signature', /Failed to recover the signer/],
          ['transfer of more than the sender holds', /Insufficient funds/],
          ['new transaction reusing an already spent nonce', /nonce too low/],
          ['replay of the transaction already included', /nonce too low/],
        ] as const) {
          const r = keyed(f, id, prefix)!;
          expect([prefix, r.status]).toEqual([prefix, 'pass']);
          expect(r.evidence.find((e) => e.label === 'actual on solo')!.value).toMatch(error);
        }
        // Whatever anvil does with the remaining probes, the verdict must follow its own answer.
        for (const r of by(f, id)) {
          const answer = r.evidence.find((e) => e.label === 'actual on solo')?.value ?? '';
          if (answer.startsWith('ACCEPTED')) expect(r.status).toBe('fail');
          if (answer.startsWith('rejected')) expect(['pass', 'warn']).toContain(r.status);
        }
      });

      it('two nodes that do not share a ledger fail the consistency test', async () => {
        const f = await audit(
          active,
          scopeOf([
            { id: 'origin', rpc: origin.url, chain: 'split' },
            { id: 'fork', rpc: fork.url, chain: 'split' },
          ]),
          { active: true },
        );
        const legal = keyed(f, 'evm.active.transactions', 'legal transaction')!;
        expect(legal.status).toBe('fail');
      });
    });

    it('after both nodes mine on their own, the fork is detected', async () => {
      await Promise.all([rpc(origin).result('evm_mine', []), rpc(fork).result('evm_mine', [])]);
      const f = await audit(
        chainChecks,
        scopeOf([
          { id: 'origin', rpc: origin.url, chain: 'dev' },
          { id: 'fork', rpc: fork.url, chain: 'dev' },
        ]),
      );
      const fork_ = by(f, 'evm.chain.head-agreement').find((x) => x.message.startsWith('fork'));
      expect(fork_?.status).toBe('fail');
      expect(fork_?.severity).toBe('critical');
    });

    it('a node far behind the others is reported as lagging', async () => {
      await rpc(origin).result('anvil_mine', ['0xa']);
      const f = await audit(
        chainChecks,
        scopeOf([
          { id: 'origin', rpc: origin.url, chain: 'dev' },
          { id: 'fork', rpc: fork.url, chain: 'dev' },
        ]),
      );
      const heads = by(f, 'evm.chain.head-agreement').find((x) => x.message.includes('lag'));
      expect(heads?.status).toBe('fail');
      expect(heads?.message).toMatch(/fork \(\d+ behind\)/);
    });
  },
);

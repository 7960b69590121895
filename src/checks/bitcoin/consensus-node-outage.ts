import { managedLitecoinNode } from '../../nodes/litecoin.js';
import type { CheckResult } from '../types.js';
import { defineCheck } from '../types.js';
import { refuseUnsafe, tips, waitForSameTip, withChainLock } from './active-support.js';
import { tryCall } from '../node-probe.js';

const OUTAGE_BLOCKS = 3;
const CATCH_UP_TIMEOUT_MS = 90_000;

export default defineCheck(
  {
    id: 'bitcoin.consensus.node-outage',
    title: 'The network keeps working with a node down, and the node catches up',
    description:
      'Executes the hot-redundancy and fault-tolerance procedures on a network the tool itself started: stops one node, checks the remaining nodes keep answering, producing and agreeing on blocks, restarts the node and checks it catches up to the same chain. Nodes the tool did not start are never stopped.',
    targetKinds: ['bitcoin-node'],
    results: {
      outage: { title: 'The other nodes keep answering, producing and agreeing with one node down' },
      'catch-up': { title: 'The stopped node catches up after restart' },
    },
    severity: 'high',
    confidence: 'high',
    tags: ['active', 'availability', 'consensus'],
    remediation:
      'Run at least three nodes per role on independent hosts, keep them peered with each other, and supervise each node so a failed one restarts and resynchronises on its own.',
    references: [
      'Research on blockchain evaluation methods under the classified protection of cybersecurity (Chinese Journal of Engineering, 2020), Table 5 (system hot redundancy, consensus fault tolerance, real-time backup)',
    ],
    level: 'active',
    granularity: 'chain',
    timeoutMs: 300_000,
  },
  async (ctx) => {
    const nodes = ctx.group.map((t) => ({ target: t, managed: managedLitecoinNode(t.rpc) }));
    const unmanaged = nodes.filter((n) => !n.managed);
    if (unmanaged.length) {
      return [
        {
          status: 'not-applicable',
          message: `not run: ${unmanaged.map((n) => n.target.id).join(', ')} ${unmanaged.length > 1 ? 'are' : 'is'} not managed by this tool, and the audit never stops a node it did not start`,
          key: 'outage',
        },
      ];
    }
    if (nodes.length < 2)
      return [{ status: 'not-applicable', message: 'a single node has no redundancy to test', key: 'outage' }];
    const { refusal } = await refuseUnsafe(ctx);
    if (refusal) return [refusal];
    return withChainLock(ctx, async () => {
      const victim = nodes[nodes.length - 1];
      const survivors = nodes.slice(0, -1);
      const miner = survivors[0];
      const results: CheckResult[] = [];
      const before = await tips(ctx);
      const heightOf = async (t: (typeof nodes)[number]) => {
        const { out } = await tryCall<number>(ctx.rpc(t.target), 'getblockcount');
        return out?.ok && typeof out.result === 'number' ? out.result : undefined;
      };
      const startHeight = await heightOf(miner);

      ctx.progress(`stopping ${victim.target.id}`);
      await victim.managed!.stop();
      const down = await tryCall(ctx.rpc(victim.target), 'getblockcount');
      const mined = await tryCall<string[]>(ctx.rpc(miner.target), 'generatetodescriptor', [
        OUTAGE_BLOCKS,
        'raw(51)#8lvh9jxk',
      ]);
      const agreed = await waitForSameTip(
        ctx,
        30_000,
        survivors.map((s) => s.target),
      );
      const during = await Promise.all(survivors.map(async (s) => ({ id: s.target.id, height: await heightOf(s) })));
      const outageEvidence = [
        {
          label: 'procedure',
          value: `stop ${victim.target.id} (pid ${victim.managed!.pid ?? 'stopped'}), mine ${OUTAGE_BLOCKS} blocks on ${miner.target.id}, read every remaining node`,
        },
        {
          label: 'expected effect',
          value: 'business continuity not interrupted: the remaining nodes answer, produce and agree on blocks',
        },
        {
          label: `${victim.target.id} after stop`,
          value: down.out
            ? `still answers HTTP ${down.out.http.status}`
            : `unreachable (${down.failure?.slice(0, 100)})`,
        },
        {
          label: `generatetodescriptor on ${miner.target.id}`,
          value: mined.out?.ok
            ? `${OUTAGE_BLOCKS} blocks mined`
            : `failed: ${mined.failure ?? mined.out?.error?.message}`,
        },
        {
          label: 'heights during the outage',
          value: `${during.map((d) => `${d.id}=${d.height ?? 'no answer'}`).join(', ')} (start ${startHeight})`,
        },
      ];
      const continued =
        Boolean(mined.out?.ok) &&
        agreed &&
        during.every(
          (d) => d.height !== undefined && startHeight !== undefined && d.height >= startHeight + OUTAGE_BLOCKS,
        );
      results.push(
        continued
          ? {
              status: 'pass',
              message: `with ${victim.target.id} down the other ${survivors.length} node(s) kept answering, produced ${OUTAGE_BLOCKS} blocks and agree on the tip`,
              evidence: outageEvidence,
              result: 'outage',
              key: 'outage',
            }
          : {
              status: 'fail',
              message: `with ${victim.target.id} down the network did not keep producing and agreeing`,
              evidence: outageEvidence,
              result: 'outage',
              key: 'outage',
            },
      );

      ctx.progress(`restarting ${victim.target.id}`);
      let restartProblem: string | undefined;
      try {
        await victim.managed!.start();
        for (const s of survivors) await tryCall(ctx.rpc(victim.target), 'addnode', [s.managed!.p2pAddress, 'onetry']);
      } catch (err) {
        restartProblem = err instanceof Error ? err.message : String(err);
      }
      const started = Date.now();
      const caughtUp = !restartProblem && (await waitForSameTip(ctx, CATCH_UP_TIMEOUT_MS));
      const after = await tips(ctx);
      const catchEvidence = [
        {
          label: 'procedure',
          value: `restart ${victim.target.id} on its data directory and wait up to ${CATCH_UP_TIMEOUT_MS / 1000} s for the same tip as every other node`,
        },
        { label: 'expected effect', value: 'the restarted node synchronises the blocks produced while it was down' },
        {
          label: 'tips before / after',
          value: `${before.map((t) => t?.slice(0, 12)).join(', ')} / ${after.map((t) => t?.slice(0, 12)).join(', ')}`,
        },
        {
          label: 'catch-up time',
          value: caughtUp
            ? `${Date.now() - started} ms`
            : restartProblem
              ? `restart failed: ${restartProblem.slice(0, 200)}`
              : 'not within the limit',
        },
      ];
      results.push(
        caughtUp
          ? {
              status: 'pass',
              message: `${victim.target.id} restarted and caught up with the ${OUTAGE_BLOCKS} blocks it missed`,
              evidence: catchEvidence,
              result: 'catch-up',
              key: 'catch-up',
            }
          : {
              status: 'fail',
              message: `${victim.target.id} did not catch up after restart`,
              evidence: catchEvidence,
              result: 'catch-up',
              key: 'catch-up',
            },
      );
      return results;
    });
  },
);

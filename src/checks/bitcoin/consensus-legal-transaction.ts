import type { CheckResult } from '../types.js';
import { defineCheck } from '../types.js';
import {
  answerText,
  fund,
  inMempool,
  refuseUnsafe,
  submitToAll,
  takeCoin,
  waitForSameTip,
  waitUntil,
  withChainLock,
} from './active-support.js';
import { isObject } from './support.js';
import { show, tryCall } from '../node-probe.js';
import { encodeTx, txidOf } from '../../analyzers/ledger/bitcoin/tx.js';
import { signP2pkh, spend } from '../../analyzers/ledger/bitcoin/p2pkh.js';

const FEE = 100_000n;
const RELAY_TIMEOUT_MS = 30_000;
const CONFIRM_TIMEOUT_MS = 60_000;

export default defineCheck(
  {
    id: 'bitcoin.consensus.legal-transaction',
    title: 'A legal transaction reaches every node and is recorded identically',
    description:
      "Executes the consensus-consistency procedure on a test network: submits one correctly signed transaction to one node, checks it reaches every node's mempool, has it mined, and compares the confirming block and the transaction bytes on every node.",
    targetKinds: ['bitcoin-node'],
    severity: 'high',
    confidence: 'high',
    tags: ['active', 'consensus', 'transactions'],
    remediation:
      'Find the node that lags or differs (peering, mempool policy, a fork) before trusting its confirmations; applications should confirm deposits on more than one node.',
    references: [
      'Research on blockchain evaluation methods under the classified protection of cybersecurity (Chinese Journal of Engineering, 2020), Table 5 (consensus consistency, real-time backup)',
    ],
    level: 'active',
    granularity: 'chain',
    timeoutMs: 240_000,
  },
  async (ctx) => {
    const { refusal, chain } = await refuseUnsafe(ctx);
    if (refusal) return [refusal];
    return withChainLock(ctx, async () => {
      const funding = await fund(ctx, chain!);
      if (typeof funding === 'string') return [{ status: 'warn', message: `not run: ${funding}`, key: 'legal' }];
      const coin = takeCoin(funding);
      if (!coin) return [{ status: 'error', message: 'no funded output left for the legal transaction', key: 'legal' }];
      const tx = signP2pkh(spend(coin, funding.key.script, coin.value - FEE), funding.key);
      const hex = encodeTx(tx).toString('hex');
      const id = txidOf(tx);
      const entry = ctx.group[0];
      const [answer] = await submitToAll(ctx, hex, [entry]);
      const evidence = [
        {
          label: 'procedure',
          value: `send a signed P2PKH spend of ${coin.txid.slice(0, 16)}…:${coin.vout} (fee ${FEE} base units) to ${entry.id}, wait for every mempool, mine one block on ${entry.id}, compare block and transaction on every node; funding: ${funding.evidence}`,
        },
        {
          label: 'expected effect',
          value: 'every node holds the transaction, then the same block with the same transaction bytes',
        },
        { label: `${entry.id} sendrawtransaction`, value: answerText(answer) },
      ];
      if (!answer.out?.ok || answer.out.result !== id)
        return [
          {
            status: 'fail',
            message: `the legal transaction was not accepted by ${entry.id}: ${answerText(answer)}`,
            evidence,
            key: 'legal',
          },
        ];

      const relayed = await waitUntil(
        ctx,
        async () => (await Promise.all(ctx.group.map((t) => inMempool(ctx, t, id)))).every(Boolean),
        RELAY_TIMEOUT_MS,
      );
      const pools = await Promise.all(
        ctx.group.map(
          async (t) => `${t.id}: ${(await inMempool(ctx, t, id).catch(() => false)) ? 'in mempool' : 'absent'}`,
        ),
      );
      evidence.push({ label: 'mempools', value: pools.join('; ') });
      if (!relayed)
        return [
          {
            status: 'fail',
            message: `the transaction did not reach every node within ${RELAY_TIMEOUT_MS / 1000} s`,
            evidence,
            key: 'legal',
          },
        ];

      const [block] = await ctx.rpc(entry).result<string[]>('generatetodescriptor', [1, 'raw(51)#8lvh9jxk']);
      const synced = await waitForSameTip(ctx, CONFIRM_TIMEOUT_MS);
      const views = await Promise.all(
        ctx.group.map(async (t) => {
          const { out } = await tryCall<Record<string, unknown>>(ctx.rpc(t), 'getrawtransaction', [id, true, block]);
          const r = out?.ok && isObject(out.result) ? out.result : undefined;
          return {
            id: t.id,
            hex: typeof r?.hex === 'string' ? r.hex : undefined,
            blockhash: typeof r?.blockhash === 'string' ? r.blockhash : undefined,
            raw: out,
          };
        }),
      );
      evidence.push(
        ...views.map((v) => ({
          label: `${v.id} getrawtransaction(${id.slice(0, 12)}…, true, block)`,
          value: v.hex
            ? `in block ${show(v.blockhash, 64)}, ${v.hex.length / 2} bytes, ${v.hex === hex ? 'identical bytes' : 'DIFFERENT bytes'}`
            : `not found: ${v.raw?.error?.message ?? 'no answer'}`,
        })),
      );
      const results: CheckResult[] = [];
      const differing = views.filter((v) => v.hex !== hex || v.blockhash !== block);
      if (!synced || differing.length) {
        results.push({
          status: 'fail',
          message: `the confirmed transaction is missing or differs on ${differing.map((v) => v.id).join(', ') || 'a node that did not reach the block'}`,
          evidence,
          key: 'legal',
        });
      } else {
        results.push({
          status: 'pass',
          message: `transaction ${id.slice(0, 16)}… reached all ${ctx.group.length} mempools and is recorded identically in block ${block.slice(0, 16)}… on every node`,
          evidence,
          key: 'legal',
        });
      }
      return results;
    });
  },
);

import { createHash } from 'node:crypto';
import type { BitcoinNodeTarget } from '../../scope/schema.js';
import { isObject, type BitcoinContext } from '../bitcoin/support.js';
import { tryCall } from '../node-probe.js';
import { defineCheck } from '../types.js';
import { single, snapshot } from './support.js';

/** Fields that legitimately change between two reads of the same block. */
const VOLATILE = new Set(['confirmations', 'nextblockhash']);

function stable(v: unknown): string {
  if (!isObject(v)) return JSON.stringify(v) ?? 'undefined';
  return JSON.stringify(
    Object.keys(v)
      .filter((k) => !VOLATILE.has(k))
      .sort()
      .map((k) => [k, v[k]]),
  );
}

async function answer(ctx: BitcoinContext, t: BitcoinNodeTarget, height: number): Promise<string> {
  const hash = await tryCall<string>(ctx.rpc(t), 'getblockhash', [height]);
  if (!hash.out?.ok || typeof hash.out.result !== 'string')
    return `no hash: ${hash.failure ?? hash.out?.error?.message ?? 'bad answer'}`;
  const header = await tryCall(ctx.rpc(t), 'getblockheader', [hash.out.result]);
  if (!header.out?.ok) return `no header: ${header.failure ?? header.out?.error?.message ?? 'bad answer'}`;
  return stable(header.out.result);
}

export default defineCheck(
  {
    id: 'network.idempotence',
    title: 'The same query gives the same answer, twice and on every node',
    description:
      'Reads the block header at several confirmed heights twice on each node and compares the answers over time and across nodes (ignoring the confirmation count). Ledger queries must be idempotent: a different answer for the same settled block means a reorganisation, a fork or a faulty node.',
    targetKinds: ['bitcoin-node'],
    severity: 'high',
    confidence: 'high',
    tags: ['multi-node', 'idempotence'],
    remediation:
      'Find which node answers differently and why (reorganisation, corrupted block index, load balancer mixing chains); reindex or replace it.',
    references: [
      'Research on blockchain evaluation methods under the classified protection of cybersecurity (Chinese Journal of Engineering, 2020), Table 6 (ledger data idempotence)',
    ],
    level: 'passive',
    granularity: 'chain',
  },
  async (ctx) => {
    const views = (await snapshot(ctx)).filter((v) => v.height !== undefined);
    if (views.length === 0) return [{ status: 'error', message: 'no node answers', key: 'unassessed' }];
    const common = Math.min(...views.map((v) => v.height!));
    const heights = [...new Set([0, Math.floor(common / 2), Math.max(0, common - 1)])];
    const problems: string[] = [];
    const evidence = [];
    for (const h of heights) {
      const per = await Promise.all(
        views.map(async (v) => ({
          id: v.target.id,
          first: await answer(ctx, v.target, h),
          second: await answer(ctx, v.target, h),
        })),
      );
      for (const p of per)
        if (p.first !== p.second) problems.push(`${p.id} answered height ${h} differently on the second read`);
      const distinct = new Set(per.map((p) => p.first));
      if (distinct.size > 1) problems.push(`nodes disagree on the block at height ${h}`);
      evidence.push({
        label: `getblockheader at height ${h}`,
        value: per
          .map((p) => `${p.id}: ${p.first === p.second ? 'stable' : 'CHANGED'}, sha256 ${digest(p.first)}`)
          .join('; '),
      });
    }
    const scopeNote = single(ctx) ? ' (one node: repeat reads only)' : '';
    if (problems.length) return [{ status: 'fail', message: problems.join('; '), evidence }];
    return [
      {
        status: 'pass',
        message: `${heights.length} heights read twice on ${views.length} node(s): identical answers${scopeNote}`,
        evidence,
      },
    ];
  },
);

function digest(s: string): string {
  return createHash('sha256').update(s).digest('hex').slice(0, 16);
}

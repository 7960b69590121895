import { defineCheck } from '../types.js';
import { blockHashAt, single, snapshot } from './support.js';

/** Besides the highest common height, compare this many blocks deeper: divergence there is a deep fork. */
export const DEEP_CHECK_BLOCKS = 6;

export default defineCheck(
  {
    id: 'network.fork-detection',
    title: 'Same block hash at the same height on every node',
    description:
      'Two nodes with different blocks at the same height follow different branches: a fork (partition, competing miners, a consensus bug or an attack). The check compares the highest height every node has, and a few blocks deeper, where divergence means a deep fork.',
    targetKinds: ['bitcoin-node'],
    severity: 'critical',
    confidence: 'high',
    tags: ['multi-node', 'forks'],
    remediation:
      'Find the divergence point, compare client versions and debug.log rejection reasons on both sides, reconnect partitioned nodes and let the heavier chain win (or invalidateblock the wrong branch after analysis).',
    references: [
      'Research on blockchain evaluation methods under the classified protection of cybersecurity (Chinese Journal of Engineering, 2020), Table 5 (consensus consistency)',
    ],
    level: 'passive',
    granularity: 'chain',
  },
  async (ctx) => {
    const one = single(ctx);
    if (one) return one;
    const views = (await snapshot(ctx)).filter((v) => v.height !== undefined);
    if (views.length < 2)
      return [{ status: 'error', message: 'fewer than two nodes answer: nothing to compare', key: 'unassessed' }];
    const common = Math.min(...views.map((v) => v.height!));
    const heights = [...new Set([common, Math.max(0, common - DEEP_CHECK_BLOCKS)])];
    const evidence = [];
    const diverged: number[] = [];
    for (const h of heights) {
      const hashes = await Promise.all(
        views.map(async (v) => ({ id: v.target.id, hash: await blockHashAt(ctx, v.target, h) })),
      );
      evidence.push({
        label: `getblockhash(${h})`,
        value: hashes.map((x) => `${x.id}=${x.hash?.slice(0, 16) ?? 'no answer'}`).join(', '),
      });
      const distinct = new Set(hashes.map((x) => x.hash ?? 'none'));
      if (distinct.size > 1) diverged.push(h);
    }
    if (diverged.includes(heights[heights.length - 1]) && heights.length > 1) {
      return [
        {
          status: 'fail',
          message: `deep fork: nodes already differ ${DEEP_CHECK_BLOCKS} blocks below the common height ${common}`,
          evidence,
        },
      ];
    }
    if (diverged.length)
      return [
        {
          status: 'fail',
          severity: 'high',
          message: `fork at height ${common}: the nodes hold different blocks there`,
          evidence,
        },
      ];
    return [
      {
        status: 'pass',
        message: `all ${views.length} nodes hold the same block at height ${common}${heights.length > 1 ? ` and ${heights[1]}` : ''}`,
        evidence,
      },
    ];
  },
);

import type { CheckResult } from '../types.js';
import { defineCheck } from '../types.js';
import { single, snapshot, toleranceOf, viewText } from './support.js';

export default defineCheck(
  {
    id: 'network.sync-lag',
    title: 'Each node keeps up with the highest node of its chain',
    description:
      'Per node: how many blocks it trails the highest node of the same chain. A lagging node is not a real-time copy of the ledger; an unreachable one is no copy at all.',
    targetKinds: ['bitcoin-node'],
    severity: 'medium',
    confidence: 'high',
    tags: ['multi-node', 'sync'],
    remediation: "Check the lagging node's peers, disk and CPU; restart it if it is stuck and watch it catch up.",
    references: [
      'Research on blockchain evaluation methods under the classified protection of cybersecurity (Chinese Journal of Engineering, 2020), Table 5 (real-time backup)',
      'Research on blockchain evaluation methods under the classified protection of cybersecurity (Chinese Journal of Engineering, 2020), Table 6 (ledger data synchronization)',
    ],
    level: 'passive',
    granularity: 'chain',
  },
  async (ctx) => {
    const one = single(ctx);
    if (one) return one;
    const views = await snapshot(ctx);
    const tolerance = toleranceOf(ctx);
    const top = Math.max(...views.map((v) => v.height ?? -1));
    return views.map((v): CheckResult => {
      const evidence = [
        { label: v.target.id, value: viewText(v) },
        { label: 'highest node', value: `height ${top}` },
      ];
      if (v.height === undefined)
        return { status: 'fail', message: `${v.target.id} cannot be read: ${v.problem}`, evidence, key: v.target.id };
      const lag = top - v.height;
      return lag > tolerance
        ? {
            status: 'fail',
            message: `${v.target.id} trails by ${lag} blocks (tolerance ${tolerance})`,
            evidence,
            key: v.target.id,
          }
        : { status: 'pass', message: `${v.target.id} trails by ${lag} block(s)`, evidence, key: v.target.id };
    });
  },
);

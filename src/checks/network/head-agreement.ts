import { defineCheck } from '../types.js';
import { single, snapshot, toleranceOf, viewText } from './support.js';

export default defineCheck(
  {
    id: 'network.head-agreement',
    title: 'All nodes of the chain agree on the head within a tolerance',
    description:
      'Nodes of one chain should report the same best height, give or take the blocks in flight. A node far behind or ahead serves different balances and confirmations than its peers; an unreachable node cannot confirm anything.',
    targetKinds: ['bitcoin-node'],
    severity: 'high',
    confidence: 'high',
    tags: ['multi-node', 'consistency'],
    remediation:
      'Bring lagging or unreachable nodes back (peering, disk, CPU), and have applications confirm on several nodes before crediting.',
    references: [
      'Research on blockchain evaluation methods under the classified protection of cybersecurity (Chinese Journal of Engineering, 2020), Table 5 (consensus consistency)',
    ],
    level: 'passive',
    granularity: 'chain',
  },
  async (ctx) => {
    const one = single(ctx);
    if (one) return one;
    const views = await snapshot(ctx);
    const tolerance = toleranceOf(ctx);
    const up = views.filter((v) => v.height !== undefined);
    const down = views.filter((v) => v.height === undefined);
    const evidence = [
      ...views.map((v) => ({ label: v.target.id, value: viewText(v) })),
      { label: 'tolerance', value: `${tolerance} block(s)` },
    ];
    if (up.length === 0) return [{ status: 'fail', message: 'no node of the chain answers', evidence }];
    const heights = up.map((v) => v.height!);
    const spread = Math.max(...heights) - Math.min(...heights);
    if (down.length)
      return [
        {
          status: 'fail',
          message: `${down.map((v) => v.target.id).join(', ')} cannot be read; the other ${up.length} node(s) span ${spread} block(s)`,
          evidence,
        },
      ];
    if (spread > tolerance)
      return [
        {
          status: 'fail',
          message: `heads differ by ${spread} blocks (${Math.min(...heights)}–${Math.max(...heights)}), more than the ${tolerance} tolerated`,
          evidence,
        },
      ];
    return [
      {
        status: 'pass',
        message: `all ${up.length} nodes are within ${spread} block(s) of each other (tolerance ${tolerance})`,
        evidence,
      },
    ];
  },
);

import { defineCheck } from '../types.js';
import { blockHashAt, single, snapshot } from './support.js';

export default defineCheck(
  {
    id: 'network.chain-agreement',
    title: 'All nodes grouped as one chain run the same chain (no alien node)',
    description:
      'Every node listed under one chain must report the same chain name and genesis block; a node of another network mixed in (an "alien" node) answers with data of a different ledger.',
    targetKinds: ['bitcoin-node'],
    severity: 'high',
    confidence: 'high',
    tags: ['multi-node', 'identity'],
    remediation:
      'Remove the node of the other network from the group (and from the peers of the others); give separate chains separate ports, magic bytes and genesis blocks.',
    references: ['https://github.com/bitcoin/bitcoin/blob/master/src/kernel/chainparams.cpp'],
    level: 'passive',
    granularity: 'chain',
  },
  async (ctx) => {
    const one = single(ctx);
    if (one) return one;
    const views = (await snapshot(ctx)).filter((v) => v.chain !== undefined);
    const ids = await Promise.all(
      views.map(async (v) => ({
        id: v.target.id,
        chain: v.chain!,
        genesis: (await blockHashAt(ctx, v.target, 0)) ?? 'unreadable',
      })),
    );
    const evidence = ids.map((x) => ({ label: x.id, value: `chain ${x.chain}, genesis ${x.genesis}` }));
    const kinds = new Set(ids.map((x) => `${x.chain}/${x.genesis}`));
    if (ids.length < 2)
      return [{ status: 'error', message: 'fewer than two nodes answer: nothing to compare', evidence }];
    if (kinds.size > 1)
      return [
        {
          status: 'fail',
          message: `the nodes run ${kinds.size} different chains: ${[...kinds].map((k) => k.slice(0, 40)).join(' vs ')}`,
          evidence,
        },
      ];
    return [
      {
        status: 'pass',
        message: `all ${ids.length} nodes report chain "${ids[0].chain}" with the same genesis block`,
        evidence,
      },
    ];
  },
);

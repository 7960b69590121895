import { defineCheck } from '../types.js';
import { chainIdentity } from './node-chain-identity.js';

export default defineCheck(
  {
    id: 'evm.chain.identity-agreement',
    title: 'All nodes of the chain report the same chain id and genesis',
    description:
      'Nodes listed as one network must share chain id, network id and genesis block; a node that differs belongs to another network (alien node) or was misconfigured.',
    targetKinds: ['evm-node'],
    severity: 'high',
    confidence: 'high',
    tags: ['multi-node', 'chain', 'identity'],
    remediation: 'Remove or reconfigure the diverging node; pin genesis and network id on every node.',
    references: ['https://eips.ethereum.org/EIPS/eip-155'],
    level: 'passive',
    granularity: 'chain',
  },
  async (ctx) => {
    if (ctx.group.length < 2) return [{ status: 'not-applicable', message: 'only one node in this chain group' }];
    const ids = await Promise.all(ctx.group.map((t) => chainIdentity(ctx, t)));
    const unread = ids.flatMap((i, n) =>
      i.unreadable.length ? [`${ctx.group[n].id} (${i.unreadable.join(', ')})`] : [],
    );
    if (unread.length)
      return [
        {
          status: 'error',
          message: `no usable identity from ${unread.join('; ')}: agreement cannot be judged`,
          evidence: ids.flatMap((i) => i.evidence),
        },
      ];
    const signature = (i: (typeof ids)[number]) =>
      `chain id ${i.chainId ?? '?'}, network ${i.networkId ?? '?'}, genesis ${i.genesisHash ?? '?'}`;
    const groups = new Map<string, string[]>();
    ids.forEach((i, n) => groups.set(signature(i), [...(groups.get(signature(i)) ?? []), ctx.group[n].id]));
    const evidence = [...groups].map(([sig, nodes]) => ({ label: nodes.join(', '), value: sig }));
    if (groups.size === 1)
      return [{ status: 'pass', message: `all ${ctx.group.length} nodes report ${[...groups.keys()][0]}`, evidence }];
    return [
      { status: 'fail', message: `nodes disagree on chain identity (${groups.size} distinct identities)`, evidence },
    ];
  },
);

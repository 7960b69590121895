import type { Evidence } from '../../model.js';
import type { CheckResult } from '../types.js';
import { defineCheck } from '../types.js';
import { chainIdentity } from './chain-identity.js';
import { callEvidence, quantity, show, type EvmContext } from './probe.js';

const HEAD_TOLERANCE_BLOCKS = 3;

interface BlockView {
  number?: bigint;
  hash?: string;
  fields?: string;
}

/** The consensus-relevant fields of a block, canonicalised so two answers can be compared byte for byte. */
async function blockAt(ctx: EvmContext, targetIndex: number, tag: string): Promise<BlockView & { evidence: Evidence }> {
  const t = ctx.group[targetIndex];
  const out = await ctx.rpc(t).call<Record<string, unknown> | null>('eth_getBlockByNumber', [tag, false]);
  const b = out.ok && out.result && typeof out.result === 'object' ? out.result : undefined;
  const pick = b
    ? ['number', 'hash', 'parentHash', 'stateRoot', 'transactionsRoot', 'receiptsRoot', 'timestamp']
        .map((k) => `${k}=${typeof b[k] === 'string' ? b[k] : show(b[k], 80)}`)
        .join(' ')
    : undefined;
  return {
    number: b ? quantity(b.number) : undefined,
    hash: b && typeof b.hash === 'string' ? b.hash.toLowerCase() : undefined,
    fields: pick,
    evidence: {
      label: `${t.id} eth_getBlockByNumber(${tag})`,
      value: b
        ? `#${quantity(b.number) ?? '?'} ${show(b.hash, 70)}`
        : callEvidence('eth_getBlockByNumber', [tag], out).value,
    },
  };
}

export const chainIdentityAgreement = defineCheck(
  {
    id: 'evm.chain.identity-agreement',
    title: 'All nodes of the chain report the same chain id and genesis',
    description:
      'Nodes listed as one network must share chain id, network id and genesis block; a node that differs belongs to another network (alien node) or was misconfigured.',
    targetKinds: ['evm-node'],
    items: [
      'TECH.P2P.ALIEN_ATTACK',
      'DJCP.P2P.NODE_ACCESS_CONTROL',
      'DJCP.CONSENSUS.CONSISTENCY',
      'EXT.P2P.ALIEN_ATTACK',
    ],
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

export const headAgreement = defineCheck(
  {
    id: 'evm.chain.head-agreement',
    title: 'Nodes agree on the chain head and have not forked',
    description: `Compares the latest block of every node: heads more than ${HEAD_TOLERANCE_BLOCKS} blocks apart show a lagging node; different hashes at the same height show a fork (nodes not in consensus).`,
    targetKinds: ['evm-node'],
    items: [
      'DJCP.CONSENSUS.CONSISTENCY',
      'DJCP.LEDGER.SYNCHRONIZATION',
      'DJCP.P2P.NETWORK_STATUS',
      'BIZ.SERVER.NODE_SERVICE.MULTI_NODE_CONFIRMATION',
    ],
    severity: 'high',
    confidence: 'high',
    tags: ['multi-node', 'consensus', 'fork'],
    remediation:
      'Investigate lagging nodes (peers, disk, CPU) and forked nodes (client version, consensus configuration) before trusting their answers.',
    references: ['https://ethereum.org/en/developers/docs/consensus-mechanisms/'],
    level: 'passive',
    granularity: 'chain',
  },
  async (ctx) => {
    if (ctx.group.length < 2) return [{ status: 'not-applicable', message: 'only one node in this chain group' }];
    const heads = await Promise.all(ctx.group.map((_, i) => blockAt(ctx, i, 'latest')));
    const numbers = heads.map((h) => h.number).filter((n): n is bigint => n !== undefined);
    const results: CheckResult[] = [];
    if (numbers.length < heads.length) {
      const missing = ctx.group.filter((_, i) => heads[i].number === undefined).map((t) => t.id);
      results.push({
        key: 'heads',
        status: 'error',
        message: `no head from ${missing.join(', ')}`,
        evidence: heads.map((h) => h.evidence),
      });
      return results;
    }
    const max = numbers.reduce((a, b) => (a > b ? a : b));
    const min = numbers.reduce((a, b) => (a < b ? a : b));
    const lagging = ctx.group
      .filter((_, i) => max - heads[i].number! > BigInt(HEAD_TOLERANCE_BLOCKS))
      .map((t, i) => `${t.id} (${max - heads[i].number!} behind)`);
    results.push({
      key: 'heads',
      status: lagging.length ? 'fail' : 'pass',
      severity: lagging.length ? 'medium' : undefined,
      message: lagging.length
        ? `nodes lag the best head #${max} by more than ${HEAD_TOLERANCE_BLOCKS} blocks: ${lagging.join(', ')}`
        : `heads within ${max - min} block(s) of each other (#${min}–#${max})`,
      evidence: heads.map((h) => h.evidence),
    });
    const atCommon = await Promise.all(ctx.group.map((_, i) => blockAt(ctx, i, `0x${min.toString(16)}`)));
    const hashes = new Map<string, string[]>();
    atCommon.forEach((b, i) => hashes.set(b.hash ?? '?', [...(hashes.get(b.hash ?? '?') ?? []), ctx.group[i].id]));
    const evidence = [...hashes].map(([hash, nodes]) => ({
      label: `block #${min} on ${nodes.join(', ')}`,
      value: hash,
    }));
    results.push(
      hashes.size === 1
        ? { key: 'fork', status: 'pass', message: `all nodes hold the same block at height #${min}`, evidence }
        : {
            key: 'fork',
            status: 'fail',
            severity: 'critical',
            message: `fork: ${hashes.size} different blocks at height #${min}`,
            evidence,
          },
    );
    return results;
  },
);

export const idempotence = defineCheck(
  {
    id: 'evm.chain.idempotence',
    title: 'Same query, same answer: twice and on every node',
    description:
      'Reads the same settled block and the same balance at that block twice from every node; a ledger query must return identical data each time and everywhere (ledger idempotence).',
    targetKinds: ['evm-node'],
    items: ['DJCP.LEDGER.IDEMPOTENCE', 'DJCP.CONSENSUS.CONSISTENCY'],
    severity: 'high',
    confidence: 'high',
    tags: ['multi-node', 'ledger', 'idempotence'],
    remediation:
      'A node answering differently for settled data is faulty or behind a misbehaving proxy/cache: take it out of service and investigate.',
    references: [],
    level: 'passive',
    granularity: 'chain',
  },
  async (ctx) => {
    const heads = await Promise.all(ctx.group.map((_, i) => blockAt(ctx, i, 'latest')));
    const numbers = heads.map((h) => h.number).filter((n): n is bigint => n !== undefined);
    if (numbers.length === 0) return [{ status: 'error', message: 'no node returned a head block' }];
    const min = numbers.reduce((a, b) => (a < b ? a : b));
    const settled = `0x${(min > 0n ? min - 1n : 0n).toString(16)}`;
    const answers: { node: string; round: number; text: string }[] = [];
    for (let round = 1; round <= 2; round++) {
      await Promise.all(
        ctx.group.map(async (t, i) => {
          const b = await blockAt(ctx, i, settled);
          const bal = await ctx.rpc(t).call('eth_getBalance', ['0x0000000000000000000000000000000000000000', settled]);
          answers.push({
            node: t.id,
            round,
            text: `${b.fields ?? 'no block'} balance(0x0)=${bal.ok ? show(bal.result, 80) : 'error'}`,
          });
        }),
      );
    }
    const distinct = new Map<string, string[]>();
    for (const a of answers) distinct.set(a.text, [...(distinct.get(a.text) ?? []), `${a.node}#${a.round}`]);
    const evidence = [
      {
        label: 'query',
        value: `eth_getBlockByNumber(${settled}) and eth_getBalance(0x0…0, ${settled}), twice on each of ${ctx.group.length} node(s)`,
      },
      ...[...distinct].map(([text, who]) => ({ label: who.join(', '), value: show(text, 600) })),
    ];
    if (distinct.size === 1) return [{ status: 'pass', message: `${answers.length} answers identical`, evidence }];
    return [
      {
        status: 'fail',
        message: `${distinct.size} different answers to the same query on settled block ${settled}`,
        evidence,
      },
    ];
  },
);

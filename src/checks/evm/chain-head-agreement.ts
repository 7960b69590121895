import type { CheckResult } from '../types.js';
import { defineCheck } from '../types.js';
import { blockAt } from './probe.js';

const HEAD_TOLERANCE_BLOCKS = 3;

export default defineCheck(
  {
    id: 'evm.chain.head-agreement',
    title: 'Nodes agree on the chain head and have not forked',
    description: `Compares the latest block of every node: heads more than ${HEAD_TOLERANCE_BLOCKS} blocks apart show a lagging node; different hashes at the same height show a fork (nodes not in consensus).`,
    targetKinds: ['evm-node'],
    severity: 'high',
    confidence: 'high',
    tags: ['multi-node', 'consensus', 'fork'],
    remediation:
      'Investigate lagging nodes (peers, disk, CPU) and forked nodes (client version, consensus configuration) before trusting their answers.',
    references: ['https://ethereum.org/en/developers/docs/consensus-mechanisms/'],
    level: 'passive',
    results: {
      heads: { title: 'Node heads within tolerance of each other', severity: 'medium' },
      fork: { title: 'Same block at the common height (no fork)', severity: 'critical' },
    },
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
        result: 'heads',
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
      result: 'heads',
      status: lagging.length ? 'fail' : 'pass',
      severity: lagging.length ? 'medium' : undefined,
      message: lagging.length
        ? `nodes lag the best head #${max} by more than ${HEAD_TOLERANCE_BLOCKS} blocks: ${lagging.join(', ')}`
        : `heads within ${max - min} block(s) of each other (#${min}–#${max})`,
      evidence: heads.map((h) => h.evidence),
    });
    const atCommon = await Promise.all(ctx.group.map((_, i) => blockAt(ctx, i, `0x${min.toString(16)}`)));
    const unread = ctx.group.filter((_, i) => atCommon[i].hash === undefined).map((t) => t.id);
    if (unread.length) {
      results.push({
        key: 'fork',
        result: 'fork',
        status: 'error',
        message: `no block #${min} from ${unread.join(', ')}: whether the nodes forked cannot be told`,
        evidence: atCommon.map((b) => b.evidence),
      });
      return results;
    }
    const hashes = new Map<string, string[]>();
    atCommon.forEach((b, i) => hashes.set(b.hash ?? '?', [...(hashes.get(b.hash ?? '?') ?? []), ctx.group[i].id]));
    const evidence = [...hashes].map(([hash, nodes]) => ({
      label: `block #${min} on ${nodes.join(', ')}`,
      value: hash,
    }));
    results.push(
      hashes.size === 1
        ? {
            key: 'fork',
            result: 'fork',
            status: 'pass',
            message: `all nodes hold the same block at height #${min}`,
            evidence,
          }
        : {
            key: 'fork',
            result: 'fork',
            status: 'fail',
            severity: 'critical',
            message: `fork: ${hashes.size} different blocks at height #${min}`,
            evidence,
          },
    );
    return results;
  },
);

import { defineCheck } from '../types.js';
import { isObject } from './support.js';
import { callEvidence, sharedCall, show, unusable } from '../node-probe.js';

/** A side branch this long means confirmed transactions were (or could be) reversed. */
export const DEEP_FORK_BLOCKS = 6;

export interface ChainTip {
  height: number;
  hash: string;
  branchlen: number;
  status: string;
}

export function asTips(v: unknown): ChainTip[] | undefined {
  if (!Array.isArray(v)) return undefined;
  return v
    .filter(
      (t): t is Record<string, unknown> =>
        isObject(t) && typeof t.height === 'number' && typeof t.status === 'string' && typeof t.branchlen === 'number',
    )
    .slice(0, 1000)
    .map((t) => ({
      height: t.height as number,
      hash: show(t.hash, 64),
      branchlen: t.branchlen as number,
      status: show(t.status, 20),
    }));
}

export default defineCheck(
  {
    id: 'bitcoin.chain.tips',
    title: 'Chain tips: forks and invalid branches seen by the node',
    description:
      'getchaintips lists every branch the node knows. Short valid side branches are ordinary stale blocks; a long one means a deep reorganisation (double-spend window); an invalid branch means someone produced or relayed blocks that break consensus rules and the node rejected them.',
    targetKinds: ['bitcoin-node'],
    severity: 'high',
    confidence: 'high',
    tags: ['consensus', 'forks'],
    remediation:
      'Investigate where the side branch came from (mining pool split, partition, attack); wait for more confirmations while forks are deep; check debug.log for the rejection reason of invalid blocks.',
    references: ['https://developer.bitcoin.org/reference/rpc/getchaintips.html'],
    level: 'passive',
  },
  async (ctx) => {
    const out = await sharedCall(ctx, 'getchaintips');
    const tips = out.ok ? asTips(out.result) : undefined;
    if (!tips) return [unusable('getchaintips', out)];
    const evidence = [
      {
        label: 'getchaintips',
        value: tips
          .slice(0, 15)
          .map((t) => `${t.status} h=${t.height} len=${t.branchlen} ${t.hash.slice(0, 16)}…`)
          .join('; '),
      },
    ];
    const deep = tips.filter((t) => t.status !== 'active' && t.status !== 'invalid' && t.branchlen >= DEEP_FORK_BLOCKS);
    const invalid = tips.filter((t) => t.status === 'invalid');
    const forks = tips.filter((t) => t.status !== 'active' && t.status !== 'invalid');
    if (deep.length)
      return [
        {
          status: 'fail',
          message: `${deep.length} side branch(es) of ${DEEP_FORK_BLOCKS}+ blocks: the chain went through (or risks) a deep reorganisation`,
          evidence,
        },
      ];
    if (invalid.length) {
      return [
        {
          status: 'warn',
          message: `${invalid.length} invalid branch(es): blocks breaking consensus rules reached the node and were rejected`,
          evidence: [...evidence, callEvidence('getchaintips', [], out, 300)],
        },
      ];
    }
    if (forks.length)
      return [
        {
          status: 'warn',
          severity: 'low',
          message: `${forks.length} short side branch(es) (≤ ${DEEP_FORK_BLOCKS - 1} blocks): stale blocks, reorganised away`,
          evidence,
        },
      ];
    return [{ status: 'pass', message: 'a single active chain, no side branch known', evidence }];
  },
);

import { defineCheck } from '../types.js';
import { quantity } from './probe.js';
import { callEvidence, sharedCall, unusable } from '../node-probe.js';

export function judgeSyncing(result: unknown): { status: 'pass' | 'warn' | 'error'; message: string } {
  if (result === false) return { status: 'pass', message: 'node reports it is in sync (eth_syncing false)' };
  if (result && typeof result === 'object') {
    const r = result as Record<string, unknown>;
    const current = quantity(r.currentBlock);
    const highest = quantity(r.highestBlock);
    const behind = current !== undefined && highest !== undefined ? highest - current : undefined;
    return {
      status: 'warn',
      message: `node is syncing${behind !== undefined ? `: ${behind} blocks behind the best known head (${current} of ${highest})` : ''}; its answers are not current`,
    };
  }
  return {
    status: 'error',
    message: 'eth_syncing answered neither false nor a progress object: the sync state cannot be told',
  };
}

export default defineCheck(
  {
    id: 'evm.node.sync-status',
    title: 'Node is synchronised with its network',
    description:
      'A node still syncing serves stale balances and state and cannot judge new blocks; applications relying on it act on old data.',
    targetKinds: ['evm-node'],
    severity: 'medium',
    confidence: 'high',
    tags: ['sync', 'availability'],
    remediation:
      'Keep serving traffic from synced nodes only (health checks on eth_syncing) and investigate nodes that stay behind.',
    references: ['https://ethereum.org/en/developers/docs/apis/json-rpc/#eth_syncing'],
    level: 'passive',
  },
  async (ctx) => {
    const out = await sharedCall(ctx, 'eth_syncing');
    const evidence = [callEvidence('eth_syncing', [], out)];
    if (!out.ok) return [unusable('eth_syncing', out)];
    return [{ ...judgeSyncing(out.result), evidence }];
  },
);

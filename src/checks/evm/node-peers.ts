import type { CheckResult } from '../types.js';
import { defineCheck } from '../types.js';
import { callEvidence, methodAnswers, quantity, sharedCall } from './probe.js';

export function judgePeerCount(
  count: bigint,
  min?: number,
  max?: number,
): { status: 'pass' | 'fail' | 'warn'; message: string } {
  if (min !== undefined && count < BigInt(min))
    return {
      status: 'fail',
      message: `${count} peers, fewer than the minimum ${min}: the node is isolated or easy to eclipse`,
    };
  if (max !== undefined && count > BigInt(max))
    return {
      status: 'fail',
      message: `${count} peers, more than the maximum ${max}: connection limits are not enforced`,
    };
  if (min === undefined && max === undefined)
    return { status: 'warn', message: `${count} peers; no expected range in the scope (expect.minPeers / maxPeers)` };
  return { status: 'pass', message: `${count} peers, within the expected range` };
}

export default defineCheck(
  {
    id: 'evm.node.peers',
    title: 'Peer count within limits and P2P listening as intended',
    description:
      'Too few peers isolate a node (eclipse, stale view); more than intended means connection limits are missing. net_listening shows whether the node accepts inbound P2P connections.',
    targetKinds: ['evm-node'],
    severity: 'medium',
    confidence: 'high',
    tags: ['p2p', 'peers'],
    remediation:
      'Set explicit peer limits (geth --maxpeers, besu --max-peers) and static or trusted peers for consortium nodes; alert on peer counts outside the range.',
    references: ['https://ethereum.org/en/developers/docs/apis/json-rpc/#net_peercount'],
    level: 'passive',
  },
  async (ctx) => {
    const { minPeers, maxPeers } = ctx.target.expect;
    const [peers, listening] = await Promise.all([sharedCall(ctx, 'net_peerCount'), sharedCall(ctx, 'net_listening')]);
    const results: CheckResult[] = [];
    const count = peers.ok ? quantity(peers.result) : undefined;
    const peerEvidence = [callEvidence('net_peerCount', [], peers)];
    if (count !== undefined)
      results.push({ key: 'peer-count', ...judgePeerCount(count, minPeers, maxPeers), evidence: peerEvidence });
    else if (!methodAnswers(peers))
      results.push({
        key: 'peer-count',
        status: 'not-applicable',
        message: 'the node has no peer-to-peer layer to count (net_peerCount not offered)',
        evidence: peerEvidence,
      });
    else
      results.push({
        key: 'peer-count',
        status: 'warn',
        message: 'net_peerCount answered something that is not a count',
        evidence: peerEvidence,
      });
    const listenEvidence = [callEvidence('net_listening', [], listening)];
    if (listening.ok && typeof listening.result === 'boolean') {
      results.push({
        key: 'listening',
        status: listening.result || minPeers === undefined ? 'pass' : 'warn',
        severity: 'info',
        message: listening.result
          ? 'node accepts inbound P2P connections (net_listening true)'
          : 'node does not listen for inbound P2P connections',
        evidence: listenEvidence,
      });
    }
    return results;
  },
);

import type { CheckResult } from '../types.js';
import { defineCheck } from '../types.js';
import { quantity } from './probe.js';
import { callEvidence, methodAnswer, sharedCall, unusable } from '../node-probe.js';
import { clientVersion } from './rpc-client-version.js';

/**
 * Development nodes that simulate a chain in one process: they have no peer-to-peer layer at all,
 * and answer net_listening (and, some, net_peerCount) with constants.
 */
const WITHOUT_P2P: { client: RegExp; name: string }[] = [
  { client: /^anvil\//i, name: 'anvil' },
  { client: /^HardhatNetwork\//i, name: 'Hardhat Network' },
  { client: /^Ganache\/|EthereumJS TestRPC/i, name: 'Ganache' },
];

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
    results: {
      'peer-count': { title: 'Peer count within the expected range' },
      listening: { title: 'Node listens for inbound P2P connections as intended', severity: 'info' },
    },
  },
  async (ctx) => {
    const { minPeers, maxPeers } = ctx.target.expect;
    const [peers, listening, version] = await Promise.all([
      sharedCall(ctx, 'net_peerCount'),
      sharedCall(ctx, 'net_listening'),
      clientVersion(ctx),
    ]);
    const peerEvidence = [callEvidence('net_peerCount', [], peers)];
    const listenEvidence = [callEvidence('net_listening', [], listening)];
    const devNode = version.version ? WITHOUT_P2P.find((d) => d.client.test(version.version!)) : undefined;
    if (devNode) {
      const why = `${devNode.name} simulates a chain in one process and has no peer-to-peer layer; its net_* answers are constants, not observations`;
      return [
        {
          key: 'peer-count',
          result: 'peer-count',
          status: 'not-applicable',
          message: why,
          evidence: [version.evidence, ...peerEvidence],
        },
        {
          key: 'listening',
          result: 'listening',
          status: 'not-applicable',
          message: why,
          evidence: [version.evidence, ...listenEvidence],
        },
      ];
    }
    const results: CheckResult[] = [];
    const count = peers.ok ? quantity(peers.result) : undefined;
    if (count !== undefined)
      results.push({
        key: 'peer-count',
        result: 'peer-count',
        ...judgePeerCount(count, minPeers, maxPeers),
        evidence: peerEvidence,
      });
    else if (methodAnswer(peers) === 'absent')
      results.push({
        key: 'peer-count',
        result: 'peer-count',
        status: 'not-applicable',
        message: 'the node has no peer-to-peer layer to count (net_peerCount not offered)',
        evidence: peerEvidence,
      });
    else results.push({ ...unusable('net_peerCount', peers), key: 'peer-count', result: 'peer-count' });
    if (listening.ok && typeof listening.result === 'boolean')
      results.push({
        key: 'listening',
        result: 'listening',
        status: listening.result || minPeers === undefined ? 'pass' : 'warn',
        message: listening.result
          ? 'node accepts inbound P2P connections (net_listening true)'
          : 'node does not listen for inbound P2P connections',
        evidence: listenEvidence,
      });
    else if (methodAnswer(listening) === 'absent')
      results.push({
        key: 'listening',
        result: 'listening',
        status: 'not-applicable',
        message: 'the node does not report whether it listens for peers (net_listening not offered)',
        evidence: listenEvidence,
      });
    else results.push({ ...unusable('net_listening', listening), key: 'listening', result: 'listening' });
    return results;
  },
);

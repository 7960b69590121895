import type { Evidence } from '../../model.js';
import type { EvmNodeTarget } from '../../scope/schema.js';
import { defineCheck } from '../types.js';
import { quantity, type EvmContext } from './probe.js';
import { callEvidence, outcomeText, sharedCall, show } from '../node-probe.js';

export interface ChainIdentity {
  chainId?: bigint;
  networkId?: string;
  genesisHash?: string;
  /** The calls that gave no usable value (refused, not JSON-RPC, or not a chain id / network id / block). */
  unreadable: string[];
  evidence: Evidence[];
}

/** Chain id, network id and genesis hash as the node reports them; shared with the multi-node checks. */
export async function chainIdentity(ctx: EvmContext, target: EvmNodeTarget = ctx.target): Promise<ChainIdentity> {
  const [chainId, networkId, genesis] = await Promise.all([
    sharedCall(ctx, 'eth_chainId', [], target),
    sharedCall(ctx, 'net_version', [], target),
    sharedCall<{ hash?: unknown } | null>(ctx, 'eth_getBlockByNumber', ['0x0', false], target),
  ]);
  const hash =
    genesis.ok &&
    genesis.result &&
    typeof genesis.result.hash === 'string' &&
    /^0x[0-9a-fA-F]{64}$/.test(genesis.result.hash)
      ? genesis.result.hash.toLowerCase()
      : undefined;
  const id = {
    chainId: chainId.ok ? quantity(chainId.result) : undefined,
    networkId:
      networkId.ok && typeof networkId.result === 'string' && /^\d{1,30}$/.test(networkId.result)
        ? networkId.result
        : undefined,
    genesisHash: hash,
  };
  return {
    ...id,
    unreadable: [
      ...(id.chainId === undefined ? ['eth_chainId'] : []),
      ...(id.networkId === undefined ? ['net_version'] : []),
      ...(id.genesisHash === undefined ? ['eth_getBlockByNumber(0x0)'] : []),
    ],
    evidence: [
      callEvidence('eth_chainId', [], chainId),
      callEvidence('net_version', [], networkId),
      {
        label: 'eth_getBlockByNumber(0x0).hash',
        value: hash ?? (genesis.ok ? show(genesis.result) : outcomeText(genesis)),
      },
    ],
  };
}

export default defineCheck(
  {
    id: 'evm.node.chain-identity',
    title: 'Node is on the expected chain (chain id, network id, genesis)',
    description:
      'A node that reports another chain id, network id or genesis block than the operator expects has joined, or been pulled into, a different network ("alien attack"): its data and the transactions it relays are not those of the audited chain.',
    targetKinds: ['evm-node'],
    severity: 'high',
    confidence: 'high',
    tags: ['chain', 'identity', 'p2p'],
    remediation:
      "Pin the network id and genesis in the node's configuration and peer only with known nodes (static peers, a bootnode you control).",
    references: ['https://eips.ethereum.org/EIPS/eip-155', 'https://eips.ethereum.org/EIPS/eip-695'],
    level: 'passive',
  },
  async (ctx) => {
    const id = await chainIdentity(ctx);
    if (id.unreadable.length)
      return [
        {
          status: 'error',
          message: `no usable answer to ${id.unreadable.join(', ')}: which chain the node is on cannot be told`,
          evidence: id.evidence,
        },
      ];
    const expect = ctx.target.expect;
    const mismatches: string[] = [];
    if (expect.chainId !== undefined && id.chainId !== BigInt(expect.chainId))
      mismatches.push(`chain id ${id.chainId ?? 'unknown'} ≠ expected ${expect.chainId}`);
    if (expect.networkId !== undefined && id.networkId !== expect.networkId)
      mismatches.push(`network id ${id.networkId ?? 'unknown'} ≠ expected ${expect.networkId}`);
    if (expect.genesisHash !== undefined && id.genesisHash !== expect.genesisHash.toLowerCase())
      mismatches.push(`genesis ${id.genesisHash ?? 'unknown'} ≠ expected ${expect.genesisHash}`);
    const observed = `chain id ${id.chainId ?? '?'}, network id ${id.networkId ?? '?'}, genesis ${id.genesisHash ?? '?'}`;
    if (mismatches.length)
      return [
        {
          status: 'fail',
          message: `node is not on the expected chain: ${mismatches.join('; ')}`,
          evidence: id.evidence,
        },
      ];
    if (expect.chainId === undefined && expect.networkId === undefined && expect.genesisHash === undefined) {
      return [
        {
          status: 'warn',
          severity: 'info',
          message: `no expected identity in the scope (expect.chainId / genesisHash); observed ${observed}`,
          evidence: id.evidence,
        },
      ];
    }
    return [{ status: 'pass', message: `identity matches the scope: ${observed}`, evidence: id.evidence }];
  },
);

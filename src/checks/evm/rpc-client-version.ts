import { defineCheck } from '../types.js';
import { type EvmContext } from './probe.js';
import type { Evidence } from '../../model.js';
import { callEvidence, methodAnswer, sharedCall, show } from '../node-probe.js';

/**
 * The node's self-reported version string, bounded and stripped of control characters; shared by
 * the version checks. `unreadable` says why there is none when the node neither answered a version
 * nor said it has no such method.
 */
export async function clientVersion(
  ctx: EvmContext,
): Promise<{ version?: string; unreadable?: string; evidence: Evidence }> {
  const out = await sharedCall<unknown>(ctx, 'web3_clientVersion');
  const evidence = callEvidence('web3_clientVersion', [], out, 200);
  if (out.ok && typeof out.result === 'string' && out.result.trim())
    return { version: show(out.result.trim(), 200), evidence };
  const answer = methodAnswer(out);
  if (answer === 'absent') return { evidence };
  return {
    unreadable: out.ok
      ? 'web3_clientVersion answered something that is not a version string'
      : `web3_clientVersion: ${answer}`,
    evidence,
  };
}

export default defineCheck(
  {
    id: 'evm.rpc.client-version',
    title: 'Node discloses its client and version',
    description:
      'web3_clientVersion tells any caller which client, version, operating system and runtime the node runs, so an attacker can pick matching exploits without probing. Internet-wide scanners collect exactly this field.',
    targetKinds: ['evm-node'],
    severity: 'low',
    confidence: 'high',
    tags: ['rpc', 'fingerprint', 'information-leak'],
    remediation:
      'Filter web3_clientVersion (and admin_/debug_ methods) at the reverse proxy for callers outside the operations team; keep the client patched since the version cannot be hidden from peers.',
    references: ['https://ethereum.org/en/developers/docs/apis/json-rpc/#web3_clientversion'],
    level: 'passive',
  },
  async (ctx) => {
    const { version, unreadable, evidence } = await clientVersion(ctx);
    if (unreadable)
      return [
        { status: 'error', message: `${unreadable}: what the node discloses cannot be told`, evidence: [evidence] },
      ];
    if (!version)
      return [{ status: 'pass', message: 'web3_clientVersion is not offered to this caller', evidence: [evidence] }];
    const detail = /\//.test(version) && /\d+\.\d+/.test(version);
    return [
      {
        status: 'warn',
        severity: detail ? 'low' : 'info',
        message: `the node tells any caller it runs ${version}`,
        evidence: [evidence],
      },
    ];
  },
);

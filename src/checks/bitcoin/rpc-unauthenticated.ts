import { defineCheck } from '../types.js';
import { anonymousRpc, callEvidence, exposureOf, outcomeText, tryCall } from '../node-probe.js';

export default defineCheck(
  {
    id: 'bitcoin.rpc.unauthenticated',
    title: 'Node RPC answers without credentials',
    description:
      'Bitcoin Core and its forks always require HTTP Basic credentials on RPC; a node (or a proxy in front of it that injects them) answering an anonymous call hands wallet, mining and peer control to anyone who can reach the port.',
    targetKinds: ['bitcoin-node'],
    severity: 'critical',
    confidence: 'high',
    tags: ['rpc', 'auth'],
    remediation:
      'Never let a proxy add credentials for callers; keep rpcauth (hashed) credentials on the node, bind RPC to loopback or a management network and restrict rpcallowip.',
    references: ['https://github.com/bitcoin/bitcoin/blob/master/doc/JSON-RPC-interface.md#security'],
    level: 'passive',
  },
  async (ctx) => {
    const { out, failure } = await tryCall(anonymousRpc(ctx), 'getblockcount');
    if (!out) return [{ status: 'error', message: `the RPC endpoint could not be reached: ${failure}` }];
    const evidence = [callEvidence('getblockcount without credentials', [], out)];
    const challenge = out.http.headers['www-authenticate'];
    if (out.http.status === 401 || out.http.status === 403) {
      return [
        {
          status: 'pass',
          message: `an anonymous call is refused with HTTP ${out.http.status}${challenge ? ` (${String(challenge).slice(0, 60)})` : ''}`,
          evidence,
        },
      ];
    }
    if (out.ok || out.error) {
      const exposed = exposureOf(ctx.target) !== 'loopback';
      return [
        {
          status: 'fail',
          severity: exposed ? 'critical' : 'high',
          message: `an anonymous caller gets a JSON-RPC answer (HTTP ${out.http.status}) from ${exposed ? 'a node reachable beyond its host' : 'a loopback node'}`,
          evidence,
        },
      ];
    }
    return [
      {
        status: 'error',
        message: `the endpoint answered an anonymous call with something that is neither JSON-RPC nor a refusal (${outcomeText(out, 160)}): whether it demands credentials cannot be told`,
        evidence,
      },
    ];
  },
);

import { errorMessage } from '../../errors.js';
import { maskUrl } from '../../mask.js';
import { defineCheck } from '../types.js';
import { anonymousRpc, callEvidence, exposureOf, outcomeText } from '../node-probe.js';

/** JSON-RPC errors gateways give callers without a token or key, sometimes with HTTP 200. */
const AUTH_REFUSAL = /\bunauthori[sz]ed\b|\bauthenticat|\bforbidden\b|\b(api[ -]?key|access token|bearer)\b/i;

export default defineCheck(
  {
    id: 'evm.rpc.no-auth',
    title: 'JSON-RPC answers without authentication',
    description:
      'An Ethereum JSON-RPC endpoint that answers anyone lets every caller read the node, spend its compute and reach whatever namespaces it enables. Nodes beyond loopback need authentication (a reverse proxy with tokens or mutual TLS) and an address allowlist.',
    targetKinds: ['evm-node'],
    severity: 'high',
    confidence: 'high',
    tags: ['rpc', 'auth', 'exposure'],
    remediation:
      'Bind the RPC to 127.0.0.1 or a private interface, and put authentication (bearer token, mutual TLS) and an IP allowlist in front of any endpoint reachable from other hosts.',
    references: [
      'https://geth.ethereum.org/docs/fundamentals/security',
      'https://geth.ethereum.org/docs/interacting-with-geth/rpc',
    ],
    level: 'passive',
  },
  async (ctx) => {
    const t = ctx.target;
    const exposure = exposureOf(t);
    let out;
    try {
      out = await anonymousRpc(ctx).call('eth_chainId');
    } catch (err) {
      return [
        { status: 'error', message: `the RPC endpoint ${maskUrl(t.rpc)} could not be reached: ${errorMessage(err)}` },
      ];
    }
    const evidence = [
      { label: 'request', value: `POST ${maskUrl(t.rpc)} eth_chainId without credentials` },
      callEvidence('eth_chainId', [], out),
      { label: 'exposure', value: `${exposure}${t.exposure ? ' (from scope)' : ' (inferred from the address)'}` },
    ];
    const status = out.http.status;
    if (status >= 400 && status < 500)
      return [{ status: 'pass', message: `anonymous request refused (HTTP ${status})`, evidence }];
    if (!out.ok && AUTH_REFUSAL.test(out.error?.message ?? ''))
      return [{ status: 'pass', message: 'anonymous request refused by a JSON-RPC authentication error', evidence }];
    if (out.malformed || status >= 500)
      return [
        {
          status: 'error',
          message: `the anonymous request got neither a JSON-RPC answer nor a refusal (${outcomeText(out, 160)}): whether authentication is enforced cannot be told`,
          evidence,
        },
      ];
    if (t.auth) {
      return [
        {
          status: 'fail',
          severity: 'critical',
          message:
            'the scope gives credentials for this node, yet it answers the same call without them: authentication is not enforced',
          evidence,
        },
      ];
    }
    if (exposure === 'loopback') {
      if (t.exposure === 'loopback') {
        return [
          {
            status: 'pass',
            message: 'answers without authentication, but the scope declares it reachable from this host only',
            evidence,
          },
        ];
      }
      return [
        {
          status: 'warn',
          severity: 'low',
          message:
            'answers without authentication on a loopback address: any local process (and a browser page via DNS rebinding) can use it; declare `exposure: loopback` if that is intended',
          evidence,
        },
      ];
    }
    return [
      {
        status: 'fail',
        severity: exposure === 'public' ? 'critical' : 'high',
        message: `answers JSON-RPC without authentication on a ${exposure} address`,
        evidence,
      },
    ];
  },
);

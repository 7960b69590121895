import { httpRequest } from '../../clients/http.js';
import { parseRpcResponse } from '../../clients/rpc.js';
import { errorMessage } from '../../errors.js';
import { maskUrl } from '../../mask.js';
import { defineCheck } from '../types.js';
import { outcomeText } from '../node-probe.js';

const FOREIGN_HOST = 'evil.example';

export default defineCheck(
  {
    id: 'evm.rpc.host-header',
    title: 'RPC does not check the Host header (DNS rebinding)',
    description:
      "A node that answers whatever Host header it receives can be reached by a web page through DNS rebinding: the attacker's domain is re-pointed to the node's address and the browser then treats the node as same-origin, bypassing CORS. A virtual-host allowlist closes this.",
    targetKinds: ['evm-node'],
    severity: 'medium',
    confidence: 'high',
    tags: ['rpc', 'dns-rebinding', 'browser'],
    remediation:
      'Restrict accepted Host names (geth --http.vhosts node.internal; erigon --http.vhosts) or put a reverse proxy in front that only serves the expected server names.',
    references: [
      'https://geth.ethereum.org/docs/fundamentals/command-line-options',
      'https://en.wikipedia.org/wiki/DNS_rebinding',
    ],
    level: 'passive',
  },
  async (ctx) => {
    const t = ctx.target;
    let res;
    try {
      res = await httpRequest({
        url: t.rpc,
        method: 'POST',
        headers: { host: FOREIGN_HOST, 'content-type': 'application/json', ...(ctx.rpc(t).options.headers ?? {}) },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
        timeoutMs: 10_000,
        maxBytes: 64 * 1024,
        signal: ctx.signal,
      });
    } catch (err) {
      return [{ status: 'error', message: `Host header probe failed: ${errorMessage(err)}` }];
    }
    const out = parseRpcResponse(res);
    const evidence = [
      { label: `POST ${maskUrl(t.rpc)} eth_chainId with Host: ${FOREIGN_HOST}`, value: outcomeText(out) },
    ];
    if (out.ok) {
      return [
        {
          status: 'fail',
          message: `answered a request addressed to Host: ${FOREIGN_HOST}: no virtual-host check, open to DNS rebinding`,
          evidence,
        },
      ];
    }
    if (res.status >= 400 && res.status < 500)
      return [
        { status: 'pass', message: `refused a request addressed to a foreign Host (HTTP ${res.status})`, evidence },
      ];
    return [
      {
        status: 'error',
        message: `a request addressed to a foreign Host got neither an answer nor a refusal (HTTP ${res.status}): whether Host names are checked cannot be told`,
        evidence,
      },
    ];
  },
);

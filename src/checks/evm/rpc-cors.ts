import { httpRequest, type HttpResponse } from '../../clients/http.js';
import { parseRpcResponse } from '../../clients/rpc.js';
import { errorMessage } from '../../errors.js';
import { maskUrl } from '../../mask.js';
import type { Evidence } from '../../model.js';
import { defineCheck } from '../types.js';
import { headerValue } from './probe.js';
import { show } from '../node-probe.js';

export const HOSTILE_ORIGIN = 'https://evil.example';

function corsHeaders(res: HttpResponse): string {
  const names = [
    'access-control-allow-origin',
    'access-control-allow-credentials',
    'access-control-allow-methods',
    'access-control-allow-headers',
  ];
  const seen = names.map((n) => [n, headerValue(res.headers, n)] as const).filter(([, v]) => v !== undefined);
  return seen.length ? seen.map(([n, v]) => `${n}: ${show(v, 200)}`).join('; ') : '(no CORS headers)';
}

export default defineCheck(
  {
    id: 'evm.rpc.cors',
    title: 'RPC allows cross-origin calls from any web page',
    description:
      'A wildcard or reflected Access-Control-Allow-Origin lets any web page the operator visits call the node from the browser, reading data and using whatever the node offers (unlocked accounts, dev namespaces). With credentials allowed, it also rides on cookies or proxy sessions.',
    targetKinds: ['evm-node'],
    severity: 'high',
    confidence: 'high',
    tags: ['rpc', 'cors', 'browser'],
    remediation:
      'Allow only the origins of your own front ends (geth --http.corsdomain https://app.example; anvil --allow-origin; or --no-cors) and never combine a reflected origin with Access-Control-Allow-Credentials.',
    references: [
      'https://fetch.spec.whatwg.org/#http-cors-protocol',
      'https://geth.ethereum.org/docs/fundamentals/command-line-options',
    ],
    level: 'passive',
  },
  async (ctx) => {
    const t = ctx.target;
    const bounds = { timeoutMs: 10_000, maxBytes: 64 * 1024, signal: ctx.signal };
    let preflight: HttpResponse;
    let post: HttpResponse;
    try {
      preflight = await httpRequest({
        url: t.rpc,
        method: 'OPTIONS',
        headers: {
          origin: HOSTILE_ORIGIN,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
        ...bounds,
      });
      post = await httpRequest({
        url: t.rpc,
        method: 'POST',
        headers: { origin: HOSTILE_ORIGIN, 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
        ...bounds,
      });
    } catch (err) {
      return [{ status: 'error', message: `CORS probe failed: ${errorMessage(err)}` }];
    }
    const evidence: Evidence[] = [
      {
        label: `OPTIONS ${maskUrl(t.rpc)} Origin: ${HOSTILE_ORIGIN}`,
        value: `HTTP ${preflight.status}; ${corsHeaders(preflight)}`,
      },
      { label: `POST eth_chainId Origin: ${HOSTILE_ORIGIN}`, value: `HTTP ${post.status}; ${corsHeaders(post)}` },
    ];
    const answer = parseRpcResponse(post);
    const refused = post.status >= 400 && post.status < 500;
    const allowed = [preflight, post].map((r) => headerValue(r.headers, 'access-control-allow-origin')?.trim());
    const credentials = [preflight, post].some(
      (r) => headerValue(r.headers, 'access-control-allow-credentials')?.trim().toLowerCase() === 'true',
    );
    const wildcard = allowed.includes('*');
    const reflected = allowed.includes(HOSTILE_ORIGIN);
    if (reflected) {
      return [
        {
          status: 'fail',
          severity: credentials ? 'critical' : 'high',
          message: `reflects an arbitrary Origin (${HOSTILE_ORIGIN})${credentials ? ' and allows credentials' : ''}: any web page can call this node from a visitor's browser`,
          evidence,
        },
      ];
    }
    if (wildcard) {
      return [
        {
          status: 'fail',
          message: "Access-Control-Allow-Origin: * — any web page can call this node from a visitor's browser",
          evidence,
        },
      ];
    }
    if (!refused && answer.malformed)
      return [
        {
          status: 'error',
          message: `the POST from a foreign origin got neither a JSON-RPC answer nor a refusal (${show(answer.malformed, 160)}): what a browser page could do cannot be told`,
          evidence,
        },
      ];
    const granted = allowed.filter((a): a is string => !!a);
    const expected = t.expect.allowedOrigins;
    if (expected && granted.some((g) => !expected.includes(g))) {
      return [
        {
          status: 'warn',
          severity: 'medium',
          message: `allows origin(s) outside the scope's allowedOrigins: ${show(granted.join(', '), 200)}`,
          evidence,
        },
      ];
    }
    return [
      {
        status: 'pass',
        message: granted.length
          ? `a foreign origin is not granted; allowed origin is fixed to ${show(granted[0], 200)}`
          : 'no cross-origin access granted to a foreign origin',
        evidence,
      },
    ];
  },
);

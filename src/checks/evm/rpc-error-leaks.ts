import { bodyText } from '../../clients/http.js';
import { parseRpcResponse } from '../../clients/rpc.js';
import type { Evidence } from '../../model.js';
import { defineCheck } from '../types.js';
import { show } from '../node-probe.js';

/** Patterns that only appear when a server hands its internals to the caller. */
const LEAKS: [name: string, pattern: RegExp][] = [
  ['JavaScript stack trace', /\bat (?:async )?[\w$.<>[\] ]{0,120}\(?[^()\s"]{0,300}[/\\][^()\s"]{0,300}:\d+:\d+\)?/],
  ['Go panic or goroutine dump', /\bgoroutine \d+ \[|panic: runtime error/],
  ['Rust panic', /thread '[^']*' panicked at/],
  ['Java stack trace', /\bat [\w$.]+\([\w$]+\.java:\d+\)/],
  ['Python traceback', /Traceback \(most recent call last\)/],
  [
    'absolute file path',
    /(?:^|[\s"'(=])(?:\/(?:home|root|usr|opt|var|srv|work|tmp|Users|app)\/[\w.@-]+(?:\/[\w.@-]+)+|[A-Za-z]:\\(?:Users|Program Files|ProgramData)\\[^\s"']+)/,
  ],
];

/** Calls that make nodes produce errors: unknown method, malformed parameters, a body that is not JSON. */
const PROVOCATIONS: [label: string, body: string][] = [
  ['unknown method', JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'chainaudit_unknownMethod', params: [] })],
  [
    'malformed parameter',
    JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'eth_getBalance', params: ['not-an-address', 'latest'] }),
  ],
  [
    'parameter of the wrong type',
    JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'eth_getBlockByNumber', params: [{ nested: [1] }, 'yes'] }),
  ],
];

const SCAN_CHARS = 64 * 1024;

export function findLeaks(body: string): { name: string; excerpt: string }[] {
  const text = body.slice(0, SCAN_CHARS);
  const found: { name: string; excerpt: string }[] = [];
  for (const [name, pattern] of LEAKS) {
    const m = pattern.exec(text);
    if (m) found.push({ name, excerpt: show(text.slice(Math.max(0, m.index - 20), m.index + m[0].length + 40), 160) });
  }
  return found;
}

export default defineCheck(
  {
    id: 'evm.rpc.error-leaks',
    title: 'RPC error answers leak stack traces or file paths',
    description:
      'Error bodies carrying stack traces, source paths or panic dumps tell a caller the runtime, install layout, user names and code locations, which guides further attacks. Error answers should carry a code and a short message only.',
    targetKinds: ['evm-node'],
    severity: 'medium',
    confidence: 'high',
    tags: ['rpc', 'information-leak', 'errors'],
    remediation:
      'Run the node in production mode without debug error output, or strip error details (stack, data) at the reverse proxy.',
    references: [
      'https://owasp.org/www-community/Improper_Error_Handling',
      'https://cwe.mitre.org/data/definitions/209.html',
    ],
    level: 'passive',
  },
  async (ctx) => {
    const rpc = ctx.rpc(ctx.target);
    const evidence: Evidence[] = [];
    const leaks: string[] = [];
    let errorAnswers = 0;
    for (const [label, body] of PROVOCATIONS) {
      const res = await rpc.raw(body);
      const found = findLeaks(res.body.toString('utf8'));
      if (parseRpcResponse(res).error) errorAnswers++;
      evidence.push({
        label: `${label}: ${show(body, 140)}`,
        value: `HTTP ${res.status}: ${bodyText(res.body, found.length ? 400 : 160)}`,
      });
      for (const f of found) {
        leaks.push(`${f.name} (${label})`);
        evidence.push({ label: `leak: ${f.name}`, value: f.excerpt });
      }
    }
    if (leaks.length)
      return [
        { status: 'fail', message: `error answers disclose internals: ${[...new Set(leaks)].join('; ')}`, evidence },
      ];
    if (errorAnswers === 0)
      return [
        {
          status: 'error',
          message: `none of the ${PROVOCATIONS.length} provoking calls came back as a JSON-RPC error: what the node's errors disclose cannot be told`,
          evidence,
        },
      ];
    return [
      {
        status: 'pass',
        message: `no stack trace or file path in ${errorAnswers} provoked JSON-RPC error answer(s)`,
        evidence,
      },
    ];
  },
);

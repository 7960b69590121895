import { bodyText, type HttpResponse } from '../../clients/http.js';
import { parseRpcResponse, RpcClient } from '../../clients/rpc.js';
import type { CheckResult } from '../types.js';
import { defineCheck } from '../types.js';
import { tryCall } from '../node-probe.js';

/** Bitcoin Core caps request bodies at MAX_SIZE (32 MiB, httpserver.cpp); one byte more must be refused. */
const OVERSIZED_BYTES = 32 * 1024 * 1024 + 1024;
const NESTING_DEPTH = 10_000;
const BATCH_SIZE = 1000;

interface Probe {
  name: string;
  title: string;
  sent: string;
  body: () => Buffer;
}

export const PROBES: Probe[] = [
  {
    name: 'malformed-json',
    title: 'Truncated JSON body',
    sent: 'a truncated JSON object',
    body: () => Buffer.from('{"jsonrpc":"1.0","id":1,"method":"getblockcount","params":['),
  },
  {
    name: 'invalid-utf8',
    title: 'Body that is not UTF-8',
    sent: 'bytes that are not UTF-8',
    body: () => Buffer.from([0x7b, 0xff, 0xfe, 0xc3, 0x28, 0xa0, 0xa1, 0x7d]),
  },
  {
    name: 'unknown-method',
    title: 'Unknown method',
    sent: 'a call to a method that does not exist',
    body: () => Buffer.from(JSON.stringify({ jsonrpc: '1.0', id: 1, method: 'chainaudit_no_such_method', params: [] })),
  },
  {
    name: 'deep-nesting',
    title: 'Deeply nested parameters',
    sent: `parameters nested ${NESTING_DEPTH} arrays deep`,
    body: () =>
      Buffer.from(
        `{"jsonrpc":"1.0","id":1,"method":"getblockcount","params":${'['.repeat(NESTING_DEPTH)}${']'.repeat(NESTING_DEPTH)}}`,
      ),
  },
  {
    name: 'large-batch',
    title: 'Large batch',
    sent: `a batch of ${BATCH_SIZE} getblockcount calls`,
    body: () =>
      Buffer.from(
        JSON.stringify(
          Array.from({ length: BATCH_SIZE }, (_, i) => ({
            jsonrpc: '1.0',
            id: i,
            method: 'getblockcount',
            params: [],
          })),
        ),
      ),
  },
  {
    name: 'oversized-body',
    title: 'Body over the size cap',
    sent: `a ${OVERSIZED_BYTES}-byte body (over the 32 MiB cap)`,
    body: () => {
      const head = Buffer.from('{"jsonrpc":"1.0","id":1,"method":"chainaudit_no_such_method","params":["');
      const tail = Buffer.from('"]}');
      return Buffer.concat([head, Buffer.alloc(OVERSIZED_BYTES - head.length - tail.length, 0x61), tail]);
    },
  },
];

function describe(res: HttpResponse): { kind: 'error' | 'success' | 'other'; text: string } {
  if (res.status >= 400) return { kind: 'error', text: `HTTP ${res.status} ${bodyText(res.body, 120)}` };
  const text = res.body.toString('utf8', 0, Math.min(res.body.length, 200_000));
  if (text.trimStart().startsWith('[')) {
    try {
      const arr = JSON.parse(text) as unknown[];
      if (Array.isArray(arr)) return { kind: 'success', text: `HTTP ${res.status}, batch of ${arr.length} answers` };
    } catch {
      // fall through to the single-response reading
    }
  }
  const parsed = parseRpcResponse(res);
  if (parsed.ok) return { kind: 'success', text: `HTTP ${res.status}, result ${bodyText(res.body, 120)}` };
  if (parsed.error)
    return {
      kind: 'error',
      text: `HTTP ${res.status}, error ${parsed.error.code}: ${parsed.error.message.slice(0, 120)}`,
    };
  return { kind: 'other', text: parsed.malformed ?? `HTTP ${res.status}` };
}

async function alive(client: RpcClient): Promise<{ up: boolean; text: string }> {
  const { out, failure } = await tryCall(client, 'getblockcount');
  if (!out) return { up: false, text: failure ?? 'no answer' };
  return {
    up: out.ok || out.error !== undefined || out.http.status === 401 || out.http.status === 403,
    text: `HTTP ${out.http.status}${out.ok ? `, height ${String(out.result).slice(0, 12)}` : ''}`,
  };
}

export default defineCheck(
  {
    id: 'bitcoin.rpc.robustness',
    title: 'RPC survives malformed and oversized requests',
    description:
      'Sends, one at a time, a truncated JSON body, invalid UTF-8, an unknown method, 10,000-deep nesting, a 1,000-call batch and a body over the 32 MiB cap. Each must get an error (or, for the batch, bounded answers) and the node must keep answering afterwards: a crash or hang is a remote denial of service.',
    targetKinds: ['bitcoin-node'],
    severity: 'high',
    confidence: 'high',
    tags: ['rpc', 'robustness', 'dos'],
    remediation:
      'Upgrade the client; put a proxy with body-size, batch-size and rate limits in front of RPC; supervise the node process (systemd Restart=on-failure) and alert on restarts.',
    references: ['https://github.com/bitcoin/bitcoin/blob/v0.21.0/src/httpserver.cpp'],
    level: 'intrusive',
    timeoutMs: 180_000,
    results: Object.fromEntries(PROBES.map((p) => [p.name, { title: p.title }])),
  },
  async (ctx) => {
    // the run's shared client lives as long as the run: this one stops the moment the check's time is up
    const client = new RpcClient({ ...ctx.rpc(ctx.target).options, signal: ctx.signal });
    const before = await alive(client);
    if (!before.up)
      return [
        {
          status: 'error',
          message: `the node does not answer before probing (${before.text}); nothing was sent`,
          key: 'precondition',
        },
      ];
    const results: CheckResult[] = [];
    for (const probe of PROBES) {
      if (ctx.signal.aborted) break;
      let answer: string;
      let kind: 'error' | 'success' | 'other' | 'closed';
      try {
        const res = await client.raw(probe.body());
        ({ kind, text: answer } = describe(res));
      } catch (err) {
        kind = 'closed';
        answer = `no HTTP answer: ${err instanceof Error ? err.message : String(err)}`;
      }
      const after = await alive(client);
      const evidence = [
        { label: `sent ${probe.sent}`, value: answer },
        { label: 'getblockcount afterwards', value: after.text },
      ];
      if (!after.up) {
        results.push({
          status: 'fail',
          message: `after ${probe.sent} the node stopped answering RPC (${after.text})`,
          evidence,
          key: probe.name,
          result: probe.name,
        });
      } else if (kind === 'other') {
        results.push({
          status: 'error',
          message: `${probe.sent} got an answer that is neither JSON-RPC nor an HTTP error (${answer.slice(0, 80)}): how the node handled it cannot be told`,
          evidence,
          key: probe.name,
          result: probe.name,
        });
      } else if (kind === 'success' && probe.name !== 'large-batch') {
        results.push({
          status: 'warn',
          message: `${probe.sent} was accepted as a valid request instead of being refused`,
          evidence,
          key: probe.name,
          result: probe.name,
        });
      } else {
        results.push({
          status: 'pass',
          message: `${probe.sent}: ${kind === 'closed' ? 'refused by closing the connection' : 'answered'} (${answer.slice(0, 80)}); the node kept answering`,
          evidence,
          key: probe.name,
          result: probe.name,
        });
      }
    }
    return results;
  },
);

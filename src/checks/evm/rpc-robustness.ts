import { bodyText, HttpError, type HttpResponse } from '../../clients/http.js';
import { parseRpcResponse, RpcClient } from '../../clients/rpc.js';
import { errorMessage } from '../../errors.js';
import type { Evidence } from '../../model.js';
import type { CheckResult } from '../types.js';
import { defineCheck } from '../types.js';

const OVERSIZED_BYTES = 16 * 1024 * 1024;
const BATCH_SIZE = 10_000;
const NESTING_DEPTH = 100_000;

interface Probe {
  key: string;
  label: string;
  body: () => Buffer;
  /** What a sound node does with it; used in the message. */
  expected: string;
  /** When the node answers normally, is that a weakness (no limit) rather than correct behaviour? */
  acceptedMeans?: string;
}

const call = (method: string, params: unknown[] = [], id: number | string = 1) => ({
  jsonrpc: '2.0',
  id,
  method,
  params,
});

export const PROBES: Probe[] = [
  {
    key: 'malformed-json',
    label: 'truncated JSON',
    body: () => Buffer.from('{"jsonrpc":"2.0","id":1,"method":'),
    expected: 'a parse error',
  },
  {
    key: 'invalid-utf8',
    label: 'invalid UTF-8 inside a string',
    body: () =>
      Buffer.concat([
        Buffer.from('{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":["'),
        Buffer.from([0xff, 0xfe, 0xc3, 0x28]),
        Buffer.from('"]}'),
      ]),
    expected: 'an error, or an answer that ignores the bad bytes',
  },
  {
    key: 'unknown-method',
    label: 'unknown method',
    body: () => Buffer.from(JSON.stringify(call('chainaudit_noSuchMethod'))),
    expected: 'method-not-found',
  },
  {
    key: 'deep-nesting',
    label: `parameters nested ${NESTING_DEPTH} levels deep`,
    body: () =>
      Buffer.from(
        `{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":${'['.repeat(NESTING_DEPTH)}${']'.repeat(NESTING_DEPTH)}}`,
      ),
    expected: 'a parse or params error without exhausting the stack',
  },
  {
    key: 'oversized-body',
    label: `${OVERSIZED_BYTES / 1024 / 1024} MiB request body`,
    body: () =>
      Buffer.from(`{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":["${'A'.repeat(OVERSIZED_BYTES)}"]}`),
    expected: 'a size refusal (HTTP 413 or an error)',
    acceptedMeans: 'no request-size limit: large bodies cost the node memory and parsing time',
  },
  {
    key: 'large-batch',
    label: `batch of ${BATCH_SIZE} calls`,
    body: () =>
      Buffer.from(JSON.stringify(Array.from({ length: BATCH_SIZE }, (_, i) => call('eth_blockNumber', [], i)))),
    expected: 'a batch-size limit',
    acceptedMeans: 'no batch-size limit: one request makes the node do unbounded work',
  },
];

function answered(res: HttpResponse): 'error' | 'result' | 'garbage' {
  if (res.status >= 400) return 'error';
  const text = res.body.toString('utf8').trimStart();
  if (text.startsWith('[')) {
    try {
      const items = JSON.parse(text) as unknown[];
      const ok =
        Array.isArray(items) &&
        items.length > 0 &&
        items.every((i) => i && typeof i === 'object' && 'result' in (i as object));
      return ok ? 'result' : 'error';
    } catch {
      return 'garbage';
    }
  }
  const out = parseRpcResponse(res);
  if (out.malformed) return 'garbage';
  return out.ok ? 'result' : 'error';
}

async function alive(rpc: RpcClient): Promise<string | undefined> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const out = await rpc.call('eth_chainId');
      if (out.ok) return undefined;
      return out.malformed ?? out.error?.message;
    } catch (err) {
      if (attempt === 2 || rpc.options.signal?.aborted) return errorMessage(err);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  return 'no answer';
}

export default defineCheck(
  {
    id: 'evm.rpc.robustness',
    title: 'RPC survives malformed, oversized and abusive requests',
    description:
      'Sends bounded abusive input — truncated JSON, invalid UTF-8, unknown methods, deep nesting, a 16 MiB body, a 10,000-call batch — and checks that the node answers each with an error and keeps serving afterwards. Missing size and batch limits are denial-of-service levers.',
    targetKinds: ['evm-node'],
    severity: 'medium',
    confidence: 'high',
    tags: ['rpc', 'robustness', 'dos', 'intrusive'],
    remediation:
      'Limit request body size, batch length and response size (geth --rpc.batch-request-limit, --rpc.batch-response-max-size; a reverse proxy with client_max_body_size) and rate-limit callers.',
    references: [
      'https://geth.ethereum.org/docs/fundamentals/command-line-options',
      'https://www.jsonrpc.org/specification',
    ],
    level: 'intrusive',
    timeoutMs: 180_000,
    results: Object.fromEntries(PROBES.map((p) => [p.key, { title: p.label[0].toUpperCase() + p.label.slice(1) }])),
  },
  async (ctx) => {
    // the run's shared client lives as long as the run: this one stops the moment the check's time is up
    const rpc = new RpcClient({ ...ctx.rpc(ctx.target).options, signal: ctx.signal });
    const results: CheckResult[] = [];
    for (const probe of PROBES) {
      if (ctx.signal.aborted) break;
      const body = probe.body();
      const evidence: Evidence[] = [{ label: 'sent', value: `${probe.label} (${body.length} bytes)` }];
      let kind: ReturnType<typeof answered> | 'timeout' | 'dropped';
      try {
        const res = await rpc.raw(body);
        kind = answered(res);
        evidence.push({
          label: 'answer',
          value: `HTTP ${res.status} in ${Math.round(res.elapsedMs)} ms: ${bodyText(res.body, 200)}`,
        });
      } catch (err) {
        kind = err instanceof HttpError && err.code === 'timeout' ? 'timeout' : 'dropped';
        evidence.push({ label: 'answer', value: errorMessage(err) });
      }
      const down = await alive(rpc);
      evidence.push({ label: 'eth_chainId afterwards', value: down ? `failed: ${down}` : 'answered' });
      const base = { key: probe.key, result: probe.key, evidence };
      if (down)
        results.push({
          ...base,
          status: 'fail',
          severity: 'critical',
          message: `node stopped answering after ${probe.label}`,
        });
      else if (kind === 'error')
        results.push({ ...base, status: 'pass', message: `${probe.label}: refused with an error, node still up` });
      else if (kind === 'dropped')
        results.push({
          ...base,
          status: 'pass',
          message: `${probe.label}: connection refused or closed, node still up`,
        });
      else if (kind === 'timeout')
        results.push({
          ...base,
          status: 'warn',
          message: `${probe.label}: no answer in time (expected ${probe.expected}); node still up`,
        });
      else if (kind === 'result' && probe.acceptedMeans)
        results.push({ ...base, status: 'warn', message: `${probe.label} processed: ${probe.acceptedMeans}` });
      else if (kind === 'result')
        results.push({
          ...base,
          status: 'pass',
          message: `${probe.label}: answered normally (${probe.expected} would also do), node still up`,
        });
      else
        results.push({
          ...base,
          status: 'error',
          message: `${probe.label}: answered with something that is neither JSON-RPC nor an HTTP error (expected ${probe.expected}): how the node handled it cannot be told`,
        });
    }
    return results;
  },
);

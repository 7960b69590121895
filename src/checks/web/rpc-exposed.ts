import { header, httpRequest } from '../../clients/http.js';
import { USER_AGENT } from '../../analyzers/web/fetch.js';
import { runAudit } from '../../engine/run.js';
import type { Finding } from '../../model.js';
import type { TargetOf } from '../../scope/schema.js';
import { defineCheck, type Check, type CheckResult } from '../types.js';
import { ERROR_RESULT, NOT_APPLICABLE_RESULT, plaintextUrl } from './common.js';

/** Where reverse proxies usually mount a node's JSON-RPC. */
const PATHS = ['', '/rpc', '/jsonrpc', '/api/rpc', '/eth', '/api/eth', '/node'];

interface Answer {
  url: string;
  kind: 'evm' | 'bitcoin';
  /** The node answered without credentials. */
  open: boolean;
  detail: string;
}

async function post(url: string, body: object, signal: AbortSignal) {
  return httpRequest({
    url,
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json', 'user-agent': USER_AGENT },
    timeoutMs: 8_000,
    maxBytes: 256 * 1024,
    signal,
    insecureTls: true,
  });
}

function json(body: Buffer): Record<string, unknown> | undefined {
  try {
    const v = JSON.parse(body.toString('utf8')) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

async function probe(url: string, signal: AbortSignal): Promise<Answer | 'none' | 'unreached'> {
  try {
    const evm = await post(url, { jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }, signal);
    const j = json(evm.body);
    if (j && j.jsonrpc === '2.0' && ('result' in j || 'error' in j))
      return {
        url,
        kind: 'evm',
        open: typeof j.result === 'string',
        detail:
          'result' in j
            ? `eth_chainId → ${String(j.result).slice(0, 40)}`
            : `JSON-RPC error ${JSON.stringify(j.error).slice(0, 120)}`,
      };
    const btc = await post(url, { jsonrpc: '1.0', id: 'chainaudit', method: 'getblockchaininfo', params: [] }, signal);
    if (btc.status === 401 && /jsonrpc/i.test(header(btc, 'www-authenticate') ?? ''))
      return { url, kind: 'bitcoin', open: false, detail: `401 with ${header(btc, 'www-authenticate')}` };
    const b = json(btc.body);
    if (b && 'result' in b && 'id' in b)
      return {
        url,
        kind: 'bitcoin',
        open: b.result !== null,
        detail:
          b.result && typeof b.result === 'object'
            ? `getblockchaininfo → chain ${String((b.result as { chain?: unknown }).chain)}`
            : `error ${JSON.stringify(b.error).slice(0, 120)}`,
      };
  } catch {
    return 'unreached';
  }
  return 'none';
}

export default defineCheck(
  {
    id: 'web.rpc.exposed',
    title: 'No node JSON-RPC is reachable through the web front end',
    description:
      "POSTs JSON-RPC calls (eth_chainId, getblockchaininfo) to the front end's URL (and its plain-HTTP address) and the paths reverse proxies commonly use (/rpc, /jsonrpc, /api/rpc, /eth, /node). A node RPC reachable through the public web server bypasses every network control around the node; when one answers, the node checks (unlocked accounts, dangerous namespaces, CORS, error leaks …) run against it and their findings are reported here.",
    targetKinds: ['web'],
    severity: 'high',
    confidence: 'high',
    tags: ['http', 'rpc', 'reverse-proxy'],
    remediation:
      'Do not proxy node RPC from the public front end; if a wallet needs chain access, expose a read-only gateway with a method allow-list, authentication and rate limits.',
    references: ['https://ethereum.org/en/developers/docs/apis/json-rpc/'],
    level: 'passive',
    timeoutMs: 120_000,
    results: {
      exposed: { title: 'A node JSON-RPC answers through the front end without credentials' },
      'exposed-auth': {
        title: 'A node JSON-RPC is proxied through the front end, behind authentication',
        severity: 'medium',
      },
      'node-finding': { title: 'A node check fails on the RPC reached through the front end' },
      'not-exposed': { title: 'No JSON-RPC answers on the probed paths', severity: 'info' },
      ...NOT_APPLICABLE_RESULT,
      ...ERROR_RESULT,
    },
  },
  async (ctx) => {
    const base = new URL(ctx.target.url);
    const plain = plaintextUrl(ctx.target);
    const origins = [...new Set([base.origin, ...(plain ? [new URL(plain).origin] : [])])];
    const urls = [
      ...new Set(
        origins.flatMap((o) => PATHS.map((p) => (p ? new URL(p, o).href : o === base.origin ? base.href : `${o}/`))),
      ),
    ];
    const answers: Answer[] = [];
    let reached = 0;
    for (const url of urls) {
      if (ctx.signal.aborted) break;
      const a = await probe(url, ctx.signal);
      if (a !== 'unreached') reached++;
      if (typeof a === 'object') answers.push(a);
    }
    if (!reached)
      return [{ status: 'error', result: 'unreachable', message: `${base.origin} did not answer on any probed path` }];
    if (!answers.length)
      return [
        {
          status: 'pass',
          result: 'not-exposed',
          message: `no JSON-RPC answered on ${urls.length} path(s) of ${base.origin}`,
          evidence: [{ label: 'probed', value: urls.join(' ') }],
          key: 'rpc',
        },
      ];
    const results: CheckResult[] = answers.map((a) => ({
      status: a.open ? 'fail' : 'warn',
      result: a.open ? 'exposed' : 'exposed-auth',
      message: `${a.url} answers ${a.kind === 'evm' ? 'Ethereum' : 'Bitcoin-family'} JSON-RPC${a.open ? ' without credentials' : ' (authentication required)'}: ${a.detail}`,
      evidence: [{ label: 'POST', value: `${a.url}: ${a.detail}` }],
      key: a.url,
    }));
    // The node checks run on the first open endpoint they can reach (an untrusted certificate stops the node client).
    for (const open of answers.filter((a) => a.open).slice(0, 2)) {
      const findings = await nodeChecks(ctx, open);
      const down = findings.find((f) => f.checkId === 'target.unreachable');
      if (down) {
        results
          .find((r) => r.key === open.url)
          ?.evidence?.push({ label: 'node checks', value: `not run: ${down.message}` });
        continue;
      }
      for (const f of findings)
        if (f.status === 'fail' || f.status === 'warn')
          results.push({
            status: f.status,
            result: 'node-finding',
            severity: f.severity,
            message: `[${f.checkId}] via ${open.url}: ${f.message}`,
            evidence: f.evidence.slice(0, 4),
            key: `${open.url}:${f.checkId}:${f.fingerprint}`,
          });
      break;
    }
    return results;
  },
);

/** The passive per-node checks of the node's family, run against the proxied endpoint as if it were a node target. */
async function nodeChecks(ctx: Parameters<Check['run']>[0], a: Answer): Promise<Finding[]> {
  const id = `${ctx.target.id}~rpc`;
  const target: TargetOf<'evm-node'> | TargetOf<'bitcoin-node'> =
    a.kind === 'evm'
      ? { kind: 'evm-node', id, rpc: a.url, exposure: 'public', tags: [], expect: {} }
      : {
          kind: 'bitcoin-node',
          id,
          rpc: a.url,
          exposure: 'public',
          tags: [],
          allowCredentialGuessing: false,
          expect: {},
        };
  const family: Check[] =
    a.kind === 'evm'
      ? (await import('../evm/index.js')).evmChecks
      : (await import('../bitcoin/index.js')).bitcoinChecks;
  const checks = family.filter((c) => c.meta.level === 'passive' && c.meta.granularity !== 'chain');
  const run = await runAudit({
    scope: { ...ctx.scope, targets: [target] },
    checks,
    options: ctx.options,
    concurrency: 4,
    checkTimeoutMs: 20_000,
    signal: ctx.signal,
  });
  return run.findings;
}

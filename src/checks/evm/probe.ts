import type { Evidence } from '../../model.js';
import { RpcClient, type RpcOutcome } from '../../clients/rpc.js';
import type { EvmNodeTarget } from '../../scope/schema.js';
import type { CheckContext } from '../types.js';
import { callEvidence, exposureOf, hostOf, isLoopbackHost, outcomeText, show, type Exposure } from '../node-probe.js';

export { callEvidence, exposureOf, hostOf, isLoopbackHost, outcomeText, show, type Exposure };

export type EvmContext = CheckContext<EvmNodeTarget>;

const PROBE_TIMEOUT_MS = 10_000;
const PROBE_MAX_BYTES = 1024 * 1024;

/** A client for `url` that sends none of the scope's credentials: what an anonymous caller gets. */
export function anonymousRpc(ctx: EvmContext, url = ctx.target.rpc): RpcClient {
  return new RpcClient({ url, timeoutMs: PROBE_TIMEOUT_MS, maxBytes: PROBE_MAX_BYTES, signal: ctx.signal });
}

/** One JSON-RPC call per target and run, shared by every check that needs the same answer. */
export function sharedCall<T = unknown>(
  ctx: EvmContext,
  method: string,
  params: unknown[] = [],
  target: EvmNodeTarget = ctx.target,
): Promise<RpcOutcome<T>> {
  return ctx.memo(`evm:${target.id}:${method}:${JSON.stringify(params)}`, () =>
    ctx.rpc(target).call<T>(method, params),
  );
}

const METHOD_MISSING =
  /\b(method|namespace)\b.*\b(not found|does not exist|not available|not supported|unsupported|not enabled|disabled|not allowed)\b|\bunknown method\b|\bno such method\b|\bmethod not found\b/i;

/**
 * Does the node implement this method? An "invalid params" or "unknown transaction" error still
 * proves the method exists; only a method-not-found answer, an HTTP refusal or garbage does not.
 */
export function methodAnswers(out: RpcOutcome): boolean {
  if (out.ok) return true;
  if (out.malformed) return false;
  if ([401, 403, 404, 405].includes(out.http.status)) return false;
  if (out.error?.code === -32601) return false;
  return !METHOD_MISSING.test(out.error?.message ?? '');
}

export function headerValue(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const v = headers[name.toLowerCase()];
  return Array.isArray(v) ? v.join(', ') : v;
}

/** Parses a JSON-RPC quantity ("0x1a") defensively; anything else yields undefined. */
export function quantity(value: unknown): bigint | undefined {
  if (typeof value === 'string' && /^0x[0-9a-fA-F]{1,64}$/.test(value)) return BigInt(value);
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  return undefined;
}

interface BlockView {
  number?: bigint;
  hash?: string;
  fields?: string;
}

/** The consensus-relevant fields of a block, canonicalised so two answers can be compared byte for byte. */
export async function blockAt(
  ctx: EvmContext,
  targetIndex: number,
  tag: string,
): Promise<BlockView & { evidence: Evidence }> {
  const t = ctx.group[targetIndex];
  const out = await ctx.rpc(t).call<Record<string, unknown> | null>('eth_getBlockByNumber', [tag, false]);
  const b = out.ok && out.result && typeof out.result === 'object' ? out.result : undefined;
  const pick = b
    ? ['number', 'hash', 'parentHash', 'stateRoot', 'transactionsRoot', 'receiptsRoot', 'timestamp']
        .map((k) => `${k}=${typeof b[k] === 'string' ? b[k] : show(b[k], 80)}`)
        .join(' ')
    : undefined;
  return {
    number: b ? quantity(b.number) : undefined,
    hash: b && typeof b.hash === 'string' ? b.hash.toLowerCase() : undefined,
    fields: pick,
    evidence: {
      label: `${t.id} eth_getBlockByNumber(${tag})`,
      value: b
        ? `#${quantity(b.number) ?? '?'} ${show(b.hash, 70)}`
        : callEvidence('eth_getBlockByNumber', [tag], out).value,
    },
  };
}

import { isIP } from 'node:net';
import { bodyText } from '../../clients/http.js';
import { RpcClient, type RpcOutcome } from '../../clients/rpc.js';
import type { Evidence } from '../../model.js';
import type { EvmNodeTarget } from '../../scope/schema.js';
import type { CheckContext } from '../types.js';

export type EvmContext = CheckContext<EvmNodeTarget>;
export type Exposure = 'public' | 'private' | 'loopback';

const PROBE_TIMEOUT_MS = 10_000;
const PROBE_MAX_BYTES = 1024 * 1024;

export function hostOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  } catch {
    return '';
  }
}

export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host.endsWith('.localhost') || /^127\./.test(host) || host === '::1' || host === '0:0:0:0:0:0:0:1';
}

function isPrivateHost(host: string): boolean {
  if (isIP(host) === 4) {
    const [a, b] = host.split('.').map(Number);
    return a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254) || (a === 100 && b >= 64 && b <= 127);
  }
  if (isIP(host) === 6) return /^f[cd]|^fe[89ab]/.test(host);
  return false;
}

/**
 * How far the node is meant to be reachable: what the scope says, else what its address implies
 * (a name that is not loopback is treated as public, the cautious reading).
 */
export function exposureOf(t: EvmNodeTarget): Exposure {
  if (t.exposure) return t.exposure;
  const host = hostOf(t.rpc);
  if (isLoopbackHost(host)) return 'loopback';
  return isPrivateHost(host) ? 'private' : 'public';
}

/** A client for `url` that sends none of the scope's credentials: what an anonymous caller gets. */
export function anonymousRpc(ctx: EvmContext, url = ctx.target.rpc): RpcClient {
  return new RpcClient({ url, timeoutMs: PROBE_TIMEOUT_MS, maxBytes: PROBE_MAX_BYTES, signal: ctx.signal });
}

/** One JSON-RPC call per target and run, shared by every check that needs the same answer. */
export function sharedCall<T = unknown>(ctx: EvmContext, method: string, params: unknown[] = [], target: EvmNodeTarget = ctx.target): Promise<RpcOutcome<T>> {
  return ctx.memo(`evm:${target.id}:${method}:${JSON.stringify(params)}`, () => ctx.rpc(target).call<T>(method, params));
}

const METHOD_MISSING = /\b(method|namespace)\b.*\b(not found|does not exist|not available|not supported|unsupported|not enabled|disabled|not allowed)\b|\bunknown method\b|\bno such method\b|\bmethod not found\b/i;

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

/** Renders any target-supplied value as bounded, control-character-free text for evidence. */
export function show(value: unknown, max = 300): string {
  if (value === undefined) return '(none)';
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  return bodyText(Buffer.from(text, 'utf8'), max);
}

/** What came back from a call, in one line: the result, the node's error, or why it was unusable. */
export function outcomeText(out: RpcOutcome, max = 300): string {
  if (out.ok) return `HTTP ${out.http.status}, result ${show(out.result, max)}`;
  if (out.error) return `HTTP ${out.http.status}, error ${out.error.code}: ${show(out.error.message, max)}`;
  return show(out.malformed ?? 'no answer', max);
}

export function callEvidence(method: string, params: unknown[], out: RpcOutcome, max = 300): Evidence {
  return { label: `${method}(${show(params, 120)})`, value: outcomeText(out, max) };
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

import { isIP } from 'node:net';
import { bodyText } from '../clients/http.js';
import { RpcClient, type RpcOutcome } from '../clients/rpc.js';
import type { Evidence } from '../model.js';
import type { BitcoinNodeTarget, EvmNodeTarget } from '../scope/schema.js';
import type { CheckContext, CheckResult } from './types.js';

/**
 * Probe helpers shared by the Ethereum and Bitcoin-family node checks: anonymous clients, shared
 * calls, and one reading of what an answer says about a method.
 */

export type NodeTarget = EvmNodeTarget | BitcoinNodeTarget;
export type NodeContext<T extends NodeTarget = NodeTarget> = CheckContext<T>;

/** How far a node is meant to be reachable: the scope says so, or its RPC address implies it. */
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
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    /^127\./.test(host) ||
    host === '::1' ||
    host === '0:0:0:0:0:0:0:1'
  );
}

export function isPrivateHost(host: string): boolean {
  if (isIP(host) === 4) {
    const [a, b] = host.split('.').map(Number);
    return (
      a === 10 ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 169 && b === 254) ||
      (a === 100 && b >= 64 && b <= 127)
    );
  }
  if (isIP(host) === 6) return /^f[cd]|^fe[89ab]/.test(host);
  return false;
}

/** The scope's word on exposure, else what the RPC address implies (a name that is not loopback counts as public, the cautious reading). */
export function exposureOf(t: { exposure?: Exposure; rpc: string }): Exposure {
  if (t.exposure) return t.exposure;
  const host = hostOf(t.rpc);
  if (isLoopbackHost(host)) return 'loopback';
  return isPrivateHost(host) ? 'private' : 'public';
}

/** Renders any target-supplied value as bounded, control-character-free text for evidence. */
export function show(value: unknown, max = 300): string {
  if (value === undefined) return '(none)';
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  return bodyText(Buffer.from(text, 'utf8'), max);
}

/** What came back from a call, in one line: the result, the node's error, or why it was unusable. */
export function outcomeText(out: RpcOutcome, max = 300): string {
  if (out.ok) return `HTTP ${out.http.status}, result ${show(out.result, max)}`;
  if (out.error) return `HTTP ${out.http.status}, error ${out.error.code}: ${show(out.error.message, max)}`;
  return show(out.malformed ?? `HTTP ${out.http.status}`, max);
}

export function callEvidence(method: string, params: unknown[], out: RpcOutcome, max = 300): Evidence {
  return { label: `${method}(${show(params, 120)})`, value: outcomeText(out, max) };
}

/** Credentials written into a URL would be sent by the HTTP client; an anonymous probe drops them. */
export function withoutUserinfo(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString();
  } catch {
    return url;
  }
}

/** A client for `url` that sends none of the scope's credentials: what an anonymous caller gets. */
export function anonymousRpc(ctx: NodeContext, url = ctx.target.rpc, headers: Record<string, string> = {}): RpcClient {
  return new RpcClient({
    url: withoutUserinfo(url),
    headers,
    timeoutMs: PROBE_TIMEOUT_MS,
    maxBytes: PROBE_MAX_BYTES,
    signal: ctx.signal,
  });
}

/** One JSON-RPC call per target and run, with the scope's credentials, shared by every check that needs the same answer. */
export function sharedCall<T = unknown, N extends NodeTarget = NodeTarget>(
  ctx: NodeContext<N>,
  method: string,
  params: unknown[] = [],
  target: N = ctx.target,
): Promise<RpcOutcome<T>> {
  return ctx.memo(`rpc:${target.id}:${method}:${JSON.stringify(params)}`, () =>
    ctx.rpc(target).call<T>(method, params),
  );
}

/** Calls a method and turns a transport failure (refused, timeout) into a reason instead of a throw. */
export async function tryCall<T = unknown>(
  client: RpcClient,
  method: string,
  params: unknown[] = [],
): Promise<{ out?: RpcOutcome<T>; failure?: string }> {
  try {
    return { out: await client.call<T>(method, params) };
  } catch (err) {
    return { failure: err instanceof Error ? err.message : String(err) };
  }
}

/**
 * What one answer says about a method:
 * - `answered`: a JSON-RPC result, or an error only an implementation gives (invalid params,
 *   unknown transaction): the method exists;
 * - `absent`: the node says it has no such method, or has it disabled;
 * - `refused`: HTTP 401/403, an authentication layer decided; nothing is known of the method;
 * - `unusable`: not JSON-RPC at all (HTML, an empty body, garbage, cut off): nothing is known.
 * Only `answered` and `absent` support a verdict on the method.
 */
export type MethodAnswer = 'answered' | 'absent' | 'refused' | 'unusable';

const METHOD_MISSING =
  /\b(method|namespace)\b.*\b(not found|does not exist|not available|not supported|unsupported|not enabled|disabled|not allowed)\b|\bunknown method\b|\bno such method\b/i;

export function methodAnswer(out: RpcOutcome): MethodAnswer {
  if (out.http.status === 401 || out.http.status === 403) return 'refused';
  if (out.malformed) return 'unusable';
  if (out.ok) return 'answered';
  if (out.error?.code === -32601 || METHOD_MISSING.test(out.error?.message ?? '')) return 'absent';
  if (out.http.status === 404 || out.http.status === 405) return 'absent';
  return 'answered';
}

/**
 * The result for a call that gave nothing to judge (credentials refused, garbage, an error where an
 * answer was needed): an error naming the call and what came back, never a verdict on the feature.
 */
export function unusable(method: string, out: RpcOutcome, params: unknown[] = []): CheckResult {
  const evidence = [callEvidence(method, params, out)];
  if (out.http.status === 401 || out.http.status === 403)
    return {
      status: 'error',
      message: `${method} was refused (HTTP ${out.http.status}): the scope gives no working RPC credentials for this node, so this cannot be assessed`,
      evidence,
      key: 'unassessed',
    };
  return {
    status: 'error',
    message: `${method} gave no usable answer, so this cannot be assessed: ${outcomeText(out, 200)}`,
    evidence,
    key: 'unassessed',
  };
}

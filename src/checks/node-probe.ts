import { isIP } from 'node:net';
import { bodyText } from '../clients/http.js';
import type { RpcOutcome } from '../clients/rpc.js';
import type { Evidence } from '../model.js';

/** How far a node is meant to be reachable: the scope says so, or its RPC address implies it. */
export type Exposure = 'public' | 'private' | 'loopback';

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

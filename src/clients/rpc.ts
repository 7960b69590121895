import { bodyText, httpRequest, HttpError, type HttpResponse } from './http.js';

export interface RpcErrorObject {
  code: number;
  message: string;
  data?: unknown;
}

export interface RpcOutcome<T = unknown> {
  /** The HTTP exchange, kept for evidence. */
  http: HttpResponse;
  ok: boolean;
  result?: T;
  error?: RpcErrorObject;
  /** Set when the answer was not a JSON-RPC response at all (HTML, truncated, garbage). */
  malformed?: string;
}

export interface RpcClientOptions {
  url: string;
  headers?: Record<string, string>;
  timeoutMs?: number;
  maxBytes?: number;
  signal?: AbortSignal;
}

const MAX_JSON_DEPTH = 64;

function depthOf(value: unknown, depth = 0): number {
  if (depth > MAX_JSON_DEPTH) return depth;
  if (value === null || typeof value !== 'object') return depth;
  let max = depth;
  for (const v of Object.values(value as object)) max = Math.max(max, depthOf(v, depth + 1));
  return max;
}

/**
 * JSON-RPC 2.0 over HTTP, as spoken by Ethereum and Bitcoin-family nodes. A hostile node can
 * answer anything, so every answer is parsed defensively: bounded size, bounded nesting, and a
 * shape check before a result is believed.
 */
export class RpcClient {
  private nextId = 1;
  constructor(readonly options: RpcClientOptions) {}

  async call<T = unknown>(
    method: string,
    params: unknown[] | Record<string, unknown> = [],
    extraHeaders: Record<string, string> = {},
  ): Promise<RpcOutcome<T>> {
    const payload = JSON.stringify({ jsonrpc: '2.0', id: this.nextId++, method, params });
    const http = await this.raw(payload, extraHeaders);
    return parseRpcResponse<T>(http);
  }

  /** Sends an arbitrary body: robustness probes use this to send what a well-behaved client never would. */
  raw(body: string | Buffer, extraHeaders: Record<string, string> = {}): Promise<HttpResponse> {
    return httpRequest({
      url: this.options.url,
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(this.options.headers ?? {}), ...extraHeaders },
      body,
      timeoutMs: this.options.timeoutMs,
      maxBytes: this.options.maxBytes,
      signal: this.options.signal,
    });
  }

  /** Calls and returns the result, or throws with the node's own error text. */
  async result<T = unknown>(method: string, params: unknown[] | Record<string, unknown> = []): Promise<T> {
    const out = await this.call<T>(method, params);
    if (out.malformed) throw new HttpError(`${method}: ${out.malformed}`, 'network');
    if (!out.ok) throw new Error(`${method}: node answered error ${out.error?.code}: ${out.error?.message}`);
    return out.result as T;
  }
}

export function parseRpcResponse<T>(http: HttpResponse): RpcOutcome<T> {
  if (http.truncated) return { http, ok: false, malformed: `response larger than ${http.body.length} bytes, cut off` };
  let json: unknown;
  try {
    json = JSON.parse(http.body.toString('utf8'));
  } catch {
    return { http, ok: false, malformed: `HTTP ${http.status}, not JSON: ${bodyText(http.body, 200)}` };
  }
  if (depthOf(json) > MAX_JSON_DEPTH) return { http, ok: false, malformed: 'JSON nested deeper than 64 levels' };
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    return { http, ok: false, malformed: `HTTP ${http.status}, not a JSON-RPC object` };
  }
  const obj = json as Record<string, unknown>;
  if (obj.error !== undefined && obj.error !== null) {
    const e = obj.error as Partial<RpcErrorObject>;
    const error: RpcErrorObject = {
      code: typeof e?.code === 'number' ? e.code : 0,
      message:
        typeof e?.message === 'string'
          ? e.message.slice(0, 2000)
          : bodyText(Buffer.from(JSON.stringify(obj.error)), 500),
      data: e?.data,
    };
    return { http, ok: false, error };
  }
  if (!('result' in obj)) return { http, ok: false, malformed: `HTTP ${http.status}, JSON without result or error` };
  return { http, ok: true, result: obj.result as T };
}

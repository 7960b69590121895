import http from 'node:http';
import https from 'node:https';

export interface HttpRequest {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  timeoutMs?: number;
  maxBytes?: number;
  signal?: AbortSignal;
  /** TLS certificate checks stay on unless a check deliberately inspects a broken chain. */
  insecureTls?: boolean;
  /** Trust anchors and a client certificate (PEM), e.g. from a kubeconfig. */
  tls?: { ca?: string | Buffer; cert?: string | Buffer; key?: string | Buffer };
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** True when the body was cut at maxBytes; the rest was never read. */
  truncated: boolean;
  elapsedMs: number;
}

export class HttpError extends Error {
  constructor(
    message: string,
    readonly code: 'timeout' | 'network' | 'aborted' | 'too-large',
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_BYTES = 4 * 1024 * 1024;

/**
 * The single HTTP primitive every check goes through. It bounds the whole exchange in time (not
 * just idle time, so a slow-drip server cannot hold it) and the body in size, and never follows
 * redirects: an auditor wants to see the redirect, not its target.
 */
export function httpRequest(req: HttpRequest): Promise<HttpResponse> {
  const timeoutMs = req.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = req.maxBytes ?? DEFAULT_MAX_BYTES;
  const started = performance.now();
  let parsed: URL;
  try {
    parsed = new URL(req.url);
  } catch {
    return Promise.reject(new HttpError(`invalid URL: ${req.url}`, 'network'));
  }
  const lib = parsed.protocol === 'https:' ? https : parsed.protocol === 'http:' ? http : null;
  if (!lib) return Promise.reject(new HttpError(`unsupported protocol ${parsed.protocol} in ${req.url}`, 'network'));

  return new Promise<HttpResponse>((resolve, reject) => {
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.signal?.removeEventListener('abort', onAbort);
      fn();
    };
    const body = req.body === undefined ? undefined : Buffer.isBuffer(req.body) ? req.body : Buffer.from(req.body);
    const headers: Record<string, string> = { ...(req.headers ?? {}) };
    if (body && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-length')) {
      headers['content-length'] = String(body.length);
    }
    const request = lib.request(
      parsed,
      {
        method: req.method ?? (body ? 'POST' : 'GET'),
        headers,
        agent: false,
        rejectUnauthorized: !req.insecureTls,
        ...(req.tls ?? {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        let truncated = false;
        res.on('data', (chunk: Buffer) => {
          if (truncated) return;
          if (size + chunk.length > maxBytes) {
            chunks.push(chunk.subarray(0, maxBytes - size));
            size = maxBytes;
            truncated = true;
            res.destroy();
            done();
            return;
          }
          chunks.push(chunk);
          size += chunk.length;
        });
        const done = () =>
          finish(() =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: Buffer.concat(chunks),
              truncated,
              elapsedMs: performance.now() - started,
            }),
          );
        res.on('end', done);
        res.on('error', (err) => (truncated ? done() : finish(() => reject(new HttpError(err.message, 'network')))));
        res.on('close', () => {
          if (!res.complete && !truncated)
            finish(() => reject(new HttpError(`connection closed mid-response from ${parsed.host}`, 'network')));
        });
      },
    );
    const timer = setTimeout(() => {
      finish(() => reject(new HttpError(`no complete answer from ${parsed.host} within ${timeoutMs} ms`, 'timeout')));
      request.destroy();
    }, timeoutMs);
    const onAbort = () => {
      finish(() => reject(new HttpError('request aborted', 'aborted')));
      request.destroy();
    };
    // listening before any destroy(): an error event nobody hears would end the process
    request.on('error', (err) => finish(() => reject(new HttpError(`${parsed.host}: ${err.message}`, 'network'))));
    if (req.signal?.aborted) return onAbort();
    req.signal?.addEventListener('abort', onAbort, { once: true });
    if (body) request.write(body);
    request.end();
  });
}

export function header(res: HttpResponse, name: string): string | undefined {
  const v = res.headers[name.toLowerCase()];
  return Array.isArray(v) ? v.join(', ') : v;
}

/** Decodes a body for display without trusting it: invalid UTF-8 is replaced, control characters dropped. */
export function bodyText(body: Buffer, max = 2000): string {
  const text = body.subarray(0, max * 4).toString('utf8');
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
  return clean.length > max ? `${clean.slice(0, max)}… (${body.length} bytes)` : clean;
}

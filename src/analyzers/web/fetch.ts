import { header, httpRequest, type HttpResponse } from '../../clients/http.js';

export const USER_AGENT = 'chainaudit (security audit; +https://github.com/chainaudit)';

export interface Hop {
  url: string;
  status: number;
  location?: string;
}

export interface FetchedPage {
  /** The URL asked for. */
  url: string;
  /** Where the redirects ended. */
  finalUrl: string;
  response: HttpResponse;
  hops: Hop[];
  /** A redirect left the hosts the audit may contact; its target was not fetched. */
  stoppedAt?: string;
}

export interface FetchOptions {
  /** Hosts the audit may contact; a redirect elsewhere is recorded, not followed. */
  allowHost(host: string): boolean;
  timeoutMs?: number;
  maxBytes?: number;
  maxRedirects?: number;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

/**
 * GET with redirects followed by hand, only within the allowed hosts, each hop bounded like every other
 * request. Certificate errors are not fatal here: the TLS checks judge the certificate, these checks
 * judge what the server says.
 */
export async function fetchPage(url: string, o: FetchOptions): Promise<FetchedPage> {
  const hops: Hop[] = [];
  let current = url;
  for (let i = 0; ; i++) {
    const response = await httpRequest({
      url: current,
      method: o.method,
      body: o.body,
      headers: { 'user-agent': USER_AGENT, accept: 'text/html,application/xhtml+xml,*/*;q=0.8', ...o.headers },
      timeoutMs: o.timeoutMs ?? 10_000,
      maxBytes: o.maxBytes ?? 2 * 1024 * 1024,
      signal: o.signal,
      insecureTls: true,
    });
    const location = header(response, 'location');
    hops.push({ url: current, status: response.status, location });
    if (response.status < 300 || response.status >= 400 || !location || i >= (o.maxRedirects ?? 5))
      return { url, finalUrl: current, response, hops };
    let next: URL;
    try {
      next = new URL(location, current);
    } catch {
      return { url, finalUrl: current, response, hops };
    }
    if (!/^https?:$/.test(next.protocol) || !o.allowHost(next.hostname))
      return { url, finalUrl: current, response, hops, stoppedAt: next.href };
    current = next.href;
  }
}

export function sameHostAllowed(targetUrl: string, extra: string[] = []): (host: string) => boolean {
  const own = new URL(targetUrl).hostname.toLowerCase();
  const allowed = extra.map((h) => h.toLowerCase());
  return (host) => {
    const h = host.toLowerCase().replace(/^\[|\]$/g, '');
    if (h === own.replace(/^\[|\]$/g, '')) return true;
    return allowed.some((a) => (a.startsWith('*.') ? h.endsWith(a.slice(1)) : h === a));
  };
}

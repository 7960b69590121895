import { createHash } from 'node:crypto';
import { httpRequest } from '../../clients/http.js';
import { errorMessage } from '../../errors.js';
import { effectiveSources, parseCsp, sourceAllows } from './csp.js';
import { USER_AGENT } from './fetch.js';
import { resolveUrl, type PageDocument } from './html.js';

/** Every script and stylesheet a front end loads by URL: where from, pinned or not, allowed by its CSP, and what it hashed to. */
export interface LoadedResource {
  url: string;
  kind: 'script' | 'stylesheet';
  /** Pages that load it. */
  pages: string[];
  origin: string;
  /** Same scheme, host and port as the page that loads it. */
  sameOrigin: boolean;
  /** Loaded over http:// (or ws:). */
  insecure: boolean;
  integrity?: string;
  /** The page's CSP would let the browser load it; undefined when the page has no CSP. */
  cspAllows?: boolean;
  /** `sha384-<base64>` of the body as fetched in this run. */
  sha384?: string;
  bytes?: number;
  /** The integrity attribute names a hash the body matches (any of its sha256/384/512 values). */
  sriMatches?: boolean;
  /** Why the body was not hashed (host not allowed, fetch failed). */
  notFetched?: string;
}

export interface InventoryPage {
  url: string;
  html: PageDocument;
  csp?: string;
}

const SRI = /^(sha256|sha384|sha512)-[A-Za-z0-9+/]+={0,2}$/;

function sriMatches(integrity: string, body: Buffer): boolean {
  return integrity
    .split(/\s+/)
    .filter((t) => SRI.test(t.split('?')[0]))
    .some((t) => {
      const [alg, digest] = t.split('?')[0].split(/-(.*)/s);
      return createHash(alg).update(body).digest('base64') === digest;
    });
}

export async function inventory(
  pages: InventoryPage[],
  opts: { mayFetch(host: string): boolean; signal?: AbortSignal; maxBytes?: number; timeoutMs?: number; max?: number },
): Promise<LoadedResource[]> {
  const byUrl = new Map<string, LoadedResource>();
  for (const p of pages) {
    const page = new URL(p.url);
    const policies = p.csp ? parseCsp(p.csp) : [];
    const entries = [
      ...p.html.scripts
        .filter((s) => s.src)
        .map((s) => ({ ref: s.src!, integrity: s.integrity, kind: 'script' as const })),
      ...p.html.stylesheets.map((s) => ({ ref: s.href, integrity: s.integrity, kind: 'stylesheet' as const })),
    ];
    for (const e of entries) {
      const u = resolveUrl(e.ref, p.url, p.html.baseHref);
      if (!u) continue;
      const existing = byUrl.get(u.href);
      if (existing) {
        if (!existing.pages.includes(p.url)) existing.pages.push(p.url);
        continue;
      }
      const directive = e.kind === 'script' ? 'script-src-elem' : 'style-src-elem';
      byUrl.set(u.href, {
        url: u.href,
        kind: e.kind,
        pages: [p.url],
        origin: u.origin,
        sameOrigin: u.origin === page.origin,
        insecure: u.protocol === 'http:' || u.protocol === 'ws:',
        integrity: e.integrity?.trim() || undefined,
        cspAllows: policies.length
          ? policies.every((pol) => sourceAllows(effectiveSources(pol.policy, directive), u, page))
          : undefined,
      });
    }
  }
  const resources = [...byUrl.values()].slice(0, opts.max ?? 100);
  for (const r of resources) {
    const host = new URL(r.url).hostname;
    if (!opts.mayFetch(host)) {
      r.notFetched = `${host} is neither the target host nor in resourceHosts`;
      continue;
    }
    try {
      const res = await httpRequest({
        url: r.url,
        headers: { 'user-agent': USER_AGENT },
        timeoutMs: opts.timeoutMs ?? 10_000,
        maxBytes: opts.maxBytes ?? 8 * 1024 * 1024,
        signal: opts.signal,
        insecureTls: true,
      });
      if (res.status !== 200) {
        r.notFetched = `answered ${res.status}`;
        continue;
      }
      if (res.truncated) {
        r.notFetched = `larger than ${opts.maxBytes ?? 8 * 1024 * 1024} bytes`;
        continue;
      }
      r.sha384 = `sha384-${createHash('sha384').update(res.body).digest('base64')}`;
      r.bytes = res.body.length;
      if (r.integrity) r.sriMatches = sriMatches(r.integrity, res.body);
    } catch (e) {
      r.notFetched = errorMessage(e);
    }
  }
  return resources;
}

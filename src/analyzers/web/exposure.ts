import type { HttpResponse } from '../../clients/http.js';

/**
 * Recognisers for what a web server should never hand out. Each looks at the content, not the status
 * code: a single-page app answers 200 with its index page for every path, and that is not a leak.
 */

function text(res: HttpResponse, max = 64 * 1024): string {
  return res.body.subarray(0, max).toString('utf8');
}

function looksLikeHtml(t: string): boolean {
  return /^\s*(<!doctype html|<html|<head|<body|<\?xml)/i.test(t);
}

export interface Exposure {
  path: string;
  kind: 'git' | 'svn' | 'env' | 'source-map' | 'directory-listing';
  /** What in the answer proves it (never the secret itself). */
  proof: string;
}

export const EXPOSURE_PATHS: {
  path: string;
  kind: Exposure['kind'];
  recognise: (res: HttpResponse) => string | undefined;
}[] = [
  {
    path: '/.git/HEAD',
    kind: 'git',
    recognise: (res) => {
      const t = text(res, 256).trim();
      return res.status === 200 && /^(ref: refs\/[\w./-]+|[0-9a-f]{40})$/.test(t)
        ? `HEAD is "${t.slice(0, 60)}"`
        : undefined;
    },
  },
  {
    path: '/.git/config',
    kind: 'git',
    recognise: (res) => {
      const t = text(res, 4096);
      return res.status === 200 && /^\s*\[core\]/m.test(t) && !looksLikeHtml(t)
        ? 'a git config with a [core] section'
        : undefined;
    },
  },
  {
    path: '/.svn/entries',
    kind: 'svn',
    recognise: (res) => {
      const t = text(res, 1024);
      return res.status === 200 && /^(\d+\s*$|<\?xml[\s\S]*<wc-entries)/m.test(t) && !looksLikeHtml(t)
        ? 'a Subversion entries file'
        : undefined;
    },
  },
  {
    path: '/.env',
    kind: 'env',
    recognise: (res) => {
      const t = text(res, 16 * 1024);
      if (res.status !== 200 || looksLikeHtml(t)) return undefined;
      const vars = [...t.matchAll(/^\s*(?:export\s+)?([A-Z][A-Z0-9_]{1,63})\s*=/gm)].map((m) => m[1]);
      return vars.length >= 2
        ? `${vars.length} variables (${vars.slice(0, 6).join(', ')}${vars.length > 6 ? ', …' : ''})`
        : undefined;
    },
  },
];

export const LISTING_PATTERNS = [
  /<title>\s*Index of \//i,
  /<h1>\s*Index of \//i,
  /<title>\s*Directory listing for \//i,
  /\[To Parent Directory\]/i,
  /<title>\s*\/[^<]*- \/<\/title>/i,
];

export function directoryListing(res: HttpResponse): string | undefined {
  if (res.status !== 200) return undefined;
  const t = text(res);
  const m = LISTING_PATTERNS.map((re) => t.match(re)).find(Boolean);
  return m ? `"${m[0].trim().slice(0, 60)}"` : undefined;
}

/** A source map: JSON with version 3, sources and mappings. */
export function sourceMap(res: HttpResponse): string | undefined {
  if (res.status !== 200) return undefined;
  const t = text(res, 4 * 1024 * 1024);
  if (!/^\s*\{/.test(t) || !/"mappings"\s*:/.test(t)) return undefined;
  try {
    const j = JSON.parse(t) as { version?: number; sources?: unknown[] };
    if (j.version !== 3 || !Array.isArray(j.sources)) return undefined;
    return `source map v3 with ${j.sources.length} source files${j.sources.length ? ` (${String(j.sources[0]).slice(0, 60)} …)` : ''}`;
  } catch {
    return res.truncated ? 'source map (too large to read whole)' : undefined;
  }
}

/** The map a script names: SourceMap header, X-SourceMap, or a trailing sourceMappingURL comment. */
export function sourceMapReference(res: HttpResponse): string | undefined {
  const h = res.headers['sourcemap'] ?? res.headers['x-sourcemap'];
  if (typeof h === 'string' && h) return h;
  const tail = res.body.subarray(Math.max(0, res.body.length - 512)).toString('utf8');
  const m = tail.match(/[#@]\s*sourceMappingURL\s*=\s*(\S+)\s*(?:\*\/)?\s*$/);
  return m && !m[1].startsWith('data:') ? m[1] : undefined;
}

const VERSIONED =
  /[\w.-]+\/\d+(\.\d+)+|\b(PHP|OpenSSL|Apache|nginx|IIS|Tomcat|Jetty|Express|Kestrel|openresty)[/ ]v?\d+(\.\d+)*/i;

/** Headers and error-page text that name software with its version. */
export function versionDisclosures(res: HttpResponse, fromErrorPage = false): { where: string; value: string }[] {
  const out: { where: string; value: string }[] = [];
  for (const h of [
    'server',
    'x-powered-by',
    'x-aspnet-version',
    'x-aspnetmvc-version',
    'x-generator',
    'x-runtime-version',
    'via',
  ]) {
    const v = res.headers[h];
    const value = Array.isArray(v) ? v.join(', ') : v;
    if (
      value &&
      (h !== 'server' && h !== 'via' ? true : VERSIONED.test(value)) &&
      (h !== 'via' || VERSIONED.test(value))
    )
      out.push({ where: h, value: value.slice(0, 120) });
  }
  if (fromErrorPage) {
    const m = text(res, 16 * 1024).match(VERSIONED);
    if (m) out.push({ where: `${res.status} page`, value: m[0] });
  }
  return out;
}

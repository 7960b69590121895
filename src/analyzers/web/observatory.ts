import { analyzeCsp, parseCsp } from './csp.js';
import { isAntiCsrfCookie, isSessionCookie, parseSetCookie, SAMESITE_VALUES, type Cookie } from './cookies.js';
import type { PageDocument } from './html.js';
import { resolveUrl } from './html.js';

/**
 * The MDN HTTP Observatory's tests, score modifiers and grade table, computed from what we observed.
 * Where we differ from it (see `OBSERVATORY_DIFFERENCES`) the result is marked as ours.
 */

export const MODIFIERS: Record<string, number> = {
  'csp-implemented-with-no-unsafe-default-src-none': 10,
  'csp-implemented-with-no-unsafe': 5,
  'csp-implemented-with-unsafe-inline-in-style-src-only': 0,
  'csp-implemented-with-insecure-scheme-in-passive-content-only': -10,
  'csp-implemented-with-unsafe-eval': -10,
  'csp-implemented-with-unsafe-inline': -20,
  'csp-implemented-with-insecure-scheme': -20,
  'csp-header-invalid': -25,
  'csp-not-implemented': -25,
  'csp-not-implemented-but-reporting-enabled': -25,
  'cookies-secure-with-httponly-sessions-and-samesite': 5,
  'cookies-secure-with-httponly-sessions': 0,
  'cookies-not-found': 0,
  'cookies-without-secure-flag-but-protected-by-hsts': -5,
  'cookies-session-without-secure-flag-but-protected-by-hsts': -10,
  'cookies-without-secure-flag': -20,
  'cookies-samesite-flag-invalid': -20,
  'cookies-anticsrf-without-samesite-flag': -20,
  'cookies-session-without-httponly-flag': -30,
  'cookies-session-without-secure-flag': -40,
  'cross-origin-resource-sharing-not-implemented': 0,
  'cross-origin-resource-sharing-implemented-with-public-access': 0,
  'cross-origin-resource-sharing-implemented-with-restricted-access': 0,
  'cross-origin-resource-sharing-implemented-with-universal-access': -50,
  'redirection-all-redirects-preloaded': 0,
  'redirection-to-https': 0,
  'redirection-not-needed-no-http': 0,
  'redirection-off-host-from-http': -5,
  'redirection-not-to-https-on-initial-redirection': -10,
  'redirection-not-to-https': -20,
  'redirection-missing': -20,
  'redirection-invalid-cert': -20,
  'referrer-policy-private': 5,
  'referrer-policy-no-referrer-when-downgrade': 0,
  'referrer-policy-not-implemented': 0,
  'referrer-policy-unsafe': -5,
  'referrer-policy-header-invalid': -5,
  'hsts-preloaded': 5,
  'hsts-implemented-max-age-at-least-six-months': 0,
  'hsts-implemented-max-age-less-than-six-months': -10,
  'hsts-not-implemented': -20,
  'hsts-header-invalid': -20,
  'hsts-not-implemented-no-https': -20,
  'hsts-invalid-cert': -20,
  'sri-implemented-and-all-scripts-loaded-securely': 5,
  'sri-implemented-and-external-scripts-loaded-securely': 5,
  'sri-not-implemented-response-not-html': 0,
  'sri-not-implemented-but-no-scripts-loaded': 0,
  'sri-not-implemented-but-all-scripts-loaded-from-secure-origin': 0,
  'sri-not-implemented-but-external-scripts-loaded-securely': -5,
  'sri-implemented-but-external-scripts-not-loaded-securely': -20,
  'sri-not-implemented-and-external-scripts-not-loaded-securely': -50,
  'x-content-type-options-nosniff': 0,
  'x-content-type-options-not-implemented': -5,
  'x-content-type-options-header-invalid': -5,
  'x-frame-options-implemented-via-csp': 5,
  'x-frame-options-sameorigin-or-deny': 0,
  'x-frame-options-allow-from-origin': 0,
  'x-frame-options-not-implemented': -20,
  'x-frame-options-header-invalid': -20,
  'cross-origin-resource-policy-not-implemented': 0,
  'cross-origin-resource-policy-implemented-with-same-site': 0,
  'cross-origin-resource-policy-implemented-with-same-origin': 0,
  'cross-origin-resource-policy-implemented-with-cross-origin': 0,
  'cross-origin-resource-policy-header-invalid': -5,
};

export const OBSERVATORY_DIFFERENCES = [
  'HSTS preload status is not looked up (no traffic beyond the target), so hsts-preloaded and redirection-all-redirects-preloaded are never awarded',
  'crossdomain.xml and clientaccesspolicy.xml are not fetched; CORS is judged from Access-Control-* answers to a foreign Origin and to Origin: null',
  'redirects are followed only within the target host and the hosts named in resourceHosts',
  'CSP is read from headers and <meta http-equiv>; a broad script source (*, https:, data:) counts as unsafe-inline, as MDN does',
];

const GRADES: [number, string][] = [
  [100, 'A+'],
  [90, 'A'],
  [85, 'A-'],
  [80, 'B+'],
  [70, 'B'],
  [65, 'B-'],
  [60, 'C+'],
  [50, 'C'],
  [45, 'C-'],
  [40, 'D+'],
  [30, 'D'],
  [25, 'D-'],
  [0, 'F'],
];

export function grade(score: number): string {
  return GRADES.find(([min]) => score >= min)![1];
}

/** 100, plus every penalty, plus the bonuses only when the penalised score is still 90 or more; never below 0. */
export function score(results: string[]): number {
  const mods = results.map((r) => MODIFIERS[r] ?? 0);
  let s = 100 + mods.filter((m) => m < 0).reduce((a, b) => a + b, 0);
  if (s >= 90) s += mods.filter((m) => m > 0).reduce((a, b) => a + b, 0);
  return Math.max(0, s);
}

export interface ObservatoryInput {
  /** The final https (or http) answer for the target URL. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  html?: PageDocument;
  isHtml: boolean;
  /** The plaintext entry point: where http:// led, or undefined when there is no http listener. */
  redirect?: { firstHopHttps: boolean; endsHttps: boolean; offHost: boolean; invalidCert?: boolean } | 'no-http';
  /** CORS answers to a foreign Origin. */
  cors?: { allowOrigin?: string; allowCredentials: boolean; reflected: boolean };
  certificateValid?: boolean;
}

export interface ObservatoryTest {
  test: string;
  result: string;
  modifier: number;
}

function headerValue(h: ObservatoryInput['headers'], name: string): string | undefined {
  const v = h[name];
  return Array.isArray(v) ? v.join(', ') : v;
}

export function cspResult(header: string | undefined, reportOnly: string | undefined, meta: string[]): string {
  const text = [header, ...meta].filter(Boolean).join(', ');
  if (!text) return reportOnly ? 'csp-not-implemented-but-reporting-enabled' : 'csp-not-implemented';
  const parsed = parseCsp(text);
  if (!parsed.length || parsed.every((p) => p.policy.size === 0)) return 'csp-header-invalid';
  // With several policies the browser enforces them all: the strictest wins, so judge the best one.
  const results = parsed.map((p) => {
    const f = analyzeCsp(p.policy);
    if (f.unsafeInline) return 'csp-implemented-with-unsafe-inline';
    if (f.insecureActive.length) return 'csp-implemented-with-insecure-scheme';
    if (f.unsafeEval) return 'csp-implemented-with-unsafe-eval';
    if (f.insecurePassive.length) return 'csp-implemented-with-insecure-scheme-in-passive-content-only';
    if (f.unsafeInlineStyleOnly) return 'csp-implemented-with-unsafe-inline-in-style-src-only';
    if (f.defaultNone) return 'csp-implemented-with-no-unsafe-default-src-none';
    return 'csp-implemented-with-no-unsafe';
  });
  return results.sort((a, b) => MODIFIERS[b] - MODIFIERS[a])[0];
}

export function hstsResult(header: string | undefined, https: boolean, certificateValid?: boolean): string {
  if (!https) return 'hsts-not-implemented-no-https';
  if (!header) return 'hsts-not-implemented';
  const m = header.match(/(?:^|;)\s*max-age\s*=\s*"?(\d+)"?/i);
  if (!m) return 'hsts-header-invalid';
  if (certificateValid === false) return 'hsts-invalid-cert';
  return Number(m[1]) >= 15_768_000
    ? 'hsts-implemented-max-age-at-least-six-months'
    : 'hsts-implemented-max-age-less-than-six-months';
}

export function cookiesResult(setCookies: string[], hsts: boolean): { result: string; cookies: Cookie[] } {
  const cookies = setCookies.map(parseSetCookie).filter((c): c is Cookie => !!c);
  if (!cookies.length) return { result: 'cookies-not-found', cookies };
  const sessions = cookies.filter(isSessionCookie);
  let result: string;
  if (sessions.some((c) => !c.secure))
    result = hsts ? 'cookies-session-without-secure-flag-but-protected-by-hsts' : 'cookies-session-without-secure-flag';
  else if (sessions.some((c) => !c.httpOnly)) result = 'cookies-session-without-httponly-flag';
  else if (cookies.some((c) => isAntiCsrfCookie(c) && !c.sameSite)) result = 'cookies-anticsrf-without-samesite-flag';
  else if (cookies.some((c) => c.sameSite !== undefined && !SAMESITE_VALUES.includes(c.sameSite)))
    result = 'cookies-samesite-flag-invalid';
  else if (cookies.some((c) => !c.secure))
    result = hsts ? 'cookies-without-secure-flag-but-protected-by-hsts' : 'cookies-without-secure-flag';
  else if (cookies.every((c) => c.sameSite && c.sameSite !== 'none'))
    result = 'cookies-secure-with-httponly-sessions-and-samesite';
  else result = 'cookies-secure-with-httponly-sessions';
  // Penalties combine in MDN's grader by keeping the worst one per test.
  return { result, cookies };
}

export function referrerResult(header: string | undefined): string {
  if (!header) return 'referrer-policy-not-implemented';
  const values = header
    .toLowerCase()
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
  const valid = [
    'no-referrer',
    'same-origin',
    'strict-origin',
    'strict-origin-when-cross-origin',
    'no-referrer-when-downgrade',
    'origin',
    'origin-when-cross-origin',
    'unsafe-url',
  ];
  const known = values.filter((v) => valid.includes(v));
  if (!known.length) return 'referrer-policy-header-invalid';
  // The last recognised value wins in browsers.
  const v = known[known.length - 1];
  if (['no-referrer', 'same-origin', 'strict-origin', 'strict-origin-when-cross-origin'].includes(v))
    return 'referrer-policy-private';
  if (v === 'no-referrer-when-downgrade') return 'referrer-policy-no-referrer-when-downgrade';
  return 'referrer-policy-unsafe';
}

export function xctoResult(header: string | undefined): string {
  if (!header) return 'x-content-type-options-not-implemented';
  return header.trim().toLowerCase() === 'nosniff'
    ? 'x-content-type-options-nosniff'
    : 'x-content-type-options-header-invalid';
}

export function xfoResult(header: string | undefined, frameAncestors: string[] | undefined): string {
  if (frameAncestors && frameAncestors.length && !frameAncestors.includes('*'))
    return 'x-frame-options-implemented-via-csp';
  if (!header) return 'x-frame-options-not-implemented';
  const v = header.trim().toLowerCase();
  if (v === 'deny' || v === 'sameorigin') return 'x-frame-options-sameorigin-or-deny';
  if (v.startsWith('allow-from ')) return 'x-frame-options-allow-from-origin';
  return 'x-frame-options-header-invalid';
}

export function corpResult(header: string | undefined): string {
  if (!header) return 'cross-origin-resource-policy-not-implemented';
  const v = header.trim().toLowerCase();
  if (v === 'same-site') return 'cross-origin-resource-policy-implemented-with-same-site';
  if (v === 'same-origin') return 'cross-origin-resource-policy-implemented-with-same-origin';
  if (v === 'cross-origin') return 'cross-origin-resource-policy-implemented-with-cross-origin';
  return 'cross-origin-resource-policy-header-invalid';
}

export function sriResult(pageUrl: string, html: PageDocument | undefined, isHtml: boolean): string {
  if (!isHtml || !html) return 'sri-not-implemented-response-not-html';
  const page = new URL(pageUrl);
  const scripts = html.scripts.filter((s) => s.src);
  if (!scripts.length) return 'sri-not-implemented-but-no-scripts-loaded';
  const resolved = scripts.map((s) => ({ s, u: resolveUrl(s.src!, pageUrl, html.baseHref) }));
  const external = resolved.filter(({ u }) => u && u.origin !== page.origin);
  const secure = (u: URL | undefined) =>
    u?.protocol === 'https:' || (!!u && u.origin === page.origin && page.protocol === 'https:');
  const anySri = scripts.some((s) => s.integrity);
  if (!external.length)
    return anySri
      ? 'sri-implemented-and-all-scripts-loaded-securely'
      : 'sri-not-implemented-but-all-scripts-loaded-from-secure-origin';
  const allSri = external.every(({ s }) => s.integrity);
  const allSecure = external.every(({ u }) => secure(u));
  if (allSri && allSecure) return 'sri-implemented-and-external-scripts-loaded-securely';
  if (allSri) return 'sri-implemented-but-external-scripts-not-loaded-securely';
  if (allSecure) return 'sri-not-implemented-but-external-scripts-loaded-securely';
  return 'sri-not-implemented-and-external-scripts-not-loaded-securely';
}

export function redirectionResult(r: ObservatoryInput['redirect']): string {
  if (!r || r === 'no-http') return 'redirection-not-needed-no-http';
  if (r.invalidCert) return 'redirection-invalid-cert';
  if (!r.endsHttps) return r.firstHopHttps ? 'redirection-not-to-https' : 'redirection-missing';
  if (r.offHost) return 'redirection-off-host-from-http';
  if (!r.firstHopHttps) return 'redirection-not-to-https-on-initial-redirection';
  return 'redirection-to-https';
}

export function corsResult(c: ObservatoryInput['cors']): string {
  if (!c || !c.allowOrigin) return 'cross-origin-resource-sharing-not-implemented';
  if (c.reflected && c.allowCredentials) return 'cross-origin-resource-sharing-implemented-with-universal-access';
  if (c.allowOrigin === '*') return 'cross-origin-resource-sharing-implemented-with-public-access';
  return 'cross-origin-resource-sharing-implemented-with-restricted-access';
}

export interface ObservatoryReport {
  score: number;
  grade: string;
  tests: ObservatoryTest[];
}

export function observatory(input: ObservatoryInput): ObservatoryReport {
  const h = (n: string) => headerValue(input.headers, n);
  const https = input.url.startsWith('https:');
  const hsts = hstsResult(h('strict-transport-security'), https, input.certificateValid);
  const cspHeader = h('content-security-policy');
  const frameAncestors = cspHeader
    ? parseCsp(cspHeader)
        .map((p) => p.policy.get('frame-ancestors'))
        .find(Boolean)
    : undefined;
  const setCookie = input.headers['set-cookie'];
  const tests: [string, string][] = [
    [
      'content-security-policy',
      cspResult(cspHeader, h('content-security-policy-report-only'), input.html?.metaCsp ?? []),
    ],
    [
      'cookies',
      cookiesResult(
        Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [],
        hsts === 'hsts-implemented-max-age-at-least-six-months',
      ).result,
    ],
    ['cross-origin-resource-sharing', corsResult(input.cors)],
    ['redirection', redirectionResult(input.redirect)],
    ['referrer-policy', referrerResult(h('referrer-policy'))],
    ['strict-transport-security', hsts],
    ['subresource-integrity', sriResult(input.url, input.html, input.isHtml)],
    ['x-content-type-options', xctoResult(h('x-content-type-options'))],
    ['x-frame-options', xfoResult(h('x-frame-options'), frameAncestors)],
    ['cross-origin-resource-policy', corpResult(h('cross-origin-resource-policy'))],
  ];
  const results = tests.map(([, r]) => r);
  const s = score(results);
  return {
    score: s,
    grade: grade(s),
    tests: tests.map(([test, result]) => ({ test, result, modifier: MODIFIERS[result] ?? 0 })),
  };
}

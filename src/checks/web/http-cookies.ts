import {
  isAntiCsrfCookie,
  isSessionCookie,
  parseSetCookie,
  prefixViolation,
  SAMESITE_VALUES,
  type Cookie,
} from '../../analyzers/web/cookies.js';
import { maskSecret } from '../../mask.js';
import { defineCheck, type CheckResult } from '../types.js';
import { ERROR_RESULT, NOT_APPLICABLE_RESULT, allPages } from './common.js';

function describe(c: Cookie): string {
  const [pair, ...attrs] = c.raw.split(';');
  const value = pair.slice(pair.indexOf('=') + 1);
  return [`${c.name}=${value ? maskSecret(value) : ''}`, ...attrs.map((a) => a.trim())].join('; ');
}

export default defineCheck(
  {
    id: 'web.http.cookies',
    title: 'Cookies are Secure, HttpOnly and SameSite',
    description:
      'Reads every Set-Cookie the inspected pages send. A session cookie without Secure goes out over any plaintext request; without HttpOnly any XSS reads it; without SameSite it rides along on cross-site requests (CSRF). __Secure- and __Host- prefixes must meet their rules. Session cookies are recognised by name, as the MDN Observatory does.',
    targetKinds: ['web'],
    severity: 'high',
    confidence: 'medium',
    tags: ['http', 'cookies', 'session', 'csrf'],
    remediation: 'Set session cookies as `__Host-name=…; Secure; HttpOnly; SameSite=Lax; Path=/`.',
    references: [
      'https://datatracker.ietf.org/doc/draft-ietf-httpbis-rfc6265bis/',
      'https://owasp.org/www-community/controls/SecureCookieAttribute',
    ],
    level: 'passive',
    results: {
      'session-not-secure': { title: 'A session cookie lacks Secure', severity: 'high' },
      'session-not-httponly': { title: 'A session cookie lacks HttpOnly', severity: 'medium' },
      'not-secure': { title: 'A cookie lacks Secure', severity: 'low' },
      'no-samesite': { title: 'A session or anti-CSRF cookie lacks SameSite', severity: 'medium' },
      'samesite-invalid': { title: 'SameSite has an invalid value, or None without Secure', severity: 'medium' },
      'bad-prefix': { title: 'A __Secure-/__Host- cookie breaks its prefix rules', severity: 'medium' },
      ok: { title: 'Cookies carry Secure, HttpOnly (sessions) and SameSite', severity: 'info' },
      ...NOT_APPLICABLE_RESULT,
      ...ERROR_RESULT,
    },
  },
  async (ctx) => {
    const pages = await allPages(ctx);
    const ok = pages.filter((p) => p.survey);
    if (!ok.length)
      return [
        {
          status: 'error',
          result: 'unreachable',
          message: `no page could be fetched: ${pages.map((p) => `${p.url}: ${p.error}`).join('; ')}`,
        },
      ];
    const cookies = new Map<string, { c: Cookie; url: string }>();
    for (const p of ok) {
      for (const hop of [p.survey!.page.response]) {
        const raw = hop.headers['set-cookie'];
        for (const line of Array.isArray(raw) ? raw : raw ? [raw] : []) {
          const c = parseSetCookie(line);
          if (c && !cookies.has(c.name)) cookies.set(c.name, { c, url: p.url });
        }
      }
    }
    if (!cookies.size)
      return [
        {
          status: 'not-applicable',
          result: 'not-applicable',
          message: `the inspected pages set no cookies (${ok.map((p) => p.url).join(', ')})`,
        },
      ];
    const results: CheckResult[] = [];
    for (const { c, url } of cookies.values()) {
      const evidence = [
        { label: 'Set-Cookie', value: describe(c) },
        { label: 'page', value: url },
      ];
      const session = isSessionCookie(c);
      const issues: [string, string, CheckResult['status']][] = [];
      if (session && !c.secure) issues.push(['session-not-secure', 'session cookie without Secure', 'fail']);
      else if (!c.secure && url.startsWith('https:')) issues.push(['not-secure', 'cookie without Secure', 'warn']);
      if (session && !c.httpOnly) issues.push(['session-not-httponly', 'session cookie without HttpOnly', 'fail']);
      if (c.sameSite === undefined && (session || isAntiCsrfCookie(c)))
        issues.push(['no-samesite', 'no SameSite attribute', 'warn']);
      if (c.sameSite !== undefined && (!SAMESITE_VALUES.includes(c.sameSite) || (c.sameSite === 'none' && !c.secure)))
        issues.push([
          'samesite-invalid',
          `SameSite=${c.sameSite}${c.sameSite === 'none' ? ' without Secure' : ''}`,
          'fail',
        ]);
      const prefix = prefixViolation(c);
      if (prefix) issues.push(['bad-prefix', prefix, 'fail']);
      for (const [result, what, status] of issues)
        results.push({ status, result, message: `cookie ${c.name}: ${what}`, evidence, key: `${c.name}:${result}` });
      if (!issues.length)
        results.push({
          status: 'pass',
          result: 'ok',
          message: `cookie ${c.name} is ${[c.secure && 'Secure', c.httpOnly && 'HttpOnly', c.sameSite && `SameSite=${c.sameSite}`].filter(Boolean).join(', ')}`,
          evidence,
          key: `${c.name}:ok`,
        });
    }
    return results;
  },
);

import { defineCheck, type CheckResult } from '../types.js';
import { ERROR_RESULT, NOT_APPLICABLE_RESULT, hv, mainPageOrResult } from './common.js';

const SIX_MONTHS = 15_768_000;

export default defineCheck(
  {
    id: 'web.http.hsts',
    title: 'Strict-Transport-Security is set with a long max-age',
    description:
      'Reads Strict-Transport-Security from the HTTPS answer: without it a browser that is sent to http:// once (a typed address, an old link, a hostile network) can be kept on plaintext (SSL stripping). Checks max-age (at least six months, as the MDN Observatory; Mozilla recommends two years), includeSubDomains and preload.',
    targetKinds: ['web'],
    severity: 'high',
    confidence: 'high',
    tags: ['http', 'hsts', 'headers'],
    remediation: 'nginx: `add_header Strict-Transport-Security "max-age=63072000; includeSubDomains; preload" always;`',
    references: ['https://www.rfc-editor.org/rfc/rfc6797', 'https://hstspreload.org/'],
    level: 'passive',
    results: {
      missing: { title: 'No Strict-Transport-Security header' },
      invalid: { title: 'The Strict-Transport-Security header cannot be parsed' },
      'short-max-age': { title: 'HSTS max-age is under six months', severity: 'medium' },
      'no-include-subdomains': { title: 'HSTS does not cover subdomains', severity: 'low' },
      ok: { title: 'HSTS is set for at least six months', severity: 'info' },
      ...NOT_APPLICABLE_RESULT,
      ...ERROR_RESULT,
    },
  },
  async (ctx) => {
    const s = await mainPageOrResult(ctx);
    if (Array.isArray(s)) return s;
    if (!s.page.finalUrl.startsWith('https:'))
      return [
        {
          status: 'not-applicable',
          result: 'not-applicable',
          message: `${s.page.finalUrl} is not served over HTTPS (see web.http.https-redirect)`,
        },
      ];
    const h = hv(s.page.response, 'strict-transport-security');
    const evidence = [
      { label: 'Strict-Transport-Security', value: h ?? '(absent)' },
      { label: 'URL', value: s.page.finalUrl },
    ];
    if (!h)
      return [
        {
          status: 'fail',
          result: 'missing',
          message: `${s.page.finalUrl} sends no Strict-Transport-Security header`,
          evidence,
          key: 'hsts',
        },
      ];
    const m = h.match(/(?:^|;)\s*max-age\s*=\s*"?(\d+)"?\s*(;|$)/i);
    if (!m)
      return [
        {
          status: 'fail',
          result: 'invalid',
          message: `Strict-Transport-Security "${h.slice(0, 80)}" has no valid max-age`,
          evidence,
          key: 'hsts',
        },
      ];
    const age = Number(m[1]);
    const results: CheckResult[] = [];
    if (age < SIX_MONTHS)
      results.push({
        status: age === 0 ? 'fail' : 'warn',
        result: 'short-max-age',
        message: `HSTS max-age is ${age} s (${Math.round(age / 86400)} days); at least ${SIX_MONTHS} s (six months) is needed`,
        evidence,
        key: 'hsts',
      });
    if (!/includesubdomains/i.test(h))
      results.push({
        status: 'warn',
        result: 'no-include-subdomains',
        message:
          'HSTS lacks includeSubDomains: subdomains can still be reached over plaintext and set cookies for the site',
        evidence,
        key: 'subdomains',
      });
    if (!results.length)
      results.push({
        status: 'pass',
        result: 'ok',
        message: `HSTS max-age ${age} s with includeSubDomains${/preload/i.test(h) ? ' and preload' : ''}`,
        evidence,
        key: 'hsts',
      });
    return results;
  },
);

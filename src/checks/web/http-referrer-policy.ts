import { referrerResult } from '../../analyzers/web/observatory.js';
import { defineCheck } from '../types.js';
import { ERROR_RESULT, NOT_APPLICABLE_RESULT, hv, mainPageOrResult } from './common.js';

export default defineCheck(
  {
    id: 'web.http.referrer-policy',
    title: 'Referrer-Policy keeps URLs from leaking to other sites',
    description:
      'Reads Referrer-Policy. unsafe-url, origin-when-cross-origin and no-referrer-when-downgrade send full page URLs (which on exchange and wallet pages carry addresses, order ids and sometimes tokens) to every third party the page loads from or links to. Without the header current browsers default to strict-origin-when-cross-origin.',
    targetKinds: ['web'],
    severity: 'low',
    confidence: 'high',
    tags: ['http', 'headers', 'privacy'],
    remediation: 'nginx: `add_header Referrer-Policy strict-origin-when-cross-origin always;` (or no-referrer).',
    references: ['https://www.w3.org/TR/referrer-policy/'],
    level: 'passive',
    results: {
      unsafe: { title: 'The policy sends full URLs to other sites' },
      invalid: { title: 'Referrer-Policy has no recognised value' },
      'browser-default': {
        title: 'No Referrer-Policy: the browser default (strict-origin-when-cross-origin) applies',
        severity: 'info',
      },
      private: { title: 'The policy keeps URLs private', severity: 'info' },
      ...NOT_APPLICABLE_RESULT,
      ...ERROR_RESULT,
    },
  },
  async (ctx) => {
    const s = await mainPageOrResult(ctx);
    if (Array.isArray(s)) return s;
    const v = hv(s.page.response, 'referrer-policy');
    const evidence = [{ label: 'Referrer-Policy', value: v ?? '(absent)' }];
    const key = 'referrer';
    switch (referrerResult(v)) {
      case 'referrer-policy-private':
        return [{ status: 'pass', result: 'private', message: `Referrer-Policy ${v}`, evidence, key }];
      case 'referrer-policy-not-implemented':
        return [
          {
            status: 'pass',
            result: 'browser-default',
            message: `${s.page.finalUrl} sets no Referrer-Policy; browsers apply strict-origin-when-cross-origin`,
            evidence,
            key,
          },
        ];
      case 'referrer-policy-header-invalid':
        return [
          {
            status: 'warn',
            result: 'invalid',
            message: `Referrer-Policy "${v}" has no recognised value`,
            evidence,
            key,
          },
        ];
      default:
        return [
          {
            status: 'warn',
            result: 'unsafe',
            message: `Referrer-Policy ${v} sends full URLs to other sites`,
            evidence,
            key,
          },
        ];
    }
  },
);

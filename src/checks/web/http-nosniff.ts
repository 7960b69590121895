import { defineCheck } from '../types.js';
import { ERROR_RESULT, NOT_APPLICABLE_RESULT, hv, mainPageOrResult } from './common.js';

export default defineCheck(
  {
    id: 'web.http.nosniff',
    title: 'X-Content-Type-Options: nosniff is set',
    description:
      'Without nosniff a browser may guess that an uploaded text or image file is script or a stylesheet and run it, turning file uploads into XSS.',
    targetKinds: ['web'],
    severity: 'low',
    confidence: 'high',
    tags: ['http', 'headers', 'xss'],
    remediation: 'nginx: `add_header X-Content-Type-Options nosniff always;`',
    references: ['https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/X-Content-Type-Options'],
    level: 'passive',
    results: {
      missing: { title: 'X-Content-Type-Options is not set' },
      invalid: { title: 'X-Content-Type-Options has a value other than nosniff' },
      nosniff: { title: 'X-Content-Type-Options: nosniff', severity: 'info' },
      ...NOT_APPLICABLE_RESULT,
      ...ERROR_RESULT,
    },
  },
  async (ctx) => {
    const s = await mainPageOrResult(ctx);
    if (Array.isArray(s)) return s;
    const v = hv(s.page.response, 'x-content-type-options');
    const evidence = [{ label: 'X-Content-Type-Options', value: v ?? '(absent)' }];
    if (!v)
      return [
        {
          status: 'fail',
          result: 'missing',
          message: `${s.page.finalUrl} does not send X-Content-Type-Options`,
          evidence,
          key: 'nosniff',
        },
      ];
    if (v.trim().toLowerCase() !== 'nosniff')
      return [
        {
          status: 'fail',
          result: 'invalid',
          message: `X-Content-Type-Options is "${v.slice(0, 60)}", not nosniff`,
          evidence,
          key: 'nosniff',
        },
      ];
    return [
      {
        status: 'pass',
        result: 'nosniff',
        message: `${s.page.finalUrl} sends X-Content-Type-Options: nosniff`,
        evidence,
        key: 'nosniff',
      },
    ];
  },
);

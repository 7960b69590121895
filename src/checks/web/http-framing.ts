import { parseCsp } from '../../analyzers/web/csp.js';
import { xfoResult } from '../../analyzers/web/observatory.js';
import { defineCheck } from '../types.js';
import { ERROR_RESULT, NOT_APPLICABLE_RESULT, hv, mainPageOrResult } from './common.js';

export default defineCheck(
  {
    id: 'web.http.framing',
    title: 'Pages cannot be framed by other sites (clickjacking)',
    description:
      "Reads X-Frame-Options and CSP frame-ancestors. A page another site can frame can be overlaid with decoys so a user clicks 'approve' or 'withdraw' without seeing it.",
    targetKinds: ['web'],
    severity: 'medium',
    confidence: 'high',
    tags: ['http', 'clickjacking', 'headers'],
    remediation:
      "Send `Content-Security-Policy: frame-ancestors 'none'` (or 'self') and `X-Frame-Options: DENY` for older browsers.",
    references: ['https://owasp.org/www-community/attacks/Clickjacking'],
    level: 'passive',
    results: {
      missing: { title: 'Neither X-Frame-Options nor frame-ancestors is set' },
      invalid: { title: 'X-Frame-Options has an invalid value' },
      'allow-from': { title: 'X-Frame-Options ALLOW-FROM, which current browsers ignore', severity: 'low' },
      protected: { title: 'Framing is restricted', severity: 'info' },
      ...NOT_APPLICABLE_RESULT,
      ...ERROR_RESULT,
    },
  },
  async (ctx) => {
    const s = await mainPageOrResult(ctx);
    if (Array.isArray(s)) return s;
    const xfo = hv(s.page.response, 'x-frame-options');
    const csp = hv(s.page.response, 'content-security-policy');
    const fa = csp
      ? parseCsp(csp)
          .map((p) => p.policy.get('frame-ancestors'))
          .find(Boolean)
      : undefined;
    const evidence = [
      { label: 'X-Frame-Options', value: xfo ?? '(absent)' },
      { label: 'frame-ancestors', value: fa?.join(' ') ?? '(absent)' },
    ];
    const r = xfoResult(xfo, fa);
    const key = 'framing';
    if (r === 'x-frame-options-not-implemented')
      return [
        { status: 'fail', result: 'missing', message: `${s.page.finalUrl} can be framed by any site`, evidence, key },
      ];
    if (r === 'x-frame-options-header-invalid')
      return [
        {
          status: 'fail',
          result: 'invalid',
          message: `X-Frame-Options "${xfo}" is not DENY or SAMEORIGIN`,
          evidence,
          key,
        },
      ];
    if (r === 'x-frame-options-allow-from-origin')
      return [
        {
          status: 'warn',
          result: 'allow-from',
          message: 'X-Frame-Options ALLOW-FROM is ignored by current browsers; use frame-ancestors',
          evidence,
          key,
        },
      ];
    return [
      {
        status: 'pass',
        result: 'protected',
        message: `framing restricted by ${fa ? `frame-ancestors ${fa.join(' ')}` : `X-Frame-Options ${xfo}`}`,
        evidence,
        key,
      },
    ];
  },
);

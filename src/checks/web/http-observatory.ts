import { OBSERVATORY_DIFFERENCES, observatory, type ObservatoryInput } from '../../analyzers/web/observatory.js';
import { defineCheck } from '../types.js';
import { ERROR_RESULT, NOT_APPLICABLE_RESULT, certificatesFor, mainPageOrResult, tlsEndpoint } from './common.js';
import { FOREIGN_ORIGIN, corsProbes } from './http-cors.js';
import { redirectProbe } from './http-https-redirect.js';

export default defineCheck(
  {
    id: 'web.http.observatory',
    title: 'HTTP security headers score well on the MDN HTTP Observatory scale',
    description: `Scores the main page with the MDN HTTP Observatory's tests, modifiers and grade table (CSP, cookies, CORS, redirection, Referrer-Policy, HSTS, SRI, X-Content-Type-Options, X-Frame-Options, Cross-Origin-Resource-Policy): 100 points, penalties subtracted, bonuses only at 90 or more. Grades B- and up pass, C warns, D and F fail. Where we differ from MDN: ${OBSERVATORY_DIFFERENCES.join('; ')}.`,
    targetKinds: ['web'],
    severity: 'medium',
    confidence: 'high',
    tags: ['http', 'headers', 'observatory', 'score'],
    remediation: 'Fix the tests with negative modifiers first (evidence lists each test and its points).',
    references: [
      'https://developer.mozilla.org/en-US/observatory/docs/tests_and_scoring',
      'https://github.com/mdn/mdn-http-observatory',
    ],
    level: 'passive',
    results: {
      good: { title: 'Grade B- or better', severity: 'info' },
      mediocre: { title: 'Grade C+ to C-' },
      poor: { title: 'Grade D+ or worse' },
      ...NOT_APPLICABLE_RESULT,
      ...ERROR_RESULT,
    },
  },
  async (ctx) => {
    const s = await mainPageOrResult(ctx);
    if (Array.isArray(s)) return s;
    const [plain, cors] = await Promise.all([redirectProbe(ctx), corsProbes(ctx)]);
    const mainCors = cors.find((c) => c.url === ctx.target.url && c.origin === FOREIGN_ORIGIN && !c.error);
    let certificateValid: boolean | undefined;
    const ep = tlsEndpoint(ctx.target);
    if (!('notApplicable' in ep)) {
      const certs = await certificatesFor(ctx, ep);
      if (certs.trust.length) certificateValid = certs.trust.some((t) => t.trusted);
    }
    const input: ObservatoryInput = {
      url: s.page.finalUrl,
      headers: s.page.response.headers,
      html: s.html,
      isHtml: s.isHtml,
      redirect:
        !plain || plain.outcome === 'no-listener' || plain.outcome === 'error'
          ? 'no-http'
          : {
              firstHopHttps: plain.outcome === 'redirects',
              endsHttps: plain.outcome === 'redirects' || plain.outcome === 'indirect',
              offHost: plain.outcome === 'off-host',
            },
      cors: mainCors && {
        allowOrigin: mainCors.allowOrigin,
        allowCredentials: mainCors.allowCredentials,
        reflected: mainCors.allowOrigin === FOREIGN_ORIGIN,
      },
      certificateValid,
    };
    const report = observatory(input);
    const evidence = [
      { label: 'score', value: `${report.score} (${report.grade})` },
      ...report.tests.map((t) => ({
        label: t.test,
        value: `${t.result} (${t.modifier >= 0 ? '+' : ''}${t.modifier})`,
      })),
    ];
    const msg = `${s.page.finalUrl} scores ${report.score}/100, grade ${report.grade}`;
    const key = 'observatory';
    if (report.score >= 65) return [{ status: 'pass', result: 'good', message: msg, evidence, key }];
    if (report.score >= 45) return [{ status: 'warn', result: 'mediocre', message: msg, evidence, key }];
    return [{ status: 'fail', result: 'poor', message: msg, evidence, key }];
  },
);

import { randomBytes } from 'node:crypto';
import { httpRequest } from '../../clients/http.js';
import { versionDisclosures } from '../../analyzers/web/exposure.js';
import { USER_AGENT } from '../../analyzers/web/fetch.js';
import { defineCheck } from '../types.js';
import { ERROR_RESULT, NOT_APPLICABLE_RESULT, mainPageOrResult } from './common.js';

export default defineCheck(
  {
    id: 'web.http.version-disclosure',
    title: 'The server does not disclose software versions',
    description:
      'Reads Server, X-Powered-By, X-AspNet-Version and similar headers of the main page, and the text of a 404 page, for software names with versions. A version tells an attacker which published vulnerabilities to try first.',
    targetKinds: ['web'],
    severity: 'low',
    confidence: 'high',
    tags: ['http', 'fingerprinting', 'headers'],
    remediation:
      'nginx: `server_tokens off;`; remove X-Powered-By in the application or with `proxy_hide_header`; use custom error pages.',
    references: [
      'https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_Security_Testing/01-Information_Gathering/02-Fingerprint_Web_Server',
    ],
    level: 'passive',
    results: {
      disclosed: { title: 'A software version is disclosed' },
      hidden: { title: 'No software version is disclosed', severity: 'info' },
      ...NOT_APPLICABLE_RESULT,
      ...ERROR_RESULT,
    },
  },
  async (ctx) => {
    const s = await mainPageOrResult(ctx);
    if (Array.isArray(s)) return s;
    const found = versionDisclosures(s.page.response);
    const missing = new URL(`/chainaudit-${randomBytes(6).toString('hex')}`, s.page.finalUrl).href;
    try {
      const res = await httpRequest({
        url: missing,
        headers: { 'user-agent': USER_AGENT },
        timeoutMs: 8_000,
        maxBytes: 64 * 1024,
        signal: ctx.signal,
        insecureTls: true,
      });
      for (const d of versionDisclosures(res, true)) if (!found.some((f) => f.value === d.value)) found.push(d);
    } catch {
      // The 404 page is a second look; the headers of the main page already decide.
    }
    const evidence = found.map((f) => ({ label: f.where, value: f.value }));
    if (found.length)
      return [
        {
          status: 'fail',
          result: 'disclosed',
          message: `${s.page.finalUrl} discloses ${found.map((f) => `${f.value} (${f.where})`).join(', ')}`,
          evidence,
          key: 'version',
        },
      ];
    return [
      {
        status: 'pass',
        result: 'hidden',
        message: `no software version in the headers of ${s.page.finalUrl} or its 404 page`,
        key: 'version',
      },
    ];
  },
);

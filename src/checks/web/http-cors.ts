import { header, httpRequest } from '../../clients/http.js';
import { errorMessage } from '../../errors.js';
import { USER_AGENT } from '../../analyzers/web/fetch.js';
import { defineCheck, type CheckResult } from '../types.js';
import type { CheckContext } from '../types.js';
import { ERROR_RESULT, NOT_APPLICABLE_RESULT, allPages, loginUrl, type WebTarget } from './common.js';

export const FOREIGN_ORIGIN = 'https://chainaudit-cors-probe.invalid';

export interface CorsAnswer {
  url: string;
  origin: string;
  allowOrigin?: string;
  allowCredentials: boolean;
  status?: number;
  error?: string;
}

/** GET with a foreign Origin and with Origin: null, on the main, login and listed pages of the target host. */
export function corsProbes(ctx: CheckContext<WebTarget>): Promise<CorsAnswer[]> {
  return ctx.memo(`web:cors:${ctx.target.id}`, async () => {
    const pages = await allPages(ctx);
    const urls = [
      ...new Set([
        ctx.target.url,
        ...(loginUrl(ctx.target) ? [loginUrl(ctx.target)!] : []),
        ...pages.filter((p) => p.survey).map((p) => p.url),
      ]),
    ].slice(0, 6);
    const out: CorsAnswer[] = [];
    for (const url of urls)
      for (const origin of [FOREIGN_ORIGIN, 'null']) {
        try {
          const res = await httpRequest({
            url,
            headers: { origin, 'user-agent': USER_AGENT },
            timeoutMs: 8_000,
            maxBytes: 16 * 1024,
            signal: ctx.signal,
            insecureTls: true,
          });
          out.push({
            url,
            origin,
            status: res.status,
            allowOrigin: header(res, 'access-control-allow-origin'),
            allowCredentials: (header(res, 'access-control-allow-credentials') ?? '').trim().toLowerCase() === 'true',
          });
        } catch (e) {
          out.push({ url, origin, allowCredentials: false, error: errorMessage(e) });
        }
      }
    return out;
  });
}

export default defineCheck(
  {
    id: 'web.http.cors',
    title: 'CORS does not hand responses to arbitrary origins',
    description:
      "Requests the site's pages with a foreign Origin and with Origin: null (what sandboxed iframes and file:// pages send). An Access-Control-Allow-Origin that echoes either, together with Allow-Credentials: true, lets any web page read the logged-in user's responses (balances, API keys, deposit addresses). A wildcard without credentials is reported for review.",
    targetKinds: ['web'],
    severity: 'high',
    confidence: 'high',
    tags: ['http', 'cors', 'headers'],
    remediation:
      'Answer CORS only for an allow-list of origins; never reflect the Origin header or allow "null" with credentials.',
    references: ['https://portswigger.net/web-security/cors', 'https://fetch.spec.whatwg.org/#http-cors-protocol'],
    level: 'passive',
    results: {
      'reflected-with-credentials': { title: 'Any origin is reflected, with credentials', severity: 'critical' },
      'null-with-credentials': { title: 'Origin null is allowed, with credentials', severity: 'high' },
      reflected: { title: 'Any origin is reflected (no credentials)', severity: 'medium' },
      'null-origin': { title: 'Origin null is allowed (no credentials)', severity: 'low' },
      wildcard: { title: 'Access-Control-Allow-Origin: *', severity: 'low' },
      restricted: { title: 'No cross-origin access for foreign or null origins', severity: 'info' },
      ...NOT_APPLICABLE_RESULT,
      ...ERROR_RESULT,
    },
  },
  async (ctx) => {
    const answers = await corsProbes(ctx);
    const answered = answers.filter((a) => !a.error);
    if (!answered.length)
      return [
        {
          status: 'error',
          result: 'unreachable',
          message: `CORS probes failed: ${answers
            .map((a) => `${a.url}: ${a.error}`)
            .join('; ')
            .slice(0, 300)}`,
        },
      ];
    const results: CheckResult[] = [];
    for (const a of answered) {
      const evidence = [
        { label: 'request', value: `GET ${a.url} with Origin: ${a.origin}` },
        {
          label: 'answer',
          value: `${a.status}; Access-Control-Allow-Origin: ${a.allowOrigin ?? '(absent)'}; Allow-Credentials: ${a.allowCredentials}`,
        },
      ];
      const key = `${a.url}:${a.origin === 'null' ? 'null' : 'foreign'}`;
      if (a.allowOrigin === a.origin && a.origin !== 'null')
        results.push(
          a.allowCredentials
            ? {
                status: 'fail',
                result: 'reflected-with-credentials',
                message: `${a.url} reflects any Origin with Allow-Credentials: true`,
                evidence,
                key,
              }
            : { status: 'warn', result: 'reflected', message: `${a.url} reflects any Origin`, evidence, key },
        );
      else if (a.origin === 'null' && a.allowOrigin === 'null')
        results.push(
          a.allowCredentials
            ? {
                status: 'fail',
                result: 'null-with-credentials',
                message: `${a.url} allows Origin null with Allow-Credentials: true`,
                evidence,
                key,
              }
            : { status: 'warn', result: 'null-origin', message: `${a.url} allows Origin null`, evidence, key },
        );
      else if (a.allowOrigin === '*' && a.origin !== 'null')
        results.push({
          status: 'warn',
          result: 'wildcard',
          message: `${a.url} answers Access-Control-Allow-Origin: *${a.allowCredentials ? ' (with Allow-Credentials, which browsers refuse)' : ''}`,
          evidence,
          key,
        });
    }
    if (!results.length)
      results.push({
        status: 'pass',
        result: 'restricted',
        message: `no inspected page grants cross-origin access to a foreign or null origin (${[...new Set(answered.map((a) => a.url))].length} page(s))`,
        evidence: answered.slice(0, 4).map((a) => ({
          label: `${a.url} (Origin: ${a.origin})`,
          value: `Access-Control-Allow-Origin: ${a.allowOrigin ?? '(absent)'}`,
        })),
        key: 'cors',
      });
    return results;
  },
);

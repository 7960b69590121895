import { header, httpRequest } from '../../clients/http.js';
import { errorMessage } from '../../errors.js';
import { defineCheck, type CheckResult } from '../types.js';
import { probeAddress, servicesOf } from './probes.js';

const HEADERS = ['x-content-type-options', 'x-frame-options', 'content-security-policy'];

export default defineCheck(
  {
    id: 'services.http-headers',
    title: 'Web server hides its version and sends security headers',
    description:
      'GETs / on each declared http/https service (nginx in front of nodes and dashboards) and reports a version in the Server header, and missing X-Content-Type-Options, X-Frame-Options/CSP and (over HTTPS) Strict-Transport-Security.',
    targetKinds: ['host'],
    results: {
      version: { title: 'Software version disclosed (Server, X-Powered-By)' },
      headers: { title: 'Security headers (nosniff, framing, HSTS)' },
    },
    severity: 'low',
    confidence: 'high',
    tags: ['http', 'nginx', 'headers', 'probe'],
    remediation: 'nginx: `server_tokens off;` and `add_header` lines for the missing headers (with `always`).',
    references: ['https://owasp.org/www-project-secure-headers/'],
    level: 'passive',
  },
  async (ctx) => {
    const host = probeAddress(ctx.target);
    const targets = [
      ...servicesOf(ctx.target, 'http').map((p) => ({ port: p, tls: false })),
      ...servicesOf(ctx.target, 'https').map((p) => ({ port: p, tls: true })),
    ];
    if (!targets.length)
      return [{ status: 'not-applicable', message: 'the scope declares no http/https service for this host' }];
    const results: CheckResult[] = [];
    for (const { port, tls } of targets) {
      const url = `${tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}/`;
      let res;
      try {
        res = await httpRequest({ url, timeoutMs: 8_000, maxBytes: 64 * 1024, signal: ctx.signal, insecureTls: true });
      } catch (e) {
        results.push({ status: 'error', message: `${url}: ${errorMessage(e)}`, key: `${port}` });
        continue;
      }
      const server = header(res, 'server') ?? '';
      const poweredBy = header(res, 'x-powered-by');
      const evidence = [
        { label: 'GET', value: `${url} → ${res.status}` },
        { label: 'Server', value: server || '(none)' },
      ];
      if (/\d/.test(server) || poweredBy)
        results.push({
          status: 'fail',
          message: `${url} discloses its software version (${[server, poweredBy].filter(Boolean).join('; ')})`,
          evidence,
          result: 'version',
          remediation:
            'nginx: `server_tokens off;`; remove X-Powered-By at the application or with `proxy_hide_header`.',
          key: `${port}:version`,
        });
      else
        results.push({
          status: 'pass',
          message: `${url} does not disclose a version${server ? ` (Server: ${server})` : ''}`,
          evidence,
          result: 'version',
          key: `${port}:version`,
        });
      const wanted = tls ? ['strict-transport-security', ...HEADERS] : HEADERS;
      const has = (h: string) => header(res, h) !== undefined;
      const missing = wanted.filter(
        (h) =>
          !has(h) &&
          !(h === 'x-frame-options' && /frame-ancestors/i.test(header(res, 'content-security-policy') ?? '')) &&
          !(h === 'content-security-policy' && has('x-frame-options')),
      );
      const headerEvidence = [
        ...evidence,
        ...wanted.filter(has).map((h) => ({ label: h, value: header(res, h)!.slice(0, 200) })),
      ];
      if (missing.length)
        results.push({
          status: 'warn',
          message: `${url} sends no ${missing.join(', ')}`,
          evidence: headerEvidence,
          result: 'headers',
          key: `${port}:headers`,
        });
      else
        results.push({
          status: 'pass',
          message: `${url} sends ${wanted.join(', ')}`,
          evidence: headerEvidence,
          result: 'headers',
          key: `${port}:headers`,
        });
    }
    return results;
  },
);

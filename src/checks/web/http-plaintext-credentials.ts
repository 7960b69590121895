import { sensitiveInputs } from '../../analyzers/web/html.js';
import { defineCheck, type CheckResult } from '../types.js';
import { ERROR_RESULT, NOT_APPLICABLE_RESULT, allPages, resolveIn } from './common.js';
import { redirectProbe } from './http-https-redirect.js';

export default defineCheck(
  {
    id: 'web.http.plaintext-credentials',
    title: 'Passwords and wallet keys are never entered or sent over plain HTTP',
    description:
      'Finds forms with a password field or a wallet-secret field (mnemonic, seed, private key, keystore) on the inspected pages and the login page, and fails when such a page is served over http://, or its form posts to an http:// address. Anyone on the path then reads the secret in clear.',
    targetKinds: ['web'],
    severity: 'critical',
    confidence: 'high',
    tags: ['http', 'credentials', 'plaintext', 'wallet'],
    remediation:
      'Serve login and key-entry pages only over HTTPS, post forms to https:// addresses, and redirect http:// before any page renders.',
    references: ['https://owasp.org/Top10/A02_2021-Cryptographic_Failures/'],
    level: 'passive',
    results: {
      'form-over-http': { title: 'A password or key-entry form is served over plain HTTP' },
      'posts-over-http': { title: 'A password or key-entry form posts to an http:// address' },
      protected: { title: 'Password and key-entry forms are served and submitted over HTTPS', severity: 'info' },
      ...NOT_APPLICABLE_RESULT,
      ...ERROR_RESULT,
    },
  },
  async (ctx) => {
    const pages = await allPages(ctx);
    const fetched = pages.filter((p) => p.survey?.html);
    if (!fetched.length)
      return [
        {
          status: 'error',
          result: 'unreachable',
          message: `no HTML page could be read: ${pages.map((p) => `${p.url}: ${p.error ?? 'not HTML'}`).join('; ')}`,
        },
      ];
    const results: CheckResult[] = [];
    let forms = 0;
    for (const p of fetched) {
      const s = p.survey!;
      for (const [i, form] of s.html!.forms.entries()) {
        const fields = sensitiveInputs(form);
        if (!fields.length) continue;
        forms++;
        const action = form.action ? resolveIn(form.action, s) : new URL(s.page.finalUrl);
        const evidence = [
          { label: 'page', value: s.page.finalUrl },
          { label: 'form', value: `${form.method.toUpperCase()} ${action?.href ?? form.action}` },
          { label: 'fields', value: fields.map((f) => `${f.type} "${f.name}"`).join(', ') },
        ];
        const key = `${p.url}#${i}`;
        if (s.page.finalUrl.startsWith('http:'))
          results.push({
            status: 'fail',
            result: 'form-over-http',
            message: `${s.page.finalUrl} serves a ${fields.map((f) => (f.type === 'password' ? 'password' : f.name)).join('/')} form over plain HTTP`,
            evidence,
            key,
          });
        else if (action?.protocol === 'http:')
          results.push({
            status: 'fail',
            result: 'posts-over-http',
            message: `a form on ${s.page.finalUrl} posts ${fields.map((f) => f.name || f.type).join(', ')} to ${action.href}`,
            evidence,
            key,
          });
        else
          results.push({
            status: 'pass',
            result: 'protected',
            message: `the form on ${s.page.finalUrl} is served and submitted over HTTPS`,
            evidence,
            key,
          });
      }
    }
    // The http:// entry point may render the same form before redirecting nowhere.
    const plain = await redirectProbe(ctx);
    if (plain?.outcome === 'plaintext' && forms)
      results.push({
        status: 'fail',
        result: 'form-over-http',
        message: `${plain.url} ${plain.detail}: the site's forms are reachable without TLS`,
        evidence: plain.hops.map((h, i) => ({ label: `hop ${i + 1}`, value: h })),
        key: 'plaintext-entry',
      });
    if (!forms)
      return [
        {
          status: 'not-applicable',
          result: 'not-applicable',
          message: `no password or key-entry form on ${fetched.map((p) => p.url).join(', ')} (name the login page in the scope: login:)`,
        },
      ];
    return results;
  },
);

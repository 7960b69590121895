import { analyzeCsp, parseCsp } from '../../analyzers/web/csp.js';
import { cspResult } from '../../analyzers/web/observatory.js';
import type { Evidence } from '../../model.js';
import { defineCheck, type CheckResult } from '../types.js';
import { ERROR_RESULT, NOT_APPLICABLE_RESULT, hv, mainPageOrResult } from './common.js';

export default defineCheck(
  {
    id: 'web.http.csp',
    title: 'A Content-Security-Policy blocks injected script',
    description:
      "Parses the Content-Security-Policy (headers and <meta>) and judges whether it would stop an injected script: 'unsafe-inline' without nonces or hashes, broad sources (*, https:, data:) in script-src or object-src, 'unsafe-eval', sources over http:, and whether object-src and base-uri are locked down. A wallet or exchange front end without an effective CSP turns any XSS into stolen keys and swapped addresses.",
    targetKinds: ['web'],
    severity: 'high',
    confidence: 'high',
    tags: ['http', 'csp', 'xss', 'headers'],
    remediation:
      "Start from `default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'` and add nonces or hashes rather than 'unsafe-inline'.",
    references: ['https://www.w3.org/TR/CSP3/', 'https://csp-evaluator.withgoogle.com/'],
    level: 'passive',
    results: {
      missing: { title: 'No Content-Security-Policy' },
      'report-only': { title: 'The policy is report-only and enforces nothing' },
      'unsafe-inline': { title: "script-src allows inline script ('unsafe-inline' without nonce/hash, or data:)" },
      'broad-source': { title: 'script-src or object-src allows any host or a whole scheme' },
      'insecure-scheme': { title: 'The policy allows content over http:' },
      'unsafe-eval': { title: "script-src allows 'unsafe-eval'", severity: 'medium' },
      incomplete: { title: 'object-src or base-uri is not restricted', severity: 'low' },
      invalid: { title: 'The policy cannot be parsed', severity: 'medium' },
      effective: { title: 'The policy restricts script sources', severity: 'info' },
      ...NOT_APPLICABLE_RESULT,
      ...ERROR_RESULT,
    },
  },
  async (ctx) => {
    const s = await mainPageOrResult(ctx);
    if (Array.isArray(s)) return s;
    const header = hv(s.page.response, 'content-security-policy');
    const reportOnly = hv(s.page.response, 'content-security-policy-report-only');
    const meta = s.html?.metaCsp ?? [];
    const evidence: Evidence[] = [
      { label: 'Content-Security-Policy', value: header?.slice(0, 500) ?? '(absent)' },
      ...(meta.length ? [{ label: '<meta> CSP', value: meta.join(' , ').slice(0, 500) }] : []),
      ...(reportOnly ? [{ label: 'Report-Only', value: reportOnly.slice(0, 300) }] : []),
      { label: 'MDN Observatory result', value: cspResult(header, reportOnly, meta) },
    ];
    const text = [header, ...meta].filter(Boolean).join(', ');
    const key = 'csp';
    if (!text)
      return [
        reportOnly
          ? {
              status: 'fail',
              result: 'report-only',
              message: `${s.page.finalUrl} has only a report-only policy`,
              evidence,
              key,
            }
          : {
              status: 'fail',
              result: 'missing',
              message: `${s.page.finalUrl} sends no Content-Security-Policy`,
              evidence,
              key,
            },
      ];
    const parsed = parseCsp(text);
    if (!parsed.length || parsed.every((p) => !p.policy.size))
      return [
        {
          status: 'fail',
          result: 'invalid',
          message: `the Content-Security-Policy of ${s.page.finalUrl} has no directives`,
          evidence,
          key,
        },
      ];
    const problems = parsed.flatMap((p) => p.problems);
    if (problems.length) evidence.push({ label: 'parse problems', value: problems.join('; ') });
    // Every policy is enforced: a weakness counts only if every policy has it.
    const findings = parsed.map((p) => analyzeCsp(p.policy));
    const all = <K extends keyof (typeof findings)[0]>(k: K, test: (v: (typeof findings)[0][K]) => boolean) =>
      findings.every((f) => test(f[k]));
    const results: CheckResult[] = [];
    const broad = findings[0].broadScriptSource;
    if (all('broadScriptSource', (v) => v.length > 0))
      results.push({
        status: 'fail',
        result: 'broad-source',
        message: `script-src/object-src allows ${broad.join(', ')}: any host (or data:) can serve script`,
        evidence,
        key: 'broad',
      });
    else if (all('unsafeInline', Boolean))
      results.push({
        status: 'fail',
        result: 'unsafe-inline',
        message: "script-src allows inline script ('unsafe-inline' with no nonce or hash)",
        evidence,
        key: 'inline',
      });
    if (all('insecureActive', (v) => v.length > 0))
      results.push({
        status: 'fail',
        result: 'insecure-scheme',
        message: `the policy allows active content over ${findings[0].insecureActive.join(', ')}`,
        evidence,
        key: 'scheme',
      });
    if (all('unsafeEval', Boolean))
      results.push({
        status: 'warn',
        result: 'unsafe-eval',
        message: "script-src allows 'unsafe-eval'",
        evidence,
        key: 'eval',
      });
    if (!results.length && (all('objectRestricted', (v) => !v) || all('baseUriRestricted', (v) => !v)))
      results.push({
        status: 'warn',
        result: 'incomplete',
        message: `the policy leaves ${[all('objectRestricted', (v) => !v) ? "object-src (set 'none')" : '', all('baseUriRestricted', (v) => !v) ? 'base-uri' : ''].filter(Boolean).join(' and ')} open`,
        evidence,
        key: 'incomplete',
      });
    if (!results.length)
      results.push({
        status: 'pass',
        result: 'effective',
        message: `${s.page.finalUrl} enforces a policy without unsafe script sources`,
        evidence,
        key,
      });
    return results;
  },
);

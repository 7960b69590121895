import { inventory, type LoadedResource } from '../../analyzers/web/supply-chain.js';
import type { Evidence } from '../../model.js';
import { defineCheck, type CheckContext, type CheckResult } from '../types.js';
import { ERROR_RESULT, NOT_APPLICABLE_RESULT, allPages, allowHostFor, hv, type WebTarget } from './common.js';

/** The run's inventory of scripts and stylesheets, hashed where the scope allows; shared with the change check. */
export function resourcesOf(
  ctx: CheckContext<WebTarget>,
): Promise<{ resources: LoadedResource[]; pages: string[] } | { error: string }> {
  return ctx.memo(`web:inventory:${ctx.target.id}`, async () => {
    const pages = await allPages(ctx);
    const html = pages.filter((p) => p.survey?.html);
    if (!html.length)
      return {
        error: `no HTML page could be read: ${pages.map((p) => `${p.url}: ${p.error ?? 'not HTML'}`).join('; ')}`,
      };
    const resources = await inventory(
      html.map((p) => ({
        url: p.survey!.page.finalUrl,
        html: p.survey!.html!,
        csp:
          [hv(p.survey!.page.response, 'content-security-policy'), ...p.survey!.html!.metaCsp]
            .filter(Boolean)
            .join(', ') || undefined,
      })),
      { mayFetch: allowHostFor(ctx.target), signal: ctx.signal },
    );
    return { resources, pages: html.map((p) => p.survey!.page.finalUrl) };
  });
}

export function resourceEvidence(r: LoadedResource): Evidence[] {
  return [
    { label: 'resource', value: `${r.kind} ${r.url}` },
    { label: 'origin', value: `${r.origin}${r.sameOrigin ? ' (same origin)' : ' (cross-origin)'}` },
    { label: 'integrity', value: r.integrity ?? '(none)' },
    { label: 'CSP', value: r.cspAllows === undefined ? 'no policy' : r.cspAllows ? 'allowed' : 'not allowed' },
    { label: 'sha384', value: r.sha384 ?? `not hashed: ${r.notFetched ?? 'unknown'}` },
    { label: 'loaded by', value: r.pages.join(', ') },
  ];
}

export default defineCheck(
  {
    id: 'web.supply-chain.inventory',
    title: 'Third-party scripts and stylesheets are pinned with SRI and allowed by the CSP',
    description:
      'Inventories every script and stylesheet the inspected pages load by URL: origin, Subresource Integrity attribute, whether the CSP allows it, and the SHA-384 of its body (fetched from the target host, and from other hosts only when the scope lists them in resourceHosts). A cross-origin script without SRI runs whatever its host serves today: the December 2023 Ledger Connect Kit compromise drained wallets through exactly such a script. A body that does not match its integrity attribute fails.',
    targetKinds: ['web'],
    severity: 'high',
    confidence: 'high',
    tags: ['http', 'supply-chain', 'sri', 'third-party'],
    remediation:
      'Self-host third-party code, or add `integrity="sha384-…" crossorigin="anonymous"` to every cross-origin <script> and <link rel="stylesheet">, and list the allowed origins in the CSP.',
    references: ['https://www.w3.org/TR/SRI/', 'https://www.ledger.com/blog/security-incident-report'],
    level: 'passive',
    results: {
      'insecure-origin': { title: 'A script or stylesheet is loaded over plain HTTP', severity: 'high' },
      'sri-mismatch': { title: 'A body does not match its integrity attribute', severity: 'high' },
      'no-sri': { title: 'A cross-origin script or stylesheet has no integrity attribute', severity: 'medium' },
      'csp-blocked': { title: "The page's CSP does not allow a resource it loads", severity: 'low' },
      pinned: { title: 'A cross-origin resource is pinned with SRI', severity: 'info' },
      'same-origin': { title: 'A resource is served by the site itself', severity: 'info' },
      ...NOT_APPLICABLE_RESULT,
      ...ERROR_RESULT,
    },
  },
  async (ctx) => {
    const inv = await resourcesOf(ctx);
    if ('error' in inv) return [{ status: 'error', result: 'unreachable', message: inv.error }];
    if (!inv.resources.length)
      return [
        {
          status: 'not-applicable',
          result: 'not-applicable',
          message: `the inspected pages load no script or stylesheet by URL (${inv.pages.join(', ')})`,
        },
      ];
    const results: CheckResult[] = [];
    for (const r of inv.resources) {
      const evidence = resourceEvidence(r);
      const key = r.url;
      const name = `${r.kind} ${r.url}`;
      if (r.insecure)
        results.push({
          status: 'fail',
          result: 'insecure-origin',
          message: `${name} is loaded over plain HTTP`,
          evidence,
          key,
        });
      else if (r.integrity && r.sriMatches === false)
        results.push({
          status: 'fail',
          result: 'sri-mismatch',
          message: `${name}: the body (${r.sha384}) matches none of its integrity hashes`,
          evidence,
          key,
        });
      else if (!r.sameOrigin && !r.integrity)
        results.push({
          status: r.kind === 'script' ? 'fail' : 'warn',
          severity: r.kind === 'script' ? 'medium' : 'low',
          result: 'no-sri',
          message: `${name} is cross-origin and has no integrity attribute`,
          evidence,
          key,
        });
      else if (!r.sameOrigin)
        results.push({
          status: 'pass',
          result: 'pinned',
          message: `${name} is pinned with ${r.integrity!.split('-')[0]} SRI${r.sriMatches ? ' and its body matches' : ''}`,
          evidence,
          key,
        });
      else
        results.push({
          status: 'pass',
          result: 'same-origin',
          message: `${name} is served by the site itself`,
          evidence,
          key,
        });
      if (r.cspAllows === false)
        results.push({
          status: 'warn',
          result: 'csp-blocked',
          message: `${name} is not allowed by the page's CSP (the browser blocks it; the policy and the page disagree)`,
          evidence,
          key: `${key}#csp`,
        });
    }
    return results;
  },
);

import { defineCheck, type CheckResult } from '../types.js';
import { ERROR_RESULT, NOT_APPLICABLE_RESULT, allPages, resolveIn } from './common.js';

export default defineCheck(
  {
    id: 'web.http.mixed-content',
    title: 'HTTPS pages load nothing over plain HTTP',
    description:
      'Lists every script, stylesheet, frame, plugin, image and media reference on the inspected HTTPS pages that resolves to http://. Active mixed content (script, style, frames, plugins) can rewrite the whole page for anyone on the path and is blocked by browsers, breaking the page; passive mixed content (images, media) leaks what is viewed and can be swapped.',
    targetKinds: ['web'],
    severity: 'high',
    confidence: 'high',
    tags: ['http', 'mixed-content', 'https'],
    remediation:
      'Load every resource over https:// (or protocol-relative from an HTTPS page); `upgrade-insecure-requests` in the CSP as a safety net.',
    references: ['https://www.w3.org/TR/mixed-content/'],
    level: 'passive',
    results: {
      'active-mixed': { title: 'Scripts, styles, frames or plugins are loaded over HTTP' },
      'passive-mixed': { title: 'Images or media are loaded over HTTP', severity: 'low' },
      none: { title: 'No plain-HTTP subresources', severity: 'info' },
      ...NOT_APPLICABLE_RESULT,
      ...ERROR_RESULT,
    },
  },
  async (ctx) => {
    const pages = (await allPages(ctx)).filter((p) => p.survey?.html && p.survey.page.finalUrl.startsWith('https:'));
    if (!pages.length)
      return [
        {
          status: 'not-applicable',
          result: 'not-applicable',
          message: 'no inspected page is an HTML page served over HTTPS',
        },
      ];
    const results: CheckResult[] = [];
    for (const p of pages) {
      const s = p.survey!;
      const insecure = s
        .html!.resources.map((r) => ({ r, u: resolveIn(r.url, s) }))
        .filter(({ u }) => u?.protocol === 'http:' || u?.protocol === 'ws:');
      const active = insecure.filter((x) => x.r.active);
      const passive = insecure.filter((x) => !x.r.active);
      const list = (xs: typeof insecure) => xs.slice(0, 20).map(({ r, u }) => ({ label: r.tag, value: u!.href }));
      if (active.length)
        results.push({
          status: 'fail',
          result: 'active-mixed',
          message: `${s.page.finalUrl} loads ${active.length} script/style/frame resource(s) over HTTP`,
          evidence: list(active),
          key: `${p.url}:active`,
        });
      if (passive.length)
        results.push({
          status: 'warn',
          result: 'passive-mixed',
          message: `${s.page.finalUrl} loads ${passive.length} image/media resource(s) over HTTP`,
          evidence: list(passive),
          key: `${p.url}:passive`,
        });
      if (!insecure.length)
        results.push({
          status: 'pass',
          result: 'none',
          message: `${s.page.finalUrl}: all ${s.html!.resources.length} subresources are loaded over HTTPS`,
          key: `${p.url}:active`,
        });
    }
    return results;
  },
);

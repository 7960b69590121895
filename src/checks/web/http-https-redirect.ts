import { HttpError } from '../../clients/http.js';
import { errorMessage } from '../../errors.js';
import { fetchPage } from '../../analyzers/web/fetch.js';
import { defineCheck } from '../types.js';
import { ERROR_RESULT, NOT_APPLICABLE_RESULT, ownHostOnly, plaintextUrl, type WebTarget } from './common.js';
import type { CheckContext } from '../types.js';

export interface RedirectProbe {
  url: string;
  outcome: 'no-listener' | 'redirects' | 'indirect' | 'off-host' | 'plaintext' | 'error';
  detail: string;
  hops: string[];
}

/** Where the site's http:// address leads. Shared with the Observatory score. */
export function redirectProbe(ctx: CheckContext<WebTarget>): Promise<RedirectProbe | undefined> {
  return ctx.memo(`web:redirect:${ctx.target.id}`, async () => {
    const url = plaintextUrl(ctx.target);
    if (!url) return undefined;
    try {
      const page = await fetchPage(url, {
        allowHost: ownHostOnly(ctx.target),
        signal: ctx.signal,
        maxBytes: 256 * 1024,
      });
      const hops = page.hops.map((h) => `${h.status} ${h.url}${h.location ? ` → ${h.location}` : ''}`);
      const first = page.hops[0];
      const firstTarget = first.location ? new URL(first.location, first.url) : undefined;
      if (page.stoppedAt)
        return { url, outcome: 'off-host', detail: `redirects off the host to ${page.stoppedAt}`, hops };
      if (page.finalUrl.startsWith('https:'))
        return firstTarget?.protocol === 'https:' && firstTarget.hostname === new URL(url).hostname
          ? { url, outcome: 'redirects', detail: `redirects to ${firstTarget.href}`, hops }
          : { url, outcome: 'indirect', detail: `reaches ${page.finalUrl} only after a plaintext redirect`, hops };
      return {
        url,
        outcome: 'plaintext',
        detail: `answers ${page.response.status} over plain HTTP at ${page.finalUrl}`,
        hops,
      };
    } catch (e) {
      if (e instanceof HttpError && /ECONNREFUSED/.test(e.message))
        return { url, outcome: 'no-listener', detail: 'nothing listens on the plaintext port', hops: [] };
      return { url, outcome: 'error', detail: errorMessage(e), hops: [] };
    }
  });
}

export default defineCheck(
  {
    id: 'web.http.https-redirect',
    title: 'The plain-HTTP address redirects straight to HTTPS',
    description:
      "Requests the site's http:// address and follows its redirects on the same host. Any page served over plain HTTP (or a first hop that stays on HTTP) can be read and rewritten by anyone on the path, which is how sessions are hijacked and download links swapped; the first redirect must already go to https:// on the same host.",
    targetKinds: ['web'],
    severity: 'high',
    confidence: 'high',
    tags: ['http', 'https', 'redirect'],
    remediation: 'nginx: `server { listen 80; return 301 https://$host$request_uri; }`',
    references: ['https://developer.mozilla.org/en-US/observatory/docs/tests_and_scoring'],
    level: 'passive',
    results: {
      redirects: { title: 'http:// redirects to https:// on the same host', severity: 'info' },
      'no-plaintext': { title: 'Nothing listens on plain HTTP', severity: 'info' },
      plaintext: { title: 'Content is served over plain HTTP' },
      indirect: { title: 'The first redirect stays on HTTP', severity: 'medium' },
      'off-host': { title: 'http:// redirects to another host', severity: 'low' },
      ...NOT_APPLICABLE_RESULT,
      ...ERROR_RESULT,
    },
  },
  async (ctx) => {
    const probe = await redirectProbe(ctx);
    if (!probe)
      return [
        {
          status: 'not-applicable',
          result: 'not-applicable',
          message: `${ctx.target.url} uses a non-default port and the scope lists no http:// address for it (add one to urls)`,
        },
      ];
    const evidence = probe.hops.map((h, i) => ({ label: `hop ${i + 1}`, value: h }));
    const key = 'redirect';
    switch (probe.outcome) {
      case 'redirects':
        return [{ status: 'pass', result: 'redirects', message: `${probe.url} ${probe.detail}`, evidence, key }];
      case 'no-listener':
        return [{ status: 'pass', result: 'no-plaintext', message: `${probe.url}: ${probe.detail}`, evidence, key }];
      case 'plaintext':
        return [{ status: 'fail', result: 'plaintext', message: `${probe.url} ${probe.detail}`, evidence, key }];
      case 'indirect':
        return [{ status: 'warn', result: 'indirect', message: `${probe.url} ${probe.detail}`, evidence, key }];
      case 'off-host':
        return [{ status: 'warn', result: 'off-host', message: `${probe.url} ${probe.detail}`, evidence, key }];
      default:
        return [{ status: 'error', result: 'unreachable', message: `${probe.url}: ${probe.detail}` }];
    }
  },
);

import { httpRequest } from '../../clients/http.js';
import { USER_AGENT } from '../../analyzers/web/fetch.js';
import { WAF_PROBE_QUERY, detectWaf, type WafMatch } from '../../analyzers/web/waf.js';
import { errorMessage } from '../../errors.js';
import type { Evidence } from '../../model.js';
import { defineCheck } from '../types.js';
import { ERROR_RESULT, NOT_APPLICABLE_RESULT, mainPageOrResult } from './common.js';

export default defineCheck(
  {
    id: 'web.waf.detection',
    title: 'A web application firewall or CDN fronts the site (evidence only)',
    description:
      'Recognises WAFs and CDNs from response signatures: Cloudflare, Akamai, CloudFront/AWS WAF, Fastly, Imperva, F5, Sucuri, Azure Front Door, Google, ModSecurity, and the ones common in China (Alibaba Cloud WAF, Tencent Cloud WAF, Huawei Cloud WAF, Baidu Yunjiasu, Knownsec Jiasule/创宇盾, 360 网站卫士, Safedog, Yundun, Wangsu, Chaitin SafeLine, NSFOCUS, Anquanbao, D盾, Qiniu, Kingsoft). With --intrusive it also sends one request carrying a script tag and an SQL tautology and records whether it was blocked. A match is evidence that a product is there, never proof that it protects: this check warns either way and leaves the verdict to the auditor.',
    targetKinds: ['web'],
    severity: 'info',
    confidence: 'medium',
    tags: ['http', 'waf', 'cdn', 'evidence'],
    remediation:
      'Put core domains behind a WAF with blocking rules enabled, and make sure the origin is not reachable around it.',
    references: ['https://github.com/EnableSecurity/wafw00f'],
    level: 'passive',
    results: {
      detected: { title: 'A WAF or CDN signature was seen (evidence, not a verdict)' },
      'not-detected': { title: 'No WAF or CDN signature was seen' },
      ...NOT_APPLICABLE_RESULT,
      ...ERROR_RESULT,
    },
  },
  async (ctx) => {
    const s = await mainPageOrResult(ctx);
    if (Array.isArray(s)) return s;
    const matches: WafMatch[] = detectWaf(s.page.response);
    const evidence: Evidence[] = matches.map((m) => ({ label: `${m.name} (${m.kind})`, value: m.evidence }));
    if (ctx.options.intrusive) {
      const url = s.page.finalUrl.replace(/[?#].*$/, '') + WAF_PROBE_QUERY;
      try {
        const res = await httpRequest({
          url,
          headers: { 'user-agent': USER_AGENT },
          timeoutMs: 8_000,
          maxBytes: 64 * 1024,
          signal: ctx.signal,
          insecureTls: true,
        });
        const blocked =
          [403, 406, 418, 419, 429, 501, 503].includes(res.status) && res.status !== s.page.response.status;
        evidence.push({
          label: 'attack-pattern request',
          value: `${res.status}${blocked ? ' (blocked)' : ' (not blocked)'}`,
        });
        for (const m of detectWaf(res))
          if (!matches.some((x) => x.name === m.name)) {
            matches.push(m);
            evidence.push({ label: `${m.name} (${m.kind}, block page)`, value: m.evidence });
          }
      } catch (e) {
        evidence.push({ label: 'attack-pattern request', value: `no answer: ${errorMessage(e)}` });
      }
    }
    if (matches.length)
      return [
        {
          status: 'warn',
          result: 'detected',
          message: `${s.page.finalUrl} is fronted by ${matches.map((m) => m.name).join(', ')}: evidence for review, not proof of protection`,
          evidence,
          key: 'waf',
        },
      ];
    return [
      {
        status: 'warn',
        result: 'not-detected',
        message: `no WAF or CDN signature in the answers of ${s.page.finalUrl}${ctx.options.intrusive ? '' : ' (run with --intrusive to send an attack-pattern request)'}`,
        evidence,
        key: 'waf',
      },
    ];
  },
);

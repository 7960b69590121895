import { httpRequest } from '../../clients/http.js';
import { directoryListing } from '../../analyzers/web/exposure.js';
import { USER_AGENT } from '../../analyzers/web/fetch.js';
import { errorMessage } from '../../errors.js';
import { defineCheck, type CheckResult } from '../types.js';
import { ERROR_RESULT, NOT_APPLICABLE_RESULT, allPages, ownHostOnly, resolveIn } from './common.js';

const COMMON_DIRS = ['/static/', '/assets/', '/js/', '/css/', '/images/', '/uploads/', '/files/', '/backup/', '/logs/'];
const MAX_PROBES = 16;

export default defineCheck(
  {
    id: 'web.http.directory-listing',
    title: 'Directories are not listed',
    description:
      'Requests the folders the pages load resources from, the site root and a few common folders (static, assets, uploads, backup, logs) and recognises auto-generated index pages (nginx autoindex, Apache, IIS, Python). A listing hands out every file name, including backups, exports and keys nobody linked to.',
    targetKinds: ['web'],
    severity: 'medium',
    confidence: 'high',
    tags: ['http', 'exposure'],
    remediation: 'nginx: `autoindex off;` (the default); Apache: `Options -Indexes`.',
    references: ['https://cwe.mitre.org/data/definitions/548.html'],
    level: 'passive',
    results: {
      listing: { title: 'A directory listing is served' },
      'no-listing': { title: 'No directory listing found', severity: 'info' },
      ...NOT_APPLICABLE_RESULT,
      ...ERROR_RESULT,
    },
  },
  async (ctx) => {
    const pages = await allPages(ctx);
    const main = pages.find((p) => p.survey);
    if (!main)
      return [
        {
          status: 'error',
          result: 'unreachable',
          message: `no page could be fetched: ${pages.map((p) => p.error).join('; ')}`,
        },
      ];
    const base = new URL(main.survey!.page.finalUrl);
    const allow = ownHostOnly(ctx.target);
    const dirs = new Set<string>(['/']);
    for (const p of pages)
      for (const r of p.survey?.html?.resources ?? []) {
        const u = resolveIn(r.url, p.survey!);
        if (u && allow(u.hostname) && u.origin === base.origin) dirs.add(u.pathname.replace(/[^/]*$/, ''));
      }
    for (const d of COMMON_DIRS) dirs.add(d);
    const results: CheckResult[] = [];
    let answered = 0;
    const errors: string[] = [];
    for (const dir of [...dirs].slice(0, MAX_PROBES)) {
      const url = new URL(dir, base).href;
      try {
        const res = await httpRequest({
          url,
          headers: { 'user-agent': USER_AGENT },
          timeoutMs: 8_000,
          maxBytes: 64 * 1024,
          signal: ctx.signal,
          insecureTls: true,
        });
        answered++;
        const proof = directoryListing(res);
        if (proof)
          results.push({
            status: 'fail',
            result: 'listing',
            message: `${url} lists its directory`,
            evidence: [
              { label: 'GET', value: `${url} → ${res.status}` },
              { label: 'matched', value: proof },
            ],
            key: dir,
          });
      } catch (e) {
        errors.push(`${url}: ${errorMessage(e)}`);
      }
    }
    if (!answered)
      return [
        {
          status: 'error',
          result: 'unreachable',
          message: `no directory probe was answered: ${errors.slice(0, 3).join('; ')}`,
        },
      ];
    if (!results.length)
      results.push({
        status: 'pass',
        result: 'no-listing',
        message: `${answered} folder(s) probed on ${base.origin}; none lists its files`,
        evidence: [{ label: 'probed', value: [...dirs].slice(0, MAX_PROBES).join(' ') }],
        key: 'listing',
      });
    return results;
  },
);

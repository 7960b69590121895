import { httpRequest } from '../../clients/http.js';
import { EXPOSURE_PATHS, sourceMap, sourceMapReference } from '../../analyzers/web/exposure.js';
import { USER_AGENT } from '../../analyzers/web/fetch.js';
import { errorMessage } from '../../errors.js';
import { defineCheck, type CheckResult } from '../types.js';
import { ERROR_RESULT, NOT_APPLICABLE_RESULT, allPages, ownHostOnly, resolveIn } from './common.js';

const MAX_SCRIPTS = 10;

export default defineCheck(
  {
    id: 'web.http.exposed-files',
    title: 'No repository metadata, environment files or source maps are served',
    description:
      'Requests /.git/HEAD, /.git/config, /.svn/entries and /.env on the site root, and for each same-origin script the source map it names (or script.js.map), recognising each by content. An exposed .git folder gives away the whole source history, .env files hold database passwords and API keys, and source maps hand out the unminified front-end source with comments.',
    targetKinds: ['web'],
    severity: 'high',
    confidence: 'high',
    tags: ['http', 'exposure', 'secrets', 'source'],
    remediation:
      'Deploy build output only; deny dotfiles (nginx: `location ~ /\\. { deny all; }`); do not publish *.map files (or restrict them to internal networks).',
    references: ['https://cwe.mitre.org/data/definitions/527.html', 'https://cwe.mitre.org/data/definitions/540.html'],
    level: 'passive',
    results: {
      git: { title: 'Git repository metadata is served', severity: 'high' },
      svn: { title: 'Subversion metadata is served', severity: 'high' },
      env: { title: 'An environment (.env) file is served', severity: 'critical' },
      'source-map': { title: 'JavaScript source maps are served', severity: 'low' },
      'none-exposed': { title: 'None of the probed files is served', severity: 'info' },
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
    const origin = new URL(main.survey!.page.finalUrl).origin;
    const get = (url: string, maxBytes = 64 * 1024) =>
      httpRequest({
        url,
        headers: { 'user-agent': USER_AGENT },
        timeoutMs: 8_000,
        maxBytes,
        signal: ctx.signal,
        insecureTls: true,
      });
    const results: CheckResult[] = [];
    let answered = 0;
    const errors: string[] = [];
    for (const probe of EXPOSURE_PATHS) {
      const url = origin + probe.path;
      try {
        const res = await get(url);
        answered++;
        const proof = probe.recognise(res);
        if (proof)
          results.push({
            status: 'fail',
            result: probe.kind,
            message: `${url} is served: ${proof}`,
            evidence: [
              { label: 'GET', value: `${url} → ${res.status}` },
              { label: 'content', value: proof },
            ],
            key: probe.path,
          });
      } catch (e) {
        errors.push(`${url}: ${errorMessage(e)}`);
      }
    }
    const allow = ownHostOnly(ctx.target);
    const scripts = new Set<string>();
    for (const p of pages)
      for (const s of p.survey?.html?.scripts ?? []) {
        const u = s.src ? resolveIn(s.src, p.survey!) : undefined;
        if (u && allow(u.hostname) && u.origin === origin) scripts.add(u.href);
      }
    const maps: string[] = [];
    for (const script of [...scripts].slice(0, MAX_SCRIPTS)) {
      try {
        const res = await get(script, 2 * 1024 * 1024);
        answered++;
        const named = sourceMapReference(res);
        const mapUrl = named ? new URL(named, script) : new URL(`${script.split(/[?#]/)[0]}.map`);
        if (mapUrl.origin !== origin) continue;
        const m = await get(mapUrl.href, 4 * 1024 * 1024);
        const proof = sourceMap(m);
        if (proof) maps.push(`${mapUrl.href}: ${proof}`);
      } catch (e) {
        errors.push(`${script}: ${errorMessage(e)}`);
      }
    }
    if (maps.length)
      results.push({
        status: 'warn',
        result: 'source-map',
        message: `${maps.length} source map(s) are served`,
        evidence: maps.slice(0, 10).map((m, i) => ({ label: `map ${i + 1}`, value: m })),
        key: 'source-maps',
      });
    if (!answered)
      return [
        { status: 'error', result: 'unreachable', message: `no probe was answered: ${errors.slice(0, 3).join('; ')}` },
      ];
    if (!results.length)
      results.push({
        status: 'pass',
        result: 'none-exposed',
        message: `${EXPOSURE_PATHS.map((p) => p.path).join(', ')} and the maps of ${scripts.size} script(s) are not served on ${origin}`,
        key: 'exposed',
      });
    return results;
  },
);

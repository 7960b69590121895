import { auditNginx } from '../../analyzers/configs/nginx.js';
import { runCommand } from '../../clients/process.js';
import { NGINX_RULES } from '../configs/nginx.js';
import { declareRules, toResult } from '../configs/shared.js';
import { defineCheck } from '../types.js';
import { isLocal, REMOTE_ONLY } from './local.js';

export default defineCheck(
  {
    id: 'host.nginx-effective-config',
    title: 'Effective configuration of the local nginx server',
    description:
      'Runs `nginx -T` (a read-only dump of the configuration nginx actually loads, includes resolved) and judges it with the same rules as configs.nginx.',
    targetKinds: ['host'],
    severity: 'high',
    confidence: 'high',
    tags: ['host', 'nginx', 'local'],
    remediation: 'Apply the fix named in each finding to the file the dump names, then reload nginx.',
    references: ['https://nginx.org/en/docs/switches.html'],
    level: 'passive',
    results: declareRules(NGINX_RULES),
  },
  async (ctx) => {
    if (!isLocal(ctx.target)) return REMOTE_ONLY;
    const nginx = await runCommand({
      file: 'nginx',
      args: ['-T', '-q'],
      timeoutMs: 8_000,
      maxBytes: 4 * 1024 * 1024,
      signal: ctx.signal,
    });
    if (!nginx.found) return [{ status: 'not-applicable', message: 'nginx is not installed on this machine' }];
    if (nginx.exitCode !== 0)
      return [{ status: 'error', message: `nginx -T failed: ${nginx.stderr.trim().slice(0, 200)}`, key: 'nginx' }];
    return auditNginx(nginx.stdout).findings.map((f) => ({
      ...toResult(f, 'nginx -T', ctx.scope),
      key: `nginx:${f.rule}:${f.key ?? ''}`,
    }));
  },
);

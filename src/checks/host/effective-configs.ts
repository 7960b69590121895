import { auditNginx } from '../../analyzers/configs/nginx.js';
import { auditSshd } from '../../analyzers/configs/sshd.js';
import { runCommand } from '../../clients/process.js';
import { toResult } from '../configs/shared.js';
import { SSHD_ITEMS } from '../configs/sshd.js';
import { NGINX_ITEMS } from '../configs/nginx.js';
import { defineCheck, type CheckResult } from '../types.js';
import { isLocal, REMOTE_ONLY } from './local.js';

export default defineCheck(
  {
    id: 'host.effective-configs',
    title: 'Effective configuration of the local SSH and nginx servers',
    description:
      'Runs `sshd -T` and `nginx -T` (read-only dumps of the configuration the daemons actually use, includes and defaults resolved) and judges them with the same rules as configs.sshd and configs.nginx.',
    targetKinds: ['host'],
    items: [...new Set([...Object.values(SSHD_ITEMS).flat(), ...Object.values(NGINX_ITEMS).flat()])],
    severity: 'high',
    confidence: 'high',
    tags: ['host', 'ssh', 'nginx', 'local'],
    remediation: 'Apply the fix named in each finding to the files the dump names, then reload the service.',
    references: ['https://man.openbsd.org/sshd#T'],
    level: 'passive',
  },
  async (ctx) => {
    if (!isLocal(ctx.target)) return REMOTE_ONLY;
    const results: CheckResult[] = [];
    const sshd = await runCommand({
      file: 'sshd',
      args: ['-T'],
      timeoutMs: 8_000,
      maxBytes: 1024 * 1024,
      signal: ctx.signal,
    });
    if (sshd.found && sshd.exitCode === 0) {
      for (const f of auditSshd(sshd.stdout, { followIncludes: false }).findings) {
        results.push({
          ...toResult(f, SSHD_ITEMS, 'sshd -T', ctx.scope),
          locations: [],
          evidence: f.setting ? [{ label: 'sshd -T', value: f.setting }] : [],
          key: `sshd:${f.rule}:${f.key ?? ''}`,
        });
      }
    } else if (sshd.found)
      results.push({ status: 'warn', message: `sshd -T failed: ${sshd.stderr.trim().slice(0, 200)}`, key: 'sshd' });
    const nginx = await runCommand({
      file: 'nginx',
      args: ['-T', '-q'],
      timeoutMs: 8_000,
      maxBytes: 4 * 1024 * 1024,
      signal: ctx.signal,
    });
    if (nginx.found && nginx.exitCode === 0) {
      for (const f of auditNginx(nginx.stdout).findings)
        results.push({ ...toResult(f, NGINX_ITEMS, 'nginx -T', ctx.scope), key: `nginx:${f.rule}:${f.key ?? ''}` });
    } else if (nginx.found)
      results.push({ status: 'warn', message: `nginx -T failed: ${nginx.stderr.trim().slice(0, 200)}`, key: 'nginx' });
    if (!sshd.found && !nginx.found)
      return [{ status: 'not-applicable', message: 'neither sshd nor nginx is installed on this machine' }];
    return results;
  },
);

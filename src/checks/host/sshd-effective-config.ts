import { auditSshd } from '../../analyzers/configs/sshd.js';
import { runCommand } from '../../clients/process.js';
import { declareRules, toResult } from '../configs/shared.js';
import { SSHD_RULES } from '../configs/sshd.js';
import { defineCheck } from '../types.js';
import { isLocal, REMOTE_ONLY } from './local.js';

export default defineCheck(
  {
    id: 'host.sshd-effective-config',
    title: 'Effective configuration of the local SSH server',
    description:
      'Runs `sshd -T` (a read-only dump of the configuration the daemon actually uses, includes and defaults resolved) and judges it with the same rules as configs.sshd.',
    targetKinds: ['host'],
    severity: 'high',
    confidence: 'high',
    tags: ['host', 'ssh', 'local'],
    remediation: 'Apply the fix named in each finding to the file that sets it, then reload sshd.',
    references: ['https://man.openbsd.org/sshd#T'],
    level: 'passive',
    results: declareRules(SSHD_RULES),
  },
  async (ctx) => {
    if (!isLocal(ctx.target)) return REMOTE_ONLY;
    const sshd = await runCommand({
      file: 'sshd',
      args: ['-T'],
      timeoutMs: 8_000,
      maxBytes: 1024 * 1024,
      signal: ctx.signal,
    });
    if (!sshd.found) return [{ status: 'not-applicable', message: 'sshd is not installed on this machine' }];
    if (sshd.exitCode !== 0)
      return [{ status: 'error', message: `sshd -T failed: ${sshd.stderr.trim().slice(0, 200)}`, key: 'sshd' }];
    return auditSshd(sshd.stdout, { followIncludes: false }).findings.map((f) => ({
      ...toResult(f, 'sshd -T', ctx.scope),
      locations: [],
      evidence: f.setting ? [{ label: 'sshd -T', value: f.setting }] : [],
      key: `sshd:${f.rule}:${f.key ?? ''}`,
    }));
  },
);

import { sudoNopasswd } from '../../analyzers/configs/host.js';
import { defineCheck, type CheckResult } from '../types.js';
import { isLocal, listDir, readSmall, REMOTE_ONLY } from './local.js';

export default defineCheck(
  {
    id: 'host.sudo-nopasswd',
    title: 'sudo asks for a password',
    description:
      'Reads /etc/sudoers and /etc/sudoers.d/* and reports rules granting NOPASSWD: a stolen session or SSH key becomes root without any further secret.',
    targetKinds: ['host'],
    severity: 'medium',
    confidence: 'high',
    tags: ['host', 'sudo', 'local'],
    remediation:
      'Remove NOPASSWD from interactive administrator rules; keep it only for narrowly scoped service commands.',
    references: ['https://www.sudo.ws/docs/man/sudoers.man/'],
    level: 'passive',
  },
  async (ctx) => {
    if (!isLocal(ctx.target)) return REMOTE_ONLY;
    const files = [
      '/etc/sudoers',
      ...listDir('/etc/sudoers.d')
        .filter((f) => !f.includes('.') && !f.endsWith('~'))
        .map((f) => `/etc/sudoers.d/${f}`),
    ];
    const results: CheckResult[] = [];
    let read = 0;
    for (const f of files) {
      const text = readSmall(f, 512 * 1024);
      if (text === undefined) continue;
      read++;
      for (const r of sudoNopasswd(text))
        results.push({
          status: 'fail',
          message: `${f}:${r.line} grants sudo without a password`,
          locations: [{ file: f, line: r.line }],
          evidence: [{ label: 'rule', value: r.text }],
          key: `${f}:${r.line}`,
        });
    }
    if (!read)
      return [
        { status: 'not-applicable', message: 'sudo is not configured on this machine (no readable /etc/sudoers)' },
      ];
    if (!results.length)
      results.push({ status: 'pass', message: `no NOPASSWD rule in ${read} sudoers file(s)`, key: 'summary' });
    return results;
  },
);

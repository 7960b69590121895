import { existsSync } from 'node:fs';
import { aptPeriodic } from '../../analyzers/configs/host.js';
import { defineCheck } from '../types.js';
import { isLocal, listDir, readSmall, REMOTE_ONLY } from './local.js';

export default defineCheck(
  {
    id: 'host.auto-updates',
    title: 'Security updates are installed automatically',
    description:
      'Debian/Ubuntu: unattended-upgrades installed and enabled by APT::Periodic::Unattended-Upgrade in /etc/apt/apt.conf.d; RHEL family: dnf-automatic with apply_updates = yes.',
    targetKinds: ['host'],
    severity: 'medium',
    confidence: 'high',
    tags: ['host', 'patching', 'local'],
    remediation:
      'Debian: `apt-get install unattended-upgrades && dpkg-reconfigure -plow unattended-upgrades`; RHEL: install dnf-automatic, set apply_updates = yes, enable dnf-automatic.timer.',
    references: ['https://wiki.debian.org/UnattendedUpgrades'],
    level: 'passive',
  },
  async (ctx) => {
    if (!isLocal(ctx.target)) return REMOTE_ONLY;
    if (existsSync('/etc/apt')) {
      const dir = '/etc/apt/apt.conf.d';
      const files = listDir(dir);
      const periodic = aptPeriodic([
        readSmall('/etc/apt/apt.conf') ?? '',
        ...files.map((f) => readSmall(`${dir}/${f}`, 256 * 1024) ?? ''),
      ]);
      const installed = existsSync('/usr/bin/unattended-upgrade');
      const enabled = periodic['Unattended-Upgrade'] && periodic['Unattended-Upgrade'] !== '0';
      const evidence = [
        { label: 'unattended-upgrade', value: installed ? 'installed' : 'not installed' },
        { label: 'APT::Periodic::Unattended-Upgrade', value: periodic['Unattended-Upgrade'] ?? '(unset)' },
        { label: 'APT::Periodic::Update-Package-Lists', value: periodic['Update-Package-Lists'] ?? '(unset)' },
      ];
      if (installed && enabled)
        return [{ status: 'pass', message: 'unattended-upgrades is installed and enabled', evidence }];
      return [
        {
          status: 'fail',
          message: installed
            ? 'unattended-upgrades is installed but not enabled'
            : 'unattended-upgrades is not installed: security updates wait for someone to apply them',
          evidence,
        },
      ];
    }
    const dnf = readSmall('/etc/dnf/automatic.conf');
    if (dnf !== undefined) {
      const apply = /^\s*apply_updates\s*=\s*(yes|true|1)\s*$/m.test(dnf);
      return [
        {
          status: apply ? 'pass' : 'fail',
          message: apply
            ? 'dnf-automatic applies updates'
            : 'dnf-automatic only downloads or notifies (apply_updates is not yes)',
          evidence: [
            { label: '/etc/dnf/automatic.conf', value: apply ? 'apply_updates = yes' : 'apply_updates != yes' },
          ],
        },
      ];
    }
    return [{ status: 'warn', message: 'no known automatic update mechanism (apt or dnf) found on this system' }];
  },
);

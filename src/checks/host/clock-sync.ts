import { runCommand } from '../../clients/process.js';
import { defineCheck } from '../types.js';
import { isLocal, processes, REMOTE_ONLY } from './local.js';

const TIME_DAEMONS = ['chronyd', 'ntpd', 'systemd-timesyn', 'openntpd', 'timesyncd', 'ntpsec'];

export default defineCheck(
  {
    id: 'host.clock-sync',
    title: 'Clock is synchronised',
    description:
      'Asks systemd (`timedatectl show`) or chrony (`chronyc tracking`) whether the clock is synchronised; without either, looks for a running time daemon. Block timestamps, certificate validity and log correlation all depend on it.',
    targetKinds: ['host'],
    severity: 'medium',
    confidence: 'medium',
    tags: ['host', 'time', 'local'],
    remediation: "Enable chrony or systemd-timesyncd with the organisation's NTP servers.",
    references: ['https://chrony-project.org/'],
    level: 'passive',
  },
  async (ctx) => {
    if (!isLocal(ctx.target)) return REMOTE_ONLY;
    const td = await runCommand({
      file: 'timedatectl',
      args: ['show', '-p', 'NTPSynchronized', '--value'],
      timeoutMs: 5_000,
      maxBytes: 4096,
      signal: ctx.signal,
    });
    if (td.found && td.exitCode === 0 && /^(yes|no)$/.test(td.stdout.trim())) {
      const yes = td.stdout.trim() === 'yes';
      return [
        {
          status: yes ? 'pass' : 'fail',
          message: yes ? 'systemd reports the clock synchronised' : 'systemd reports the clock NOT synchronised',
          evidence: [{ label: 'timedatectl show -p NTPSynchronized', value: td.stdout.trim() }],
        },
      ];
    }
    const chrony = await runCommand({
      file: 'chronyc',
      args: ['-n', 'tracking'],
      timeoutMs: 5_000,
      maxBytes: 16 * 1024,
      signal: ctx.signal,
    });
    if (chrony.found && chrony.exitCode === 0) {
      const status = /Leap status\s*:\s*(.*)/.exec(chrony.stdout)?.[1]?.trim() ?? '';
      const ok = status === 'Normal';
      return [
        {
          status: ok ? 'pass' : 'fail',
          message: ok ? 'chrony tracks a time source' : `chrony is not synchronised (${status || 'no leap status'})`,
          evidence: [{ label: 'chronyc tracking', value: `Leap status: ${status}` }],
        },
      ];
    }
    const daemon = processes().find((p) => TIME_DAEMONS.includes(p.comm));
    const evidence = [
      {
        label: 'timedatectl',
        value: td.found ? `failed: ${(td.stderr || td.stdout).trim().slice(0, 160)}` : 'not installed',
      },
      { label: 'chronyc', value: chrony.found ? 'failed' : 'not installed' },
    ];
    if (daemon)
      return [
        {
          status: 'warn',
          message: `a time daemon runs (${daemon.comm}, pid ${daemon.pid}) but its synchronisation state could not be read`,
          evidence,
        },
      ];
    return [
      {
        status: 'fail',
        message:
          "no time synchronisation service is running or reachable (containers take the host's clock: check the host)",
        evidence,
      },
    ];
  },
);

import { defineCheck, type CheckResult } from '../types.js';
import { probeAddress, servicesOf, sshAuthMethods } from './probes.js';

export default defineCheck(
  {
    id: 'services.ssh-auth',
    title: 'SSH server accepts keys only, on a non-default port',
    description:
      'Asks the SSH server, as a client with a throw-away user name and the `none` method, which authentication methods may continue; password or keyboard-interactive means the server can be brute-forced. Also reports SSH on the default port 22. No credential is sent and no session is opened.',
    targetKinds: ['host'],
    results: {
      methods: { title: 'Authentication methods offered (password, keyboard-interactive, none)' },
      'default-port': { title: 'SSH on the default port 22' },
    },
    severity: 'high',
    confidence: 'high',
    tags: ['ssh', 'auth', 'probe'],
    remediation:
      'Set `PasswordAuthentication no` and `KbdInteractiveAuthentication no` in sshd_config once every administrator has a key.',
    references: ['https://www.rfc-editor.org/rfc/rfc4252#section-5.2'],
    level: 'passive',
  },
  async (ctx) => {
    const host = probeAddress(ctx.target);
    const ports = servicesOf(ctx.target, 'ssh');
    if (!ports.length)
      return [{ status: 'not-applicable', message: 'the scope declares no SSH service for this host' }];
    const results: CheckResult[] = [];
    for (const port of ports) {
      const r = await sshAuthMethods(host, port, ctx.signal);
      const evidence = [
        { label: 'sent', value: `ssh -v -N -o PreferredAuthentications=none -p ${port} chainaudit-probe@${host}` },
        { label: 'seen', value: r.detail },
      ];
      if (!r.methods)
        results.push({
          status: 'error',
          message: `${host}:${port}: could not read the offered methods`,
          evidence,
          result: 'methods',
          key: `${port}`,
        });
      else if (r.methods.includes('none'))
        results.push({
          status: 'fail',
          severity: 'critical',
          message: `${host}:${port} let a client in with no authentication`,
          evidence,
          result: 'methods',
          key: `${port}`,
        });
      else {
        const weak = r.methods.filter((m) => m === 'password' || m === 'keyboard-interactive');
        if (weak.length)
          results.push({
            status: 'fail',
            message: `${host}:${port} accepts ${weak.join(' and ')} logins (offered: ${r.methods.join(', ')})`,
            evidence,
            result: 'methods',
            key: `${port}`,
          });
        else
          results.push({
            status: 'pass',
            message: `${host}:${port} offers only ${r.methods.join(', ')}`,
            evidence,
            result: 'methods',
            key: `${port}`,
          });
      }
      results.push(
        port === 22
          ? {
              status: 'warn',
              severity: 'low',
              message: 'SSH listens on the default port 22',
              result: 'default-port',
              remediation: 'Move SSH to a non-default port and allow only that port in the firewall.',
              key: `${port}:port`,
            }
          : {
              status: 'pass',
              message: `SSH listens on port ${port}, not the default 22`,
              result: 'default-port',
              key: `${port}:port`,
            },
      );
    }
    return results;
  },
);

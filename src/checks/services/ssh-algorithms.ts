import { WEAK_SSH_ALGORITHMS } from '../../analyzers/configs/sshd.js';
import { errorMessage } from '../../errors.js';
import { defineCheck, type CheckResult } from '../types.js';
import { probeAddress, servicesOf, sshHello } from './probes.js';

export default defineCheck(
  {
    id: 'services.ssh-algorithms',
    title: 'SSH server offers only strong algorithms',
    description:
      "Reads the SSH identification string and the server's KEXINIT packet (RFC 4253) and reports weak key exchange (SHA-1, 1024-bit groups), host-key (ssh-rsa/SHA-1, DSA), cipher (CBC, 3DES, RC4) and MAC (MD5, SHA-1, 96-bit) algorithms, and distribution patch levels disclosed in the banner. No key exchange is performed.",
    targetKinds: ['host'],
    results: {
      algorithms: {
        title: 'Key exchange, host-key, cipher and MAC algorithms',
      },
      banner: {
        title: 'Distribution patch level in the banner',
      },
    },
    severity: 'medium',
    confidence: 'high',
    tags: ['ssh', 'crypto', 'probe'],
    remediation:
      'Restrict Ciphers, KexAlgorithms, MACs and HostKeyAlgorithms in sshd_config to modern algorithms (see the per-finding list) and set `DebianBanner no`.',
    references: [
      'https://www.rfc-editor.org/rfc/rfc4253#section-7.1',
      'https://www.ssh-audit.com/hardening_guides.html',
    ],
    level: 'passive',
  },
  async (ctx) => {
    const host = probeAddress(ctx.target);
    const ports = servicesOf(ctx.target, 'ssh');
    if (!ports.length)
      return [
        {
          status: 'not-applicable',
          message: 'the scope declares no SSH service for this host (services: name ssh, or ssh.port)',
        },
      ];
    const results: CheckResult[] = [];
    for (const port of ports) {
      let hello;
      try {
        hello = await sshHello(host, port, ctx.signal);
      } catch (e) {
        results.push({ status: 'error', message: `${host}:${port}: ${errorMessage(e)}`, key: `${port}` });
        continue;
      }
      const weak = {
        kex: hello.kex.filter(WEAK_SSH_ALGORITHMS.kex),
        hostKeys: hello.hostKeys.filter(WEAK_SSH_ALGORITHMS.hostKeys),
        ciphers: hello.ciphers.filter(WEAK_SSH_ALGORITHMS.ciphers),
        macs: hello.macs.filter(WEAK_SSH_ALGORITHMS.macs),
      };
      const evidence = [
        { label: 'banner', value: hello.banner },
        { label: 'kex', value: hello.kex.join(',') },
        { label: 'host keys', value: hello.hostKeys.join(',') },
        { label: 'ciphers', value: hello.ciphers.join(',') },
        { label: 'macs', value: hello.macs.join(',') },
      ];
      const found = Object.entries(weak)
        .filter(([, v]) => v.length)
        .map(([k, v]) => `${k}: ${v.join(', ')}`);
      if (found.length)
        results.push({
          status: 'fail',
          message: `${host}:${port} offers weak algorithms — ${found.join('; ')}`,
          evidence,
          result: 'algorithms',
          key: `${port}`,
        });
      else
        results.push({
          status: 'pass',
          message: `${host}:${port} offers no weak key exchange, host-key, cipher or MAC algorithm`,
          evidence,
          result: 'algorithms',
          key: `${port}`,
        });
      const patch = /SSH-[\d.]+-\S+[ _](Debian|Ubuntu|Raspbian|FreeBSD|RHEL|el\d)\S*/i.exec(hello.banner);
      if (patch)
        results.push({
          status: 'warn',
          severity: 'low',
          message: `the banner names the distribution patch level (${hello.banner})`,
          evidence: [{ label: 'banner', value: hello.banner }],
          remediation: 'Set `DebianBanner no` (Debian/Ubuntu) so scanners cannot read the exact package version.',
          result: 'banner',
          key: `${port}:banner`,
        });
      else
        results.push({
          status: 'pass',
          message: `the banner does not name a distribution patch level (${hello.banner})`,
          evidence: [{ label: 'banner', value: hello.banner }],
          result: 'banner',
          key: `${port}:banner`,
        });
    }
    return results;
  },
);

import { acceptedTlsVersions } from '../../clients/tls.js';
import { defineCheck, type CheckResult } from '../types.js';
import { probeAddress, servicesOf } from './probes.js';

export default defineCheck(
  {
    id: 'services.tls-versions',
    title: 'TLS services refuse TLS 1.0 and 1.1',
    description:
      'Attempts one handshake per protocol version (TLS 1.0–1.3) against each declared https service, offering legacy cipher suites (OpenSSL security level 0) so that servers still accepting TLS 1.0/1.1 are seen.',
    targetKinds: ['host'],
    severity: 'medium',
    confidence: 'high',
    tags: ['tls', 'probe'],
    remediation: 'Accept TLS 1.2 and 1.3 only (nginx: `ssl_protocols TLSv1.2 TLSv1.3;`).',
    references: ['https://www.rfc-editor.org/rfc/rfc8996'],
    level: 'passive',
  },
  async (ctx) => {
    const host = probeAddress(ctx.target);
    const ports = servicesOf(ctx.target, 'https');
    if (!ports.length)
      return [{ status: 'not-applicable', message: 'the scope declares no https service for this host' }];
    const results: CheckResult[] = [];
    for (const port of ports) {
      const v = await acceptedTlsVersions(host, port, { signal: ctx.signal, timeoutMs: 5_000 });
      const accepted = Object.entries(v)
        .filter(([, o]) => o.accepted)
        .map(([k]) => k);
      const evidence = Object.entries(v).map(([k, o]) => ({
        label: k,
        value: o.accepted ? `accepted (${o.cipher})` : `refused (${(o.error ?? '').slice(0, 120)})`,
      }));
      const legacy = accepted.filter((k) => k === 'TLSv1' || k === 'TLSv1.1');
      if (!accepted.length)
        results.push({
          status: 'error',
          message: `${host}:${port} completed no TLS handshake`,
          evidence,
          key: `${port}`,
        });
      else if (legacy.length)
        results.push({
          status: 'fail',
          message: `${host}:${port} accepts ${legacy.join(' and ')}`,
          evidence,
          key: `${port}`,
        });
      else
        results.push({
          status: 'pass',
          message: `${host}:${port} accepts only ${accepted.join(', ')}`,
          evidence,
          key: `${port}`,
        });
    }
    return results;
  },
);

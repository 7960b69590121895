import { errorMessage } from '../../errors.js';
import { defineCheck, type CheckResult } from '../types.js';
import { postgresProbe, probeAddress, servicesOf } from './probes.js';

export default defineCheck(
  {
    id: 'services.postgresql',
    title: 'PostgreSQL requires TLS and password (SCRAM) authentication',
    description:
      'Sends an SSLRequest (answer S or N tells whether the server offers TLS) and a startup message as user postgres: AuthenticationOk straight away means trust authentication; the requested method (clear-text, md5, SCRAM) is recorded. No password is sent; the connection is closed at the first challenge.',
    targetKinds: ['host'],
    results: {
      tls: { title: 'TLS offered to clients' },
      auth: { title: 'Authentication method for the superuser' },
    },
    severity: 'critical',
    confidence: 'high',
    tags: ['postgresql', 'database', 'tls', 'auth', 'probe'],
    remediation:
      'Set `ssl = on`, use `hostssl … scram-sha-256` lines in pg_hba.conf and remove trust / password / md5 rules.',
    references: ['https://www.postgresql.org/docs/15/protocol-flow.html#PROTOCOL-FLOW-SSL'],
    level: 'passive',
  },
  async (ctx) => {
    const host = probeAddress(ctx.target);
    const ports = servicesOf(ctx.target, 'postgresql');
    if (!ports.length)
      return [{ status: 'not-applicable', message: 'the scope declares no PostgreSQL service for this host' }];
    const results: CheckResult[] = [];
    for (const port of ports) {
      let r;
      try {
        r = await postgresProbe(host, port, ctx.signal);
      } catch (e) {
        results.push({ status: 'error', message: `${host}:${port}: ${errorMessage(e)}`, key: `${port}` });
        continue;
      }
      const sslEvidence = [
        { label: 'sent', value: 'SSLRequest (80877103)' },
        { label: 'reply', value: JSON.stringify(r.ssl) },
      ];
      if (r.ssl === 'S')
        results.push({
          status: 'pass',
          message: `${host}:${port} offers TLS`,
          evidence: sslEvidence,
          result: 'tls',
          key: `${port}:ssl`,
        });
      else
        results.push({
          status: 'fail',
          severity: 'high',
          message: `${host}:${port} refuses TLS: passwords and data travel in clear text`,
          evidence: sslEvidence,
          result: 'tls',
          key: `${port}:ssl`,
        });
      const authEvidence = [
        { label: 'sent', value: `StartupMessage user=postgres database=postgres${r.overTls ? ' (inside TLS)' : ''}` },
        { label: 'reply', value: r.authName ?? r.error ?? '' },
      ];
      if (r.auth === 0)
        results.push({
          status: 'fail',
          severity: 'critical',
          message: `${host}:${port} logs in the superuser postgres without a password (trust)`,
          evidence: authEvidence,
          result: 'auth',
          key: `${port}:auth`,
        });
      else if (r.auth === 3)
        results.push({
          status: 'fail',
          severity: 'high',
          message: `${host}:${port} asks for a clear-text password`,
          evidence: authEvidence,
          result: 'auth',
          key: `${port}:auth`,
        });
      else if (r.auth === 5)
        results.push({
          status: 'warn',
          severity: 'medium',
          message: `${host}:${port} uses md5 password authentication`,
          evidence: authEvidence,
          result: 'auth',
          key: `${port}:auth`,
        });
      else if (r.auth !== undefined)
        results.push({
          status: 'pass',
          message: `${host}:${port} requires ${r.authName}`,
          evidence: authEvidence,
          result: 'auth',
          key: `${port}:auth`,
        });
      else
        results.push({
          status: 'pass',
          message: `${host}:${port} rejected the postgres login outright (${r.error})`,
          evidence: authEvidence,
          result: 'auth',
          key: `${port}:auth`,
        });
    }
    return results;
  },
);

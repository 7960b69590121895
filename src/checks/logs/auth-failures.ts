import { defineCheck } from '../types.js';
import { logSummary, noLogs, quote, at, UNUSABLE_RESULTS, withCoverage, LOG_SCAN_TIMEOUT_MS } from './support.js';

const THRESHOLD = 3;

export default defineCheck(
  {
    id: 'logs.auth-failures',
    title: 'Repeated failed logins from one source',
    description:
      'Several failed logins from the same address are the trace of password guessing. Counts, per source, the failed logins the logs record: node RPC password failures, sshd (syslog, journald and sshd -E formats: failed passwords, invalid users, rejected keys, connections closed during authentication, too many attempts, PAM failures), nginx basic authentication, PostgreSQL password failures and TLS client rejections.',
    targetKinds: ['logs'],
    severity: 'medium',
    confidence: 'medium',
    tags: ['logs', 'auth', 'intrusion'],
    remediation:
      'Restrict the RPC and SSH ports to known addresses (rpcallowip, firewall), block the sources, and make sure failed logins raise an alert.',
    references: ['GB/T 22239-2019 8.1.4.1 b) (login-failure handling)'],
    level: 'passive',
    timeoutMs: LOG_SCAN_TIMEOUT_MS,
    results: {
      'repeated-source': { title: 'Repeated failed logins from one source' },
      none: { title: 'No source with repeated failed logins', severity: 'info' },
      ...UNUSABLE_RESULTS,
    },
  },
  async (ctx) => {
    const s = await logSummary(ctx);
    const none = noLogs(s, ctx.target.path);
    if (none) return none;
    const sources = [...s.authFailures.entries()].sort((a, b) => b[1].count - a[1].count);
    const repeated = sources.filter(([, a]) => a.count >= THRESHOLD);
    if (repeated.length === 0) {
      return withCoverage(s, ctx.target.path, [
        {
          status: 'pass',
          result: 'none',
          message: sources.length
            ? `failed logins recorded, none repeated ${THRESHOLD} times from one source`
            : 'no failed login recorded',
          evidence: sources.map(([ip, a]) => ({ label: ip, value: `${a.count} failed login record(s)` })),
          key: 'sources',
        },
      ]);
    }
    return withCoverage(
      s,
      ctx.target.path,
      repeated.map(([ip, a]) => ({
        status: 'fail' as const,
        result: 'repeated-source',
        message: `${a.count} failed logins from ${ip} (${[...a.kinds].map(([k, n]) => `${k} ×${n}`).join(', ')})`,
        evidence: a.examples.map((e) => ({ label: 'record', value: quote(e) })),
        locations: a.examples.slice(0, 1).map(at),
        key: `source:${ip}`,
      })),
    );
  },
);

import { defineCheck } from '../types.js';
import { logSummary, noLogs, quote, at } from './support.js';

const THRESHOLD = 3;

export default defineCheck(
  {
    id: 'logs.auth-failures',
    title: 'Repeated failed logins from one source',
    description:
      'Several failed RPC or SSH logins from the same address are the trace of password guessing against the node. Lists each source with its count.',
    targetKinds: ['logs'],
    severity: 'medium',
    confidence: 'medium',
    tags: ['logs', 'auth', 'intrusion'],
    remediation:
      'Restrict the RPC and SSH ports to known addresses (rpcallowip, firewall), block the sources, and make sure failed logins raise an alert.',
    references: ['GB/T 22239-2019 8.1.4.1 b) (login-failure handling)'],
    level: 'passive',
  },
  async (ctx) => {
    const s = await logSummary(ctx);
    const none = noLogs(s, ctx.target.path);
    if (none) return none;
    const sources = [...s.authFailures.entries()].sort((a, b) => b[1].count - a[1].count);
    const repeated = sources.filter(([, a]) => a.count >= THRESHOLD);
    if (repeated.length === 0) {
      return [
        {
          status: 'pass',
          message: sources.length
            ? `failed logins recorded, none repeated ${THRESHOLD} times from one source`
            : 'no failed login recorded',
          key: 'sources',
        },
      ];
    }
    return repeated.map(([ip, a]) => ({
      status: 'fail' as const,
      message: `${a.count} failed logins from ${ip}`,
      evidence: a.examples.map((e) => ({ label: 'record', value: quote(e) })),
      locations: a.examples.slice(0, 1).map(at),
      key: `source:${ip}`,
    }));
  },
);

import { defineCheck } from '../types.js';
import { logSummary, noLogs, quote, at } from './support.js';

export default defineCheck(
  {
    id: 'logs.sensitive-data',
    title: 'Secrets written to logs',
    description:
      'Private keys, passwords, authorization headers and mnemonics must never reach a log: logs are copied, shipped and read by many. Quoted lines are masked.',
    targetKinds: ['logs'],
    severity: 'high',
    confidence: 'medium',
    tags: ['logs', 'secrets'],
    remediation:
      'Remove the secret from the logs and their archives, rotate it (a logged key is a leaked key), and filter credentials in the logging configuration.',
    references: [],
    level: 'passive',
  },
  async (ctx) => {
    const s = await logSummary(ctx);
    const none = noLogs(s, ctx.target.path);
    if (none) return none;
    if (s.secrets.length === 0)
      return [{ status: 'pass', message: `no secret pattern in ${s.lines} lines`, key: 'secrets' }];
    return s.secrets.map((x) => ({
      status: 'fail' as const,
      message: `${x.kind} in a log record`,
      evidence: [{ label: 'record (masked)', value: quote(x) }],
      locations: [at(x)],
      key: `${x.file}:${x.line}`,
    }));
  },
);

import { defineCheck } from '../types.js';
import { logSummary, noLogs, quote, at } from './support.js';

export default defineCheck(
  {
    id: 'logs.crashes',
    title: 'Node crashes in the logs',
    description:
      'Panics, fatal signals, aborts and out-of-memory records show the node program crashed; the business layer asks that crashes be detected.',
    targetKinds: ['logs'],
    severity: 'medium',
    confidence: 'medium',
    tags: ['logs', 'availability'],
    remediation:
      'Find the cause of each crash, run the node under a supervisor that restarts it and alerts, and monitor memory.',
    references: [],
    level: 'passive',
  },
  async (ctx) => {
    const s = await logSummary(ctx);
    const none = noLogs(s, ctx.target.path);
    if (none) return none;
    if (s.crashes.length === 0)
      return [{ status: 'pass', message: `no crash record in ${s.lines} lines`, key: 'crashes' }];
    return [
      {
        status: 'fail',
        message: `${s.crashes.length} crash record(s): ${[...new Set(s.crashes.map((c) => c.kind))].join(', ')}`,
        evidence: s.crashes.slice(0, 5).map((c) => ({ label: c.kind, value: quote(c) })),
        locations: s.crashes.slice(0, 1).map(at),
        key: 'crashes',
      },
    ];
  },
);

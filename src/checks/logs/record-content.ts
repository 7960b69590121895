import { defineCheck } from '../types.js';
import { logSummary, noLogs, quote, at } from './support.js';

const MIN_TIMESTAMPED = 0.95;

export default defineCheck(
  {
    id: 'logs.record-content',
    title: 'Log records carry date and time',
    description:
      'An audit record must say when an event happened (等保 level 3: date and time, user, event type, outcome). Reports the share of log records without a recognisable timestamp.',
    targetKinds: ['logs'],
    severity: 'low',
    confidence: 'medium',
    tags: ['logs', 'audit'],
    remediation:
      'Enable timestamps in the node log configuration (e.g. -logtimestamps for Bitcoin Core, the default log format for geth and Fabric) and ship records with their time zone.',
    references: ['GB/T 22239-2019 8.1.4.3 (security audit)'],
    level: 'passive',
  },
  async (ctx) => {
    const s = await logSummary(ctx);
    const none = noLogs(s, ctx.target.path);
    if (none) return none;
    const share = s.timestamped / s.lines;
    const evidence = [
      { label: 'records with a timestamp', value: `${s.timestamped} of ${s.lines} (${(share * 100).toFixed(1)} %)` },
      ...s.untimestampedExamples.map((e) => ({ label: 'record without timestamp', value: quote(e) })),
    ];
    if (share >= MIN_TIMESTAMPED)
      return [
        {
          status: 'pass',
          message: `${(share * 100).toFixed(1)} % of records carry a timestamp`,
          evidence,
          key: 'timestamps',
        },
      ];
    return [
      {
        status: 'fail',
        message: `only ${(share * 100).toFixed(1)} % of records carry a timestamp`,
        evidence,
        locations: s.untimestampedExamples.slice(0, 1).map(at),
        key: 'timestamps',
      },
    ];
  },
);

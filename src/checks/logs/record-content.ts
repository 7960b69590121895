import { defineCheck } from '../types.js';
import { logSummary, noLogs, quote, at, UNUSABLE_RESULTS, withCoverage, LOG_SCAN_TIMEOUT_MS } from './support.js';

const MIN_TIMESTAMPED = 0.95;

export default defineCheck(
  {
    id: 'logs.record-content',
    title: 'Log records carry date and time',
    description:
      'An audit record must say when an event happened (等保 level 3: date and time, user, event type, outcome). Reports the share of log records with a date and time, per file and log format. Start banners, blank lines and the continuation lines of multi-line records are not records; timestamps wrapped in ANSI colour codes count.',
    targetKinds: ['logs'],
    severity: 'low',
    confidence: 'medium',
    tags: ['logs', 'audit'],
    remediation:
      'Enable timestamps in the logging configuration (-logtimestamps for Bitcoin Core, a timestamped format for development nodes, syslog or journald instead of sshd -E) and ship records with their time zone.',
    references: ['GB/T 22239-2019 8.1.4.3 (security audit)'],
    level: 'passive',
    timeoutMs: LOG_SCAN_TIMEOUT_MS,
    results: {
      timestamps: { title: 'Share of records with date and time' },
      ...UNUSABLE_RESULTS,
    },
  },
  async (ctx) => {
    const s = await logSummary(ctx);
    const none = noLogs(s, ctx.target.path);
    if (none) return none;
    if (s.records === 0)
      return withCoverage(s, ctx.target.path, [
        { status: 'error', result: 'no-logs', message: `no log record under ${ctx.target.path}`, key: 'no-logs' },
      ]);
    const share = s.timestamped / s.records;
    const evidence = [
      {
        label: 'records with date and time',
        value: `${s.timestamped} of ${s.records} (${(share * 100).toFixed(1)} %)`,
      },
      {
        label: 'per file',
        value: s.files
          .map((f) => `${f.path}: ${f.format}, ${f.timestamped} of ${f.records} records timestamped`)
          .join('\n'),
      },
      ...s.untimestampedExamples.map((e) => ({ label: 'record without timestamp', value: quote(e) })),
    ];
    const bad = s.files.filter((f) => f.records > 0 && f.timestamped / f.records < MIN_TIMESTAMPED);
    if (share >= MIN_TIMESTAMPED && bad.length === 0)
      return withCoverage(s, ctx.target.path, [
        {
          status: 'pass',
          result: 'timestamps',
          message: `${(share * 100).toFixed(1)} % of records carry a timestamp`,
          evidence,
          key: 'timestamps',
        },
      ]);
    return withCoverage(s, ctx.target.path, [
      {
        status: 'fail',
        result: 'timestamps',
        message: `only ${(share * 100).toFixed(1)} % of records carry a timestamp${bad.length ? `; without: ${bad.map((f) => `${f.path} (${f.format})`).join(', ')}` : ''}`,
        evidence,
        locations: s.untimestampedExamples.length
          ? s.untimestampedExamples.slice(0, 1).map(at)
          : bad.slice(0, 1).map((f) => ({ file: f.path })),
        key: 'timestamps',
      },
    ]);
  },
);

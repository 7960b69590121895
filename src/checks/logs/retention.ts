import { defineCheck } from '../types.js';
import { logSummary, noLogs, UNUSABLE_RESULTS, withCoverage, LOG_SCAN_TIMEOUT_MS } from './support.js';

const REQUIRED_DAYS = 180;
const DAY_MS = 86_400_000;

export default defineCheck(
  {
    id: 'logs.retention',
    title: 'Logs kept for at least six months',
    description:
      'Blockchain information services must keep their logs for at least six months (区块链信息服务管理规定, 2019). Measures the span between the oldest and the newest timestamped record the logs still hold, rotated and compressed files (.1, .2.gz) included.',
    targetKinds: ['logs'],
    severity: 'low',
    confidence: 'medium',
    tags: ['logs', 'audit', 'retention'],
    remediation:
      'Rotate logs into an archive kept at least 180 days (logrotate rotate/maxage, or central log storage) and protect the archive against deletion.',
    references: ['区块链信息服务管理规定 (Cyberspace Administration of China, 2019), article 17'],
    level: 'passive',
    timeoutMs: LOG_SCAN_TIMEOUT_MS,
    results: {
      span: { title: 'Time span the logs hold' },
      ...UNUSABLE_RESULTS,
    },
  },
  async (ctx) => {
    const s = await logSummary(ctx);
    const none = noLogs(s, ctx.target.path);
    if (none) return none;
    if (s.unread.length) return withCoverage(s, ctx.target.path, []);
    if (s.earliest === undefined || s.latest === undefined)
      return [
        {
          status: 'warn',
          result: 'span',
          message: 'no timestamped record: the retention period cannot be measured',
          key: 'span',
        },
      ];
    const days = (s.latest - s.earliest) / DAY_MS;
    const evidence = [
      { label: 'oldest record', value: new Date(s.earliest).toISOString() },
      { label: 'newest record', value: new Date(s.latest).toISOString() },
      { label: 'span', value: `${days.toFixed(1)} days in ${s.files.length} file(s)` },
    ];
    if (days >= REQUIRED_DAYS)
      return [{ status: 'pass', result: 'span', message: `logs span ${days.toFixed(0)} days`, evidence, key: 'span' }];
    return [
      {
        status: 'warn',
        result: 'span',
        message: `logs span only ${days.toFixed(1)} days of the ${REQUIRED_DAYS} required; older records may be kept elsewhere — confirm the archive`,
        evidence,
        key: 'span',
      },
    ];
  },
);

import type { CrashKind } from '../../analyzers/logs/classify.js';
import { defineCheck } from '../types.js';
import { logSummary, noLogs, quote, at, UNUSABLE_RESULTS, withCoverage, LOG_SCAN_TIMEOUT_MS } from './support.js';

const KIND_TITLES: Record<CrashKind, string> = {
  'unclean-shutdown': 'Started again without a clean shutdown',
  'corrupted-database': 'Corrupted database found at start-up',
  'forced-reindex': 'Block index rebuilt (reindex)',
  'crash-report': 'Crash report',
  'assertion-failed': 'Assertion failed',
  'go-panic': 'Go runtime panic or fatal error',
  'out-of-memory': 'Out of memory (OOM killer or allocation failure)',
};

export default defineCheck(
  {
    id: 'logs.crashes',
    title: 'Node crashes in the logs',
    description:
      'Finds where a program ended badly: a start banner not preceded by the clean-shutdown line of the previous run (Bitcoin Core, geth, Redis, PostgreSQL, sshd, …), a corrupted database or a forced reindex at start-up, and complete crash reports (Redis "crashed by signal" and "ASSERTION FAILED", Go panics and fatal errors, Rust panics, C++ aborts, the kernel OOM killer). The business layer asks that node crashes be detected.',
    targetKinds: ['logs'],
    severity: 'medium',
    confidence: 'medium',
    tags: ['logs', 'availability'],
    remediation:
      'Find the cause of each crash, run the node under a supervisor that restarts it and alerts, check the disk and memory, and keep the crash reports.',
    references: [],
    level: 'passive',
    timeoutMs: LOG_SCAN_TIMEOUT_MS,
    results: {
      ...Object.fromEntries(Object.entries(KIND_TITLES).map(([id, title]) => [id, { title }])),
      none: { title: 'No crash recorded', severity: 'info' },
      ...UNUSABLE_RESULTS,
    },
  },
  async (ctx) => {
    const s = await logSummary(ctx);
    const none = noLogs(s, ctx.target.path);
    if (none) return none;
    if (s.crashes.size === 0)
      return withCoverage(s, ctx.target.path, [
        { status: 'pass', result: 'none', message: `no crash record in ${s.records} records`, key: 'crashes' },
      ]);
    return withCoverage(
      s,
      ctx.target.path,
      [...s.crashes.entries()].map(([kind, c]) => ({
        status: 'fail' as const,
        result: kind,
        message: `${KIND_TITLES[kind]}: ${c.count} time(s)`,
        evidence: c.examples.map((e) => ({ label: e.detail, value: quote(e) })),
        locations: c.examples.slice(0, 1).map(at),
        key: `crash:${kind}`,
      })),
    );
  },
);

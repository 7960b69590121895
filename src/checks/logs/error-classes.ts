import { defineCheck } from '../types.js';
import {
  filesEvidence,
  logSummary,
  noLogs,
  quote,
  at,
  UNUSABLE_RESULTS,
  withCoverage,
  LOG_SCAN_TIMEOUT_MS,
} from './support.js';

const SERIOUS = new Set(['block', 'consensus', 'initialization']);

export default defineCheck(
  {
    id: 'logs.error-classes',
    title: 'Node errors classified by the error-audit classes',
    description:
      'Classifies every error line of the node logs into the error-audit classes of the blockchain evaluation method (initialization, transaction, block, consensus, network, remote procedure call): by the reject reason the node gives (bad-txns-…, high-hash, txn-mempool-conflict), else by the message (Misbehaving, InvalidChainFound, incorrect password attempt, Corrupted block database detected), else by the node function that reported it. Block, consensus and initialization errors point at invalid blocks received, a corrupted local store or a failing start-up and need an explanation. The rules are data (catalog/error-audit.yaml) and can be extended for a fork.',
    targetKinds: ['logs'],
    severity: 'medium',
    confidence: 'medium',
    tags: ['logs', 'audit'],
    remediation:
      'Investigate every block, consensus and initialization error: compare the block with other nodes, check the disk and the data directory, and keep the logs with the incident record.',
    references: [
      'Research on blockchain evaluation methods under the classified protection of cybersecurity (Chinese Journal of Engineering, 2020), Table 9 (blockchain error audit classification)',
    ],
    level: 'passive',
    timeoutMs: LOG_SCAN_TIMEOUT_MS,
    results: {
      serious: { title: 'Block, consensus or initialization errors recorded' },
      classified: { title: 'Errors recorded and classified, none of a serious class', severity: 'info' },
      'not-a-node-log': { title: 'No node log among the files', severity: 'info' },
      ...UNUSABLE_RESULTS,
    },
  },
  async (ctx) => {
    const s = await logSummary(ctx);
    const none = noLogs(s, ctx.target.path);
    if (none) return none;
    if (s.nodeFiles === 0)
      return withCoverage(s, ctx.target.path, [
        {
          status: 'not-applicable',
          result: 'not-a-node-log',
          message: `no blockchain node log among ${s.files.length} file(s) (${[...new Set(s.files.map((f) => f.format))].join(', ')})`,
          evidence: [filesEvidence(s)],
          key: 'classes',
        },
      ]);
    const classes = [...s.errors.entries()].sort((a, b) => b[1].count - a[1].count);
    const evidence = [
      filesEvidence(s),
      ...classes.map(([id, e]) => ({
        label: `${id} errors: ${e.count}`,
        value: [
          `by: ${[...e.reasons]
            .sort((a, b) => b[1] - a[1])
            .slice(0, 12)
            .map(([r, n]) => `${r} ×${n}`)
            .join(', ')}`,
          ...e.examples.map(quote),
        ].join('\n'),
      })),
    ];
    const serious = classes.filter(([id]) => SERIOUS.has(id));
    const total = classes.reduce((n, [, e]) => n + e.count, 0);
    if (serious.length) {
      return withCoverage(
        s,
        ctx.target.path,
        serious.map(([id, e]) => ({
          status: 'warn' as const,
          result: 'serious',
          message: `${e.count} ${id} error(s) recorded (${total} errors in all)`,
          evidence,
          locations: e.examples.slice(0, 1).map(at),
          key: `class:${id}`,
        })),
      );
    }
    return withCoverage(s, ctx.target.path, [
      {
        status: 'pass',
        result: 'classified',
        message: classes.length
          ? `errors recorded and classified, none of class block, consensus or initialization (${classes.map(([id, e]) => `${id} ${e.count}`).join(', ')})`
          : `no error lines recorded in ${s.records} records`,
        evidence,
        key: 'classes',
      },
    ]);
  },
);

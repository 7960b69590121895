import { defineCheck } from '../types.js';
import { logSummary, noLogs, quote, at } from './support.js';

const SERIOUS = new Set(['block', 'consensus', 'initialization']);

export default defineCheck(
  {
    id: 'logs.error-classes',
    title: 'Node errors classified by the error-audit classes',
    description:
      'Classifies every error line of the node logs into the error-audit classes of the blockchain evaluation method (initialization, transaction, block, consensus, network, remote procedure call) by the node function that raised it. Block, consensus and initialization errors point at invalid blocks received, a corrupted local store or a failing start-up and need an explanation.',
    targetKinds: ['logs'],
    severity: 'medium',
    confidence: 'medium',
    tags: ['logs', 'audit'],
    remediation:
      'Investigate every block, consensus and initialization error: compare the block with other nodes, check the disk and the data directory, and keep the logs with the incident record.',
    references: ['seed 003, Table 9 (blockchain error audit classification)'],
    level: 'passive',
  },
  async (ctx) => {
    const s = await logSummary(ctx);
    const none = noLogs(s, ctx.target.path);
    if (none) return none;
    const classes = [...s.errors.entries()].sort((a, b) => b[1].count - a[1].count);
    const evidence = [
      { label: 'lines read', value: `${s.lines} lines in ${s.files.length} file(s)` },
      ...classes.map(([id, e]) => ({
        label: `${id} errors: ${e.count}`,
        value: [
          `functions: ${[...e.functions].map(([f, n]) => `${f} ×${n}`).join(', ') || '—'}`,
          ...e.examples.map(quote),
        ].join('\n'),
      })),
    ];
    const serious = classes.filter(([id]) => SERIOUS.has(id));
    if (serious.length) {
      return [
        {
          status: 'warn',
          message: `${serious.map(([id, e]) => `${e.count} ${id}`).join(', ')} error(s) recorded; ${classes.reduce((n, [, e]) => n + e.count, 0)} errors in all`,
          evidence,
          locations: serious.flatMap(([, e]) => e.examples.slice(0, 1).map(at)),
          key: 'classes',
        },
      ];
    }
    return [
      {
        status: 'pass',
        message: classes.length
          ? `errors recorded and classified, none of class block, consensus or initialization (${classes.map(([id, e]) => `${id} ${e.count}`).join(', ')})`
          : 'no error lines recorded',
        evidence,
        key: 'classes',
      },
    ];
  },
);

import { verifyLedger, type LedgerFormat } from '../../analyzers/ledger/index.js';
import { defineCheck } from '../types.js';
import { LEDGER_TIMEOUT_MS, ledgerReport, sourceOf, summaryEvidence } from './support.js';

export default defineCheck(
  {
    id: 'ledger.idempotence',
    title: 'Reading the ledger twice gives the same blocks',
    description:
      'Reads the same source a second time (the same file range, or the same heights from the node) and compares the block hash at every height with the first read; a repeated block inside one source must be byte-identical.',
    targetKinds: ['ledger'],
    severity: 'high',
    confidence: 'high',
    tags: ['ledger', 'idempotence'],
    remediation:
      'A source that answers differently for the same height is unstable (reorg in progress, cache fault, tampering): investigate before relying on it.',
    references: [],
    level: 'passive',
    timeoutMs: LEDGER_TIMEOUT_MS,
  },
  async (ctx) => {
    const first = await ledgerReport(ctx);
    const { source, rpc } = sourceOf(ctx);
    const second = await verifyLedger({
      format: ctx.target.format as LedgerFormat,
      source,
      rpc,
      from: first.firstHeight ?? ctx.target.from,
      to: first.lastHeight ?? ctx.target.to,
      signatures: false,
      signal: ctx.signal,
    });
    const changed: string[] = [];
    for (const [height, hash] of first.heights) {
      const again = second.heights.get(height);
      if (again !== undefined && again !== hash) changed.push(`height ${height}: ${hash} then ${again}`);
    }
    if (changed.length > 0)
      return changed.slice(0, 20).map((c, i) => ({
        status: 'fail' as const,
        message: `second read differs: ${c}`,
        evidence: summaryEvidence(first),
        key: `changed:${i}`,
      }));
    const compared = [...first.heights.keys()].filter((h) => second.heights.has(h)).length;
    if (compared === 0)
      return [
        {
          status: 'warn',
          message: 'no height could be compared between the two reads',
          evidence: summaryEvidence(first),
          key: 'none',
        },
      ];
    return [
      {
        status: 'pass',
        message: `two reads agree on all ${compared} heights`,
        evidence: summaryEvidence(first),
        key: 'summary',
      },
    ];
  },
);

import type { LedgerReport } from '../../analyzers/ledger/types.js';
import type { TargetOf } from '../../scope/schema.js';
import { defineCheck, type CheckResult } from '../types.js';
import { LEDGER_TIMEOUT_MS, ledgerReport, summaryEvidence, type LedgerContext } from './support.js';

const MAX_LISTED = 20;

/** Heights where two sources disagree on the block hash. */
export function compareSources(
  reports: Array<{ id: string; report: LedgerReport }>,
): Array<{ height: number; hashes: Record<string, string> }> {
  const out: Array<{ height: number; hashes: Record<string, string> }> = [];
  if (reports.length < 2) return out;
  const [first, ...rest] = reports;
  for (const [height, hash] of first.report.heights) {
    const hashes: Record<string, string> = { [first.id]: hash };
    let differs = false;
    for (const r of rest) {
      const other = r.report.heights.get(height);
      if (other === undefined) continue;
      hashes[r.id] = other;
      if (other.replace(/^0x/, '') !== hash.replace(/^0x/, '')) differs = true;
    }
    if (differs) out.push({ height, hashes });
  }
  return out;
}

export default defineCheck(
  {
    id: 'ledger.synchronization',
    title: 'Ledger copies agree: same height, same block hash; no gaps',
    description:
      'Compares the block hash at every common height across the ledger targets of one chain (files of different peers, several nodes) and reports gaps and competing branches inside each copy.',
    targetKinds: ['ledger'],
    severity: 'high',
    confidence: 'high',
    tags: ['ledger', 'sync'],
    remediation:
      'Find the first height where copies diverge, determine which copy is canonical, and resynchronise the others from it.',
    references: ['https://hyperledger-fabric.readthedocs.io/en/latest/commands/ledgerutil.html'],
    level: 'passive',
    granularity: 'chain',
    timeoutMs: LEDGER_TIMEOUT_MS,
  },
  async (ctx) => {
    const reports: Array<{ id: string; report: LedgerReport }> = [];
    for (const target of ctx.group as Array<TargetOf<'ledger'>>)
      reports.push({ id: target.id, report: await ledgerReport({ ...ctx, target } as LedgerContext) });
    const results: CheckResult[] = [];
    for (const { id, report } of reports) {
      const shape = report.events.filter((e) => e.kind === 'gap' || e.kind === 'reorg');
      for (const e of shape.slice(0, MAX_LISTED))
        results.push({
          status: 'warn',
          message: `${id}: ${e.kind} at height ${e.height ?? '?'}: ${e.message}`,
          evidence: summaryEvidence(report),
          key: `${id}:${e.kind}:${e.hash}`,
        });
    }
    const diverging = compareSources(reports);
    for (const d of diverging.slice(0, MAX_LISTED))
      results.push({
        status: 'fail',
        message: `height ${d.height}: sources hold different blocks`,
        evidence: Object.entries(d.hashes).map(([id, hash]) => ({ label: `${id} block ${d.height}`, value: hash })),
        key: `diverge:${d.height}`,
      });
    if (diverging.length > MAX_LISTED)
      results.push({
        status: 'fail',
        message: `${diverging.length - MAX_LISTED} further diverging heights`,
        key: 'diverge:more',
      });
    if (results.length > 0) return results;
    if (reports.length < 2)
      return [
        {
          status: 'pass',
          message: `${reports[0].id}: one copy, no gaps or competing branches; add the ledger of another peer with the same chain to compare copies`,
          evidence: summaryEvidence(reports[0].report),
          key: 'single',
        },
      ];
    const common = [...reports[0].report.heights.keys()].filter((h) =>
      reports.slice(1).some((r) => r.report.heights.has(h)),
    ).length;
    return [
      {
        status: common > 0 ? 'pass' : 'warn',
        message: `${reports.length} copies agree at ${common} common heights`,
        evidence: reports.flatMap((r) => summaryEvidence(r.report)),
        key: 'agree',
      },
    ];
  },
);

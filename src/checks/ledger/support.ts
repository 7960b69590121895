import { verifyLedger, type LedgerFormat } from '../../analyzers/ledger/index.js';
import { rpcClientFor } from '../../analyzers/ledger/rpc.js';
import type { Aspect, LedgerIssue, LedgerReport } from '../../analyzers/ledger/types.js';
import type { Evidence } from '../../model.js';
import type { TargetOf } from '../../scope/schema.js';
import type { CheckContext, CheckResult } from '../types.js';
import type { RpcClient } from '../../clients/rpc.js';
import { maskUrl } from '../../mask.js';

export type LedgerContext = CheckContext<TargetOf<'ledger'>>;

/** Ledger verification can read gigabytes; each check sharing the run waits for the same result. */
export const LEDGER_TIMEOUT_MS = 60 * 60 * 1000;

export function sourceOf(ctx: LedgerContext): { source: string; rpc?: RpcClient } {
  const t = ctx.target;
  if (t.format === 'bitcoin-rpc' || t.format === 'ethereum-rpc') {
    if (!t.node) throw new Error(`ledger target ${t.id}: format ${t.format} needs "node" (a node target id or a URL)`);
    const node = ctx.scope.targets.find((x) => x.id === t.node);
    if (node && (node.kind === 'evm-node' || node.kind === 'bitcoin-node'))
      return { source: maskUrl(node.rpc), rpc: ctx.rpc(node) };
    if (node) throw new Error(`ledger target ${t.id}: node ${t.node} is a ${node.kind} target, not a node`);
    return { source: maskUrl(t.node), rpc: rpcClientFor(t.node, ctx.signal) };
  }
  if (!t.path) throw new Error(`ledger target ${t.id}: format ${t.format} needs "path"`);
  return { source: ctx.path(t.path) };
}

/** The verification of this target, run once per audit and shared by every ledger check. */
export function ledgerReport(ctx: LedgerContext): Promise<LedgerReport> {
  return ctx.memo(`ledger-report:${ctx.target.id}`, async () => {
    const { source, rpc } = sourceOf(ctx);
    return verifyLedger({
      format: ctx.target.format as LedgerFormat,
      source,
      rpc,
      from: ctx.target.from,
      to: ctx.target.to,
      signal: ctx.signal,
      progress: (m) => ctx.progress(m),
    });
  });
}

export function summaryEvidence(r: LedgerReport): Evidence[] {
  return [
    { label: 'source', value: `${r.source} (${r.format})` },
    {
      label: 'blocks',
      value: `${r.blocks}${r.firstHeight !== null ? `, heights ${r.firstHeight}..${r.lastHeight}` : ''}`,
    },
  ];
}

function issueEvidence(i: LedgerIssue): Evidence {
  const at = `block ${i.height ?? '?'} ${i.hash ?? `@${i.offset ?? '?'}`}`;
  const values =
    i.expected !== undefined || i.actual !== undefined
      ? `; expected ${i.expected ?? '-'}, actual ${i.actual ?? '-'}`
      : '';
  return { label: `${at} ${i.field}`, value: `${i.message}${values}` };
}

const MAX_RESULTS = 50;

/**
 * One failing result per issue of the given aspects (bounded), or a pass naming what was verified.
 * `verifiedKeys` select the counters that back a pass; without any, nothing was verified and the
 * result says so instead of passing.
 */
export function aspectResults(
  r: LedgerReport,
  aspects: Aspect[],
  verifiedKeys: (key: string) => boolean,
  what: string,
): CheckResult[] {
  const issues = r.issues.filter((i) => aspects.includes(i.aspect));
  const verified = Object.entries(r.verified).filter(([k]) => verifiedKeys(k));
  const notVerified = r.notVerified.filter(
    (n) => verifiedKeys(n.what) || aspects.some((a) => n.what.toLowerCase().includes(a)),
  );
  const notVerifiedEvidence: Evidence[] = notVerified.map((n) => ({
    label: `not verified: ${n.what}`,
    value: `${n.reason} (${n.count})`,
  }));
  if (issues.length > 0) {
    const results: CheckResult[] = issues.slice(0, MAX_RESULTS).map((i) => ({
      status: 'fail',
      message: `${what}: block ${i.height ?? '?'} ${i.field}: ${i.message}`,
      evidence: [...summaryEvidence(r), issueEvidence(i)],
      key: `${i.rule}:${i.hash ?? i.offset}:${i.field}`,
    }));
    if (issues.length > MAX_RESULTS)
      results.push({
        status: 'fail',
        message: `${issues.length - MAX_RESULTS} further ${what} failures not listed`,
        evidence: summaryEvidence(r),
        key: 'more',
      });
    return results;
  }
  if (verified.length === 0) {
    return [
      {
        status: 'warn',
        message: `${what}: nothing could be verified in this source`,
        evidence: [...summaryEvidence(r), ...notVerifiedEvidence],
        key: 'nothing-verified',
      },
    ];
  }
  return [
    {
      status: 'pass',
      message: `${what}: ${verified.map(([k, n]) => `${k} ×${n}`).join(', ')} verified over ${r.blocks} blocks`,
      evidence: [
        ...summaryEvidence(r),
        ...verified.map(([k, n]) => ({ label: `verified: ${k}`, value: String(n) })),
        ...notVerifiedEvidence,
      ],
      key: 'summary',
    },
  ];
}

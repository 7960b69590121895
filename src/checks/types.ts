import type { Confidence, Evidence, Location, Severity, Status, TargetKind } from '../model.js';
import type { Scope, Target, TargetOf } from '../scope/schema.js';
import type { RpcClient } from '../clients/rpc.js';

/**
 * How far a check may go. passive: read-only, safe against production. intrusive: sends malformed
 * or unusual input (bounded). active: submits transactions or stops nodes it manages.
 */
export type CheckLevel = 'passive' | 'intrusive' | 'active';

export interface CheckMeta {
  /** Stable dotted id, e.g. `evm.rpc.unlocked-accounts`. */
  id: string;
  title: string;
  description: string;
  targetKinds: TargetKind[];
  /** Catalog item ids this check produces evidence for. */
  items: string[];
  severity: Severity;
  confidence: Confidence;
  tags: string[];
  remediation: string;
  references: string[];
  level: CheckLevel;
  /** `chain`: run once per group of targets sharing `chain` (multi-node checks) instead of once per target. */
  granularity?: 'target' | 'chain';
  timeoutMs?: number;
}

/** What a check reports; the engine completes it into a Finding with the check's metadata. */
export interface CheckResult {
  status: Status;
  message: string;
  evidence?: Evidence[];
  locations?: Location[];
  severity?: Severity;
  confidence?: Confidence;
  items?: string[];
  title?: string;
  remediation?: string;
  /** Distinguishes several results of one check on one target (a file:line, a method name). */
  key?: string;
}

export interface RunOptions {
  /** Allow level `intrusive` checks. */
  intrusive: boolean;
  /** Allow level `active` checks (transactions, stopping managed nodes). */
  active: boolean;
}

export interface CheckContext<T extends Target = Target> {
  target: T;
  /** For `chain` checks every target of the chain; otherwise just the target. */
  group: T[];
  scope: Scope;
  options: RunOptions;
  signal: AbortSignal;
  /** A JSON-RPC client for a node target, with its credentials resolved and the run's bounds applied. */
  rpc(target?: TargetOf<'evm-node'> | TargetOf<'bitcoin-node'>): RpcClient;
  /** Per-run memo so checks sharing a probe (client version, accounts) ask the target once. */
  memo<V>(key: string, compute: () => Promise<V>): Promise<V>;
  /** Resolves a credential reference named in the scope; never log the value. */
  credential(ref: { env: string } | { file: string }): string;
  /** A path from the scope, resolved against the scope file's folder. */
  path(p: string): string;
  progress(message: string): void;
}

export interface Check<T extends Target = Target> {
  meta: CheckMeta;
  run(ctx: CheckContext<T>): Promise<CheckResult[]>;
}

/** Typed helper: a check for targets of the given kinds sees those targets' fields. */
export function defineCheck<K extends TargetKind>(
  meta: CheckMeta & { targetKinds: K[] },
  run: (ctx: CheckContext<TargetOf<K>>) => Promise<CheckResult[]>,
): Check {
  return { meta, run: run as Check['run'] };
}

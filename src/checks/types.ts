import type { Confidence, Evidence, Location, Severity, Status, TargetKind } from '../model.js';
import type { Scope, Target, TargetOf } from '../scope/schema.js';
import type { RpcClient } from '../clients/rpc.js';

/**
 * How far a check may go. passive: read-only, safe against production. intrusive: sends malformed
 * or unusual input (bounded). active: submits transactions or stops nodes it manages.
 */
export type CheckLevel = 'passive' | 'intrusive' | 'active';

/**
 * One kind of result a check can report, declared up front like ESLint's `meta.messages`: a config
 * rule, a probe, a detector. Framework items may count a single sub-result (`configs.sshd#root-login`),
 * SARIF gets one rule per sub-result, and tests assert on the id rather than the message.
 */
export interface ResultMeta {
  title: string;
  /** Defaults to the check's severity. */
  severity?: Severity;
  /** Defaults to the check's remediation. */
  remediation?: string;
}

export interface CheckMeta {
  /** Stable dotted id, e.g. `evm.rpc.unlocked-accounts`; the file is `src/checks/evm/rpc-unlocked-accounts.ts`. */
  id: string;
  title: string;
  description: string;
  targetKinds: TargetKind[];
  severity: Severity;
  confidence: Confidence;
  tags: string[];
  remediation: string;
  references: string[];
  level: CheckLevel;
  /** `chain`: run once per group of targets sharing `chain` (multi-node checks) instead of once per target. */
  granularity?: 'target' | 'chain';
  timeoutMs?: number;
  /** Declared sub-results, by id (lower-case, hyphenated). Every result of a check that declares them names one. */
  results?: Record<string, ResultMeta>;
}

/** What a check reports; the engine completes it into a Finding with the check's metadata. */
export interface CheckResult {
  status: Status;
  message: string;
  evidence?: Evidence[];
  locations?: Location[];
  severity?: Severity;
  confidence?: Confidence;
  title?: string;
  remediation?: string;
  /** Distinguishes several results of one check on one target (a file:line, a method name). */
  key?: string;
  /** The declared sub-result (CheckMeta.results) this result belongs to. */
  result?: string;
  /** Other places that matter to the finding (the guard that is missing, the call that re-enters). */
  related?: Location[];
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

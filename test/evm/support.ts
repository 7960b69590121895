import { runAudit } from '../../src/engine/run.js';
import { withItems } from '../support/frameworks.js';
import type { Finding } from '../../src/model.js';
import { scopeSchema, type Scope } from '../../src/scope/schema.js';
import type { Check } from '../../src/checks/types.js';

export interface NodeEntry {
  id: string;
  rpc: string;
  chain?: string;
  exposure?: 'public' | 'private' | 'loopback';
  expect?: Record<string, unknown>;
  [k: string]: unknown;
}

/** A scope as the loader would produce it, for nodes started by the test. */
export function scopeOf(nodes: NodeEntry[], environment: 'test' | 'development' | 'production' = 'test'): Scope {
  const parsed = scopeSchema.parse({
    name: 'evm-test',
    environment,
    targets: nodes.map((n) => ({ kind: 'evm-node', ...n })),
  });
  return { ...parsed, file: '<test>', dir: process.cwd() };
}

export async function audit(
  checks: Check[],
  scope: Scope,
  opts: { intrusive?: boolean; active?: boolean; checkTimeoutMs?: number; concurrency?: number } = {},
): Promise<Finding[]> {
  const run = await runAudit({
    scope,
    checks,
    options: { intrusive: !!opts.intrusive, active: !!opts.active },
    concurrency: opts.concurrency ?? 4,
    checkTimeoutMs: opts.checkTimeoutMs,
  });
  return withItems(run.findings);
}

export function only(findings: Finding[], checkId: string): Finding {
  const list = findings.filter((f) => f.checkId === checkId);
  if (list.length !== 1)
    throw new Error(
      `expected one finding of ${checkId}, got ${list.length}: ${JSON.stringify(list.map((f) => f.message))}`,
    );
  return list[0];
}

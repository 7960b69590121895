import { tmpdir } from 'node:os';
import { withItems } from '../support/frameworks.js';
import { join } from 'node:path';
import type { Finding } from '../../src/model.js';
import { fingerprint, runAudit } from '../../src/engine/run.js';
import { registry } from '../../src/checks/index.js';
import { scopeSchema, type Scope } from '../../src/scope/schema.js';
import type { LitecoinNode } from '../../src/nodes/litecoin.js';

/** Builds a scope around nodes of a managed network; each node's password goes through an env var reference. */
export function nodeTarget(
  node: LitecoinNode,
  id: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const env = `CHAINAUDIT_TEST_${id.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_PW`;
  process.env[env] = node.password;
  return { id, kind: 'bitcoin-node', rpc: node.rpcUrl, auth: { user: node.user, password: { env } }, ...extra };
}

export function makeScope(targets: Record<string, unknown>[], environment = 'test'): Scope {
  // Built in memory: every path in these scopes is absolute, so the scope's folder is never read.
  const dir = tmpdir();
  const file = join(dir, 'litecoind-test-scope.yaml');
  return { ...scopeSchema.parse({ name: 'litecoind test network', environment, targets }), file, dir };
}

export async function audit(
  scope: Scope,
  checkIds: string[],
  options = { intrusive: false, active: false },
): Promise<Finding[]> {
  const checks = registry.filter((c) => checkIds.includes(c.meta.id));
  if (checks.length !== checkIds.length) throw new Error(`unknown check id among ${checkIds.join(', ')}`);
  const run = await runAudit({ scope, checks, options, concurrency: 4 });
  return withItems(run.findings);
}

export function one(findings: Finding[], checkId: string, targetId: string, key?: string): Finding {
  const hits = findings.filter(
    (f) =>
      f.checkId === checkId &&
      f.targetId === targetId &&
      (key === undefined || f.fingerprint === fingerprint(checkId, targetId, key)),
  );
  if (hits.length !== 1)
    throw new Error(
      `expected one finding of ${checkId} on ${targetId}${key ? ` key ${key}` : ''}, got ${hits.length}: ${JSON.stringify(findings.filter((f) => f.checkId === checkId).map((f) => [f.targetId, f.status, f.message]))}`,
    );
  return hits[0];
}

export function statusOf(findings: Finding[], checkId: string, targetId: string, key?: string): string {
  return one(findings, checkId, targetId, key).status;
}

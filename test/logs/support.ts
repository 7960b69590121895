import { dirname, resolve } from 'node:path';
import { logsChecks } from '../../src/checks/logs/index.js';
import type { CheckContext, CheckResult } from '../../src/checks/types.js';
import { scopeSchema, type Scope } from '../../src/scope/schema.js';

/**
 * Runs the log checks over one logs target (validated by the real scope schema) and returns their
 * results by check id, each as `status result key` — tests assert on result ids, never on messages.
 */
export async function logCheckResults(
  path: string,
  extra: Record<string, unknown> = {},
): Promise<{ results: Record<string, CheckResult[]>; brief: Record<string, string[]> }> {
  const parsed = scopeSchema.parse({
    name: 'logs',
    environment: 'test',
    targets: [{ id: 'logs', kind: 'logs', path, ...extra }],
  });
  const dir = dirname(resolve(path));
  const scope: Scope = { ...parsed, file: resolve(dir, 'scope.yaml'), dir };
  const memos = new Map<string, Promise<unknown>>();
  const ctx = {
    target: scope.targets[0],
    group: [scope.targets[0]],
    scope,
    options: { intrusive: false, active: false },
    signal: new AbortController().signal,
    rpc: () => {
      throw new Error('log checks use no RPC');
    },
    memo: <V>(key: string, compute: () => Promise<V>) => {
      if (!memos.has(key)) memos.set(key, compute());
      return memos.get(key) as Promise<V>;
    },
    credential: () => {
      throw new Error('log checks use no credential');
    },
    path: (p: string) => resolve(dir, p),
    progress: () => undefined,
  } as CheckContext;
  const results: Record<string, CheckResult[]> = {};
  const brief: Record<string, string[]> = {};
  for (const check of logsChecks) {
    const out = await check.run(ctx);
    for (const r of out) {
      if (check.meta.results && !(r.result! in check.meta.results))
        throw new Error(`${check.meta.id} returned undeclared result ${r.result}`);
    }
    results[check.meta.id] = out;
    brief[check.meta.id] = out.map((r) => `${r.status} ${r.result} ${r.key}`);
  }
  return { results, brief };
}

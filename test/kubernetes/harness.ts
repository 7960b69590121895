import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scopeSchema, type Scope } from '../../src/scope/schema.js';
import type { Check, CheckContext, CheckResult } from '../../src/checks/types.js';
import { kubernetesChecks } from '../../src/checks/kubernetes/index.js';
import { cloudChecks } from '../../src/checks/cloud/index.js';
import { configsChecks } from '../../src/checks/configs/index.js';

export const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface Row {
  check: string;
  result: string;
  status: string;
  result_: CheckResult;
}

/**
 * Runs checks on one target the way the engine does (shared memo, resolved paths) but keeps each
 * result's declared sub-result id, which tests assert on.
 */
export async function runChecks(
  checks: Check[],
  target: Record<string, unknown>,
  dir = FIXTURES,
  env: Record<string, string> = {},
): Promise<Row[]> {
  const parsed = scopeSchema.parse({ name: 'test', environment: 'test', targets: [{ id: 't', ...target }] });
  const scope: Scope = { ...parsed, file: `${dir}/scope.yaml`, dir };
  const memo = new Map<string, Promise<unknown>>();
  const rows: Row[] = [];
  for (const check of checks) {
    if (!check.meta.targetKinds.includes(scope.targets[0].kind)) continue;
    const ctx: CheckContext = {
      target: scope.targets[0],
      group: [scope.targets[0]],
      scope,
      options: { intrusive: false, active: false },
      signal: new AbortController().signal,
      rpc: () => {
        throw new Error('no RPC in these tests');
      },
      memo: <V>(k: string, f: () => Promise<V>) => {
        if (!memo.has(k)) memo.set(k, f());
        return memo.get(k) as Promise<V>;
      },
      credential: (ref) => ('env' in ref ? (env[ref.env] ?? '') : ''),
      path: (p) => (p.startsWith('/') ? p : `${dir}/${p}`),
      progress: () => {},
    };
    for (const r of await check.run(ctx))
      rows.push({ check: check.meta.id, result: r.result ?? '', status: r.status, result_: r });
  }
  return rows;
}

export function where(r: CheckResult, base = FIXTURES): string {
  const l = r.locations?.[0];
  if (!l) return '';
  const file = l.file.startsWith('/') ? relative(base, l.file) : l.file;
  return l.line === undefined ? file : `${file}:${l.line}`;
}

/** Generic pod-hygiene checks are tracked only for fixtures named generic-*; chain fixtures list what is specific to them. */
const GENERIC = /^kubernetes\.(pod\.|runtime\.sensor|network\.default-deny|namespace\.pod-security)/;

/** A fixture's non-passing results as `check#result status file:line`, sorted. */
export async function actualRows(fixture: string): Promise<string[]> {
  const family = fixture.startsWith('terraform/')
    ? { checks: cloudChecks, kind: 'terraform' }
    : fixture.startsWith('node-configs/')
      ? { checks: configsChecks, kind: 'config' }
      : { checks: kubernetesChecks, kind: 'kubernetes' };
  const rows = await runChecks(family.checks, { kind: family.kind, path: fixture });
  const generic = /(^|\/)generic-/.test(fixture);
  return rows
    .filter((r) => r.status !== 'pass' && r.status !== 'not-applicable')
    .filter((r) => generic || !GENERIC.test(r.check))
    .map((r) => `${r.check}#${r.result} ${r.status} ${where(r.result_)}`)
    .sort();
}

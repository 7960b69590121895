import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { Assessment } from '../../assess/assess.js';
import type { CliEnv } from '../../cli/env.js';
import { InputError } from '../../errors.js';
import { scopeSchema, type Scope, type Target } from '../../scope/schema.js';
import type { Claim } from '../queue/jobs.js';

/** Targets a job covers: the named ones, plus the nodes a ledger target reads through. */
export function selectTargets(all: Target[], ids: string[]): Target[] {
  if (ids.length === 0) return all;
  const wanted = new Set(ids);
  for (const t of all)
    if (wanted.has(t.id) && t.kind === 'ledger' && t.node && all.some((n) => n.id === t.node)) wanted.add(t.node);
  return all.filter((t) => wanted.has(t.id));
}

/** A stored scope read as `chainaudit audit` reads a file; relative paths are the runner's working folder. */
export function scopeFromYaml(yaml: string, name: string, targetIds: string[]): Scope {
  const parsed = scopeSchema.safeParse(parseYaml(yaml));
  if (!parsed.success)
    throw new InputError(
      `scope ${name}: ${parsed.error.issues
        .slice(0, 3)
        .map((i) => `${i.path.join('.')}: ${i.message}`)
        .join('; ')}`,
    );
  const targets = selectTargets(parsed.data.targets, targetIds);
  const missing = targetIds.filter((id) => !parsed.data.targets.some((t) => t.id === id));
  if (missing.length) throw new InputError(`scope ${name} has no target ${missing.join(', ')}`);
  return { ...parsed.data, targets, file: `server scope ${name}`, dir: process.cwd() };
}

const quietEnv = (lines: string[]): CliEnv => ({
  out: () => undefined,
  err: (t) => void lines.push(t),
  progress: () => undefined,
  setExitCode: () => undefined,
  lang: 'en',
  isTTY: false,
});

/**
 * Runs a claimed job: the stored scope narrowed to the job's targets and checks, at the levels the
 * server allowed at claim time. The report's run id is the job id, which makes the upload idempotent.
 */
export async function executeClaim(claim: Claim, signal: AbortSignal, concurrency = 8): Promise<Assessment> {
  const scope = scopeFromYaml(claim.scopeYaml, claim.scopeName, claim.plan.targets);
  // the audit pipeline loads every check: a server that leaves jobs to workers never needs it
  const { auditScope } = await import('../../cli/pipeline.js');
  const out = mkdtempSync(join(tmpdir(), 'chainaudit-job-'));
  try {
    const result = await auditScope(
      scope,
      {
        out,
        formats: [],
        allowIncomplete: true,
        only: claim.plan.only,
        skip: [],
        catalogFiles: [],
        intrusive: claim.plan.intrusive,
        active: claim.plan.active,
        concurrency,
        store: false,
        quiet: true,
        force: false,
      },
      quietEnv([]),
      signal,
    );
    const a = result.assessment;
    a.run.id = claim.jobId;
    if (claim.plan.heldBack)
      a.run.checksHeldBack = a.run.checksHeldBack.map((h) =>
        /^(intrusive|active):/.test(h.reason) ? { ...h, reason: claim.plan.heldBack! } : h,
      );
    return a;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

import { randomUUID } from 'node:crypto';
import type { Assessment } from '../assess/assess.js';
import type { ManualAnswer } from '../assess/manual.js';
import type { AuditRun } from '../engine/run.js';
import type { ImportBatch } from './index.js';

export function newRunId(started: string): string {
  return `${started.replace(/[-:]/g, '').replace(/\..*/, '')}-${randomUUID().slice(0, 8)}`;
}

/** A run with nothing in it yet, for imports that start a history of their own. */
export function emptyRun(scopeName: string): AuditRun {
  const now = new Date().toISOString();
  return {
    id: newRunId(now),
    scopeName,
    scopeFile: '',
    startedAt: now,
    finishedAt: now,
    options: { intrusive: false, active: false },
    targets: [],
    checksRun: [],
    checksHeldBack: [],
    tasks: 0,
    ran: 0,
    notRun: [],
    unreachable: [],
    findings: [],
  };
}

/** A stored run taken up again as the start of a new one: same scope, targets and findings, a new id. */
export function runOfAssessment(a: Assessment): AuditRun {
  const now = new Date().toISOString();
  return {
    id: newRunId(now),
    scopeName: a.run.scopeName,
    scopeFile: a.run.scopeFile,
    startedAt: now,
    finishedAt: now,
    options: a.run.options,
    targets: a.run.targets,
    checksRun: a.run.checksRun,
    checksHeldBack: a.run.checksHeldBack,
    tasks: a.coverage.checks.planned,
    ran: a.coverage.checks.completed + a.coverage.checks.errored,
    notRun: a.run.notRun,
    unreachable: a.coverage.targets.unreachable,
    findings: a.findings.map((f) => ({ ...f, items: [] })),
    ...(a.run.imports?.length ? { imports: a.run.imports } : {}),
  };
}

/** The assessor's answers a stored run was assessed with, to assess its successor the same way. */
export function manualOf(a: Assessment): Map<string, ManualAnswer> {
  return new Map(a.items.filter((i) => i.manual).map((i) => [i.id, i.manual!]));
}

/**
 * Adds imported reports to a run. A report replaces whatever the same tool reported on the same
 * target before: what the newer file no longer lists is gone from the run (and `diff` calls it
 * fixed, since the import ran again), what it lists again is back.
 */
export function mergeImports(run: AuditRun, batches: ImportBatch[]): AuditRun {
  let findings = run.findings;
  let imports = run.imports ?? [];
  const checksRun = [...run.checksRun];
  let tasks = run.tasks;
  let ran = run.ran;
  for (const b of batches) {
    const checkId = b.findings[0]?.checkId ?? `import.${b.record.tool}`;
    const same = (x: { tool: string; targetId: string }) =>
      x.tool === b.record.tool && x.targetId === b.record.targetId;
    if (!imports.some(same)) {
      tasks++;
      ran++;
    }
    findings = [...findings.filter((f) => !(f.checkId === checkId && f.targetId === b.record.targetId)), ...b.findings];
    imports = [...imports.filter((x) => !same(x)), b.record];
    if (!checksRun.includes(checkId)) checksRun.push(checkId);
  }
  return { ...run, findings, imports, checksRun, tasks, ran, finishedAt: new Date().toISOString() };
}

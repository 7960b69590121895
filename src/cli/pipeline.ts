import { resolve } from 'node:path';
import { assess, type Assessment } from '../assess/assess.js';
import { loadManualAnswers, type ManualAnswer } from '../assess/manual.js';
import { registry } from '../checks/index.js';
import type { Check } from '../checks/types.js';
import { ENGINE_CHECKS, runAudit } from '../engine/run.js';
import { selectChecks } from '../engine/select.js';
import { InputError, InterruptedError } from '../errors.js';
import { severityRank, type Finding, type Severity } from '../model.js';
import { redactorFor } from '../redact.js';
import { importFile, type ImportBatch } from '../importers/index.js';
import { mergeImports } from '../importers/merge.js';
import {
  openReportFolder,
  writeReportFolder,
  type ReportFolder,
  type ReportFormat,
  type WrittenReport,
} from '../report/write.js';
import { targetLocations } from '../scope/locate.js';
import type { Scope } from '../scope/schema.js';
import { RunStore, defaultDbPath } from '../store/sqlite.js';
import { TOOL_VERSION } from '../version.js';
import type { CliEnv } from './env.js';
import { EXIT } from './exit-codes.js';
import { loadFrameworks, type Frameworks } from './frameworks.js';
import { summaryScreen } from './summary.js';

export interface AuditFlags {
  out: string;
  formats: ReportFormat[];
  failOn?: Severity;
  allowIncomplete: boolean;
  only: string[];
  skip: string[];
  manual?: string;
  frameworks?: string[];
  catalogFiles: string[];
  intrusive: boolean;
  active: boolean;
  concurrency: number;
  /** A bound the user set on every check; undefined: each check's own limit (60 s unless it says otherwise). */
  timeoutMs?: number;
  db?: string;
  store: boolean;
  quiet: boolean;
  /** Overwrite report files in --out that an earlier run of this tool did not write. */
  force: boolean;
  /** Reports of other tools to add to the run, `tool:file` each. */
  imports?: string[];
}

/** `tool:file` as given to --import, read into findings before the audit starts, so a bad file fails fast. */
export async function readImports(specs: string[]): Promise<ImportBatch[]> {
  const batches: ImportBatch[] = [];
  for (const spec of specs) {
    const at = spec.indexOf(':');
    if (at <= 0 || at === spec.length - 1)
      throw new InputError(`--import ${spec}: expected <tool>:<file>, e.g. slither:slither.json`);
    batches.push(await importFile(spec.slice(0, at), spec.slice(at + 1)));
  }
  return batches;
}

/**
 * A PDF made from a stored run is recorded there by its SHA-256, so a copy handed to a client can
 * be checked against the run it came from.
 */
export function recordPdfs(store: RunStore | undefined, a: Assessment, written: WrittenReport[], lang: string): void {
  if (!store) return;
  for (const w of written)
    if (w.format === 'pdf') store.recordArtifact(a.run.id, `report.pdf:${lang}`, w.sha256, w.bytes);
}

/** Where a run's results go, opened before the audit starts so a bad --out or --db fails at once. */
export interface Outputs {
  folder: ReportFolder;
  store?: RunStore;
}

export function openOutputs(flags: AuditFlags): Outputs {
  const folder = openReportFolder(flags.out, flags.formats, flags.force);
  return { folder, store: flags.store ? new RunStore(flags.db ?? defaultDbPath()) : undefined };
}

export interface PipelineResult {
  assessment: Assessment;
  paths: string[];
  exitCode: number;
}

/** 1 when a finding at or above --fail-on failed; else 4 when the run is incomplete (unless allowed); else 0. */
export function exitCodeOf(a: Assessment, failOn: Severity | undefined, allowIncomplete: boolean): number {
  if (failOn && a.findings.some((f) => f.status === 'fail' && severityRank(f.severity) >= severityRank(failOn)))
    return EXIT.failing;
  if (!a.coverage.complete && !allowIncomplete) return EXIT.incomplete;
  return EXIT.ok;
}

/** Lazily reads the scope's latest stored run once, and answers per check and target from it. */
function previousRunLookup(db: string, scopeName: string): (checkId: string, targetId: string) => Finding[] {
  let byKey: Map<string, Finding[]> | undefined;
  return (checkId, targetId) => {
    if (!byKey) {
      byKey = new Map();
      const store = new RunStore(db);
      try {
        for (const f of store.latestFindings(scopeName)) {
          const k = `${f.checkId}\0${f.targetId}`;
          byKey.set(k, [...(byKey.get(k) ?? []), f]);
        }
      } finally {
        store.close();
      }
    }
    return byKey.get(`${checkId}\0${targetId}`) ?? [];
  };
}

/** scope → checks → findings → assessment → store → reports, with progress and a closing summary. */
export async function auditScope(
  scope: Scope,
  flags: AuditFlags,
  env: CliEnv,
  signal?: AbortSignal,
  outputsIn?: Outputs,
): Promise<PipelineResult> {
  const fw = loadFrameworks(flags.catalogFiles, flags.frameworks ?? scope.frameworks);
  const checks: Check[] = selectChecks(registry, flags.only, flags.skip, fw.itemsOf);
  if (checks.length === 0) throw new InputError('no check matches --only/--skip');
  const manualFile = flags.manual ?? (scope.manual ? resolve(scope.dir, scope.manual) : undefined);
  const manual: Map<string, ManualAnswer> = manualFile
    ? loadManualAnswers(manualFile, new Set(fw.catalog.byId.keys()))
    : new Map();
  const redactor = redactorFor(scope);
  const imported = await readImports(flags.imports ?? []);
  const outputs = outputsIn ?? openOutputs(flags);
  try {
    return await runAndReport(scope, flags, env, fw, checks, manual, redactor, outputs, imported, signal);
  } finally {
    if (!outputsIn) outputs.store?.close();
  }
}

async function runAndReport(
  scope: Scope,
  flags: AuditFlags,
  env: CliEnv,
  fw: Frameworks,
  checks: Check[],
  manual: Map<string, ManualAnswer>,
  redactor: ReturnType<typeof redactorFor>,
  outputs: Outputs,
  imported: ImportBatch[],
  signal?: AbortSignal,
): Promise<PipelineResult> {
  const started = performance.now();
  const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)}s`;
  const previous = flags.store ? previousRunLookup(flags.db ?? defaultDbPath(), scope.name) : undefined;
  const audited = await runAudit({
    previous,
    scope,
    checks,
    options: { intrusive: flags.intrusive, active: flags.active },
    concurrency: flags.concurrency,
    checkTimeoutMs: flags.timeoutMs,
    signal,
    onProgress: (e) => {
      if (flags.quiet) return;
      const failed = e.findings.filter((x) => x.status === 'fail').length;
      env.progress(
        `[${e.done}/${e.total}] ${elapsed()} ${e.checkId} @ ${e.targetId}${failed ? ` — ${failed} failing` : ''}`,
      );
    },
    onTick: (running, done, total) => {
      if (flags.quiet || running.length === 0) return;
      const longest = [...running].sort((a, b) => b.seconds - a.seconds)[0];
      env.progress(
        `[${done}/${total}] ${elapsed()} running ${running.length}: ${longest.checkId} @ ${longest.targetId} (${longest.seconds}s)`,
      );
    },
    onMessage: (checkId, targetId, m) => !flags.quiet && env.progress(redactor.text(`${checkId} @ ${targetId}: ${m}`)),
  });
  if (signal?.aborted) throw new InterruptedError();
  const run = imported.length ? mergeImports(audited, imported) : audited;
  const metas = [...ENGINE_CHECKS, ...checks.map((c) => c.meta), ...fw.importChecks];
  const assessment = redactor.deep(
    assess(run, fw.catalog, fw.mapping, metas, manual, {
      frameworks: fw.selected,
      toolVersion: TOOL_VERSION,
      targetLocations: targetLocations(scope),
      baseDir: scope.dir,
    }),
  );

  outputs.store?.save(assessment);
  const written = await writeReportFolder(outputs.folder, assessment, { lang: env.lang });
  recordPdfs(outputs.store, assessment, written, env.lang);
  const paths = written.map((w) => w.path);
  if (!flags.quiet) env.err(summaryScreen(assessment, paths, env));
  return { assessment, paths, exitCode: exitCodeOf(assessment, flags.failOn, flags.allowIncomplete) };
}

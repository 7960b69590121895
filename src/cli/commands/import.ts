import type { Command } from 'commander';
import { assess, type Assessment } from '../../assess/assess.js';
import { diffRuns } from '../../assess/diff.js';
import { importCoverage } from '../../catalog/imports.js';
import { registry } from '../../checks/index.js';
import { ENGINE_CHECKS } from '../../engine/run.js';
import { InputError } from '../../errors.js';
import { IMPORTERS, importFile } from '../../importers/index.js';
import { emptyRun, manualOf, mergeImports, runOfAssessment } from '../../importers/merge.js';
import type { Lang, Severity } from '../../model.js';
import { openReportFolder, writeReportFolder, type ReportFormat } from '../../report/write.js';
import { RunStore, defaultDbPath } from '../../store/sqlite.js';
import type { CliEnv } from '../env.js';
import { loadFrameworks } from '../frameworks.js';
import { collect, parseLang, parseReportFormats, parseSeverity } from '../options.js';
import { TOOL_VERSION } from '../../version.js';
import { exitCodeOf, recordPdfs } from '../pipeline.js';
import { summaryScreen } from '../summary.js';

interface ImportFlags {
  coverage?: boolean;
  json?: boolean;
  into?: string;
  scopeName: string;
  target?: string;
  out: string;
  format: ReportFormat[];
  lang?: Lang;
  db?: string;
  store: boolean;
  catalog: string[];
  framework?: string[];
  failOn?: Severity;
  allowIncomplete: boolean;
  quiet: boolean;
}

function coverageText(rows: ReturnType<typeof importCoverage>): string {
  const lines = ['tool         rule ids mapped to an item   patterns   source'];
  for (const r of rows) {
    const pct = r.rules ? Math.round((100 * r.mapped) / r.rules) : 100;
    lines.push(
      `${r.tool.padEnd(12)} ${`${r.mapped}/${r.rules}`.padStart(8)} (${String(pct).padStart(3)} %)            ${String(r.patterns.filter((p) => p.items > 0).length).padStart(3)}/${String(r.patterns.length).padEnd(3)}   ${r.source}`,
    );
    if (r.unmapped.length) lines.push(`${''.padEnd(13)}no item: ${r.unmapped.join(', ')}`);
  }
  return lines.join('\n');
}

export function register(program: Command, env: CliEnv): void {
  program
    .command('import')
    .description("read another tool's report into a run: its results land on the framework items its mapping names")
    .argument('[tool]', `report format: ${IMPORTERS.map((i) => i.tool).join(', ')}`)
    .argument('[file]', 'the report file')
    .option('--coverage', 'print, per tool, how many of its rule ids map to a framework item, and exit')
    .option('--json', 'with --coverage: as JSON')
    .option('--into <run>', 'add to this stored run (id, prefix, latest) instead of the latest run of --scope-name')
    .option('--scope-name <name>', 'the run history the import joins (its latest run is the base)', 'imports')
    .option('--target <id>', 'target id for the imported findings (default import:<tool>)')
    .option('-o, --out <dir>', 'report folder', 'chainaudit-report')
    .option('-f, --format <list>', 'json,md,html,sarif,defectdojo,xlsx,pdf or all (all but pdf)', parseReportFormats, [
      'json',
      'md',
      'html',
      'sarif',
    ])
    .option('--lang <lang>', 'report language: en or zh', parseLang)
    .option('--db <path>', 'history database')
    .option('--no-store', 'do not record the new run in the history database')
    .option('--catalog <file>', 'load an extra framework file of your own (repeatable)', collect, [])
    .option('--framework <ids>', 'assess against these frameworks only', collect)
    .option('--fail-on <severity>', 'exit 1 when a finding of this severity or worse fails', parseSeverity)
    .option('--allow-incomplete', 'exit 0 even when the run is incomplete', false)
    .option('-q, --quiet', 'no summary on stderr', false)
    .addHelpText(
      'after',
      `\nFormats:\n${IMPORTERS.map((i) => `  ${i.tool.padEnd(11)} ${i.describes}`).join('\n')}\n\n` +
        'Importing the same file again adds nothing; a newer report of the same tool replaces the previous one:\n' +
        'what it no longer lists is closed, what comes back is reopened (see `chainaudit diff`).',
    )
    .action(async (tool: string | undefined, file: string | undefined, o: ImportFlags) => {
      if (o.lang) env.lang = o.lang;
      const fw = loadFrameworks(o.catalog, o.framework?.flatMap((f) => f.split(',')).filter(Boolean));
      if (o.coverage) {
        const rows = importCoverage(fw.imports, fw.mapping);
        env.out(o.json ? JSON.stringify(rows, null, 2) : coverageText(rows));
        return;
      }
      if (!tool || !file)
        throw new InputError(
          'import needs a tool and a file, e.g. `chainaudit import slither slither.json` (or --coverage)',
        );
      const batch = await importFile(tool, file, { targetId: o.target });
      const folder = openReportFolder(o.out, o.format);
      const db = o.db ?? defaultDbPath();
      let base: Assessment | undefined;
      let store: RunStore | undefined;
      if (o.store || o.into) {
        store = new RunStore(db);
        base = o.into ? store.get(o.into) : store.latestRun(o.scopeName);
      }
      try {
        const already = base?.run.imports?.find(
          (r) =>
            r.tool === batch.record.tool && r.targetId === batch.record.targetId && r.sha256 === batch.record.sha256,
        );
        if (base && already) {
          env.err(
            `nothing new: ${file} (sha256 ${batch.record.sha256.slice(0, 16)}…) is already in run ${base.run.id} of ${base.run.scopeName}`,
          );
          return;
        }
        const run = mergeImports(base ? runOfAssessment(base) : emptyRun(o.scopeName), [batch]);
        const checks = [...ENGINE_CHECKS, ...registry.map((c) => c.meta), ...fw.importChecks];
        const a = assess(run, fw.catalog, fw.mapping, checks, base ? manualOf(base) : new Map(), {
          frameworks: fw.selected,
          toolVersion: TOOL_VERSION,
          targetLocations: base?.run.targetLocations,
          baseDir: base?.run.baseDir,
        });
        if (base) {
          const ofImport = (x: { checkId: string; targetId: string }) =>
            x.checkId === batch.findings[0]?.checkId && x.targetId === batch.record.targetId;
          const d = diffRuns(base, a);
          const opened = d.new.filter(ofImport);
          const reopened = store!.everFailing(
            a.run.scopeName,
            opened.map((c) => c.fingerprint),
          );
          env.err(
            `${batch.record.tool} on ${batch.record.targetId}: ${opened.length - reopened.size} new, ${reopened.size} reopened, ` +
              `${d.fixed.filter(ofImport).length} closed, ${d.stillFailing.filter(ofImport).length} still open (against run ${base.run.id})`,
          );
        }
        if (o.store) store!.save(a);
        const written = await writeReportFolder(folder, a, { lang: env.lang });
        if (o.store) recordPdfs(store, a, written, env.lang);
        if (!o.quiet)
          env.err(
            summaryScreen(
              a,
              written.map((w) => w.path),
              env,
            ),
          );
        env.setExitCode(exitCodeOf(a, o.failOn, o.allowIncomplete));
      } finally {
        store?.close();
      }
    });
}

import type { Command } from 'commander';
import { loadScope } from '../../scope/load.js';
import type { CliEnv } from '../env.js';
import { auditScope, type AuditFlags } from '../pipeline.js';
import { collect, parseLang, parsePositiveInt, parseReportFormats, parseSeverity } from '../options.js';
import { withInterrupt } from '../interrupt.js';
import { preparePush, pushRun } from '../push.js';

/** Options shared by `audit` and `demo`. */
export function addAuditOptions(cmd: Command, defaultOut: string): Command {
  return cmd
    .option(
      '-o, --out <dir>',
      'report folder; a folder used before keeps only the new run (the files an earlier run wrote there are replaced, nothing else is touched)',
      defaultOut,
    )
    .option('--force', 'overwrite report files in --out that chainaudit did not write there', false)
    .option(
      '-f, --format <list>',
      'report formats: json,md,html,sarif,defectdojo,xlsx,pdf or all (all but pdf)',
      parseReportFormats,
      ['json', 'md', 'html', 'sarif'],
    )
    .option('--lang <lang>', 'report language: en or zh', parseLang)
    .option(
      '--fail-on <severity>',
      'exit 1 when a finding of this severity or worse fails (info|low|medium|high|critical)',
      parseSeverity,
    )
    .option(
      '--allow-incomplete',
      'exit 0 even when the run could not look at everything (unreachable targets, errored checks)',
      false,
    )
    .option(
      '--only <patterns>',
      'run only checks matching a check id, catalog item id or tag (glob, repeatable)',
      collect,
      [],
    )
    .option(
      '--skip <patterns>',
      'skip checks matching a check id, catalog item id or tag (glob, repeatable)',
      collect,
      [],
    )
    .option('--manual <file>', 'manual answers file (see `chainaudit manual template`)')
    .option(
      '--framework <ids>',
      'assess against these frameworks only (see `chainaudit catalog --frameworks`)',
      collect,
    )
    .option('--catalog <file>', 'load an extra framework file of your own (repeatable)', collect, [])
    .option('--intrusive', 'also run intrusive probes (malformed and oversized requests)', false)
    .option(
      '--active',
      'also run active tests (submit transactions, stop managed nodes); refused on public mainnets',
      false,
    )
    .option('--concurrency <n>', 'checks running at once', parsePositiveInt, 8)
    .option(
      '--timeout <ms>',
      'time limit for every check, intrusive probes included (default: each check its own, 60000 for most)',
      parsePositiveInt,
    )
    .option(
      '--import <tool:file>',
      "add another tool's report to the run (e.g. slither:slither.json; repeatable; see `chainaudit import --help`)",
      (v: string, prev: string[] = []) => [...prev, v],
      [],
    )
    .option('--db <path>', 'history database (default $CHAINAUDIT_DB or ~/.local/share/chainaudit/history.db)')
    .option('--no-store', 'do not record the run in the history database')
    .option('-q, --quiet', 'no progress or summary on stderr', false);
}

export type RawFlags = Omit<AuditFlags, 'timeoutMs' | 'catalogFiles' | 'frameworks' | 'formats' | 'imports'> & {
  import?: string[];
  format: AuditFlags['formats'];
  timeout?: number;
  catalog: string[];
  framework?: string[];
  lang?: 'en' | 'zh';
};

export function toAuditFlags(o: RawFlags): AuditFlags {
  return {
    out: o.out,
    formats: o.format,
    failOn: o.failOn,
    allowIncomplete: o.allowIncomplete,
    only: o.only,
    skip: o.skip,
    manual: o.manual,
    frameworks: o.framework?.flatMap((f) => f.split(',')).filter(Boolean),
    catalogFiles: o.catalog,
    intrusive: o.intrusive,
    active: o.active,
    concurrency: o.concurrency,
    timeoutMs: o.timeout,
    db: o.db,
    store: o.store,
    quiet: o.quiet,
    force: o.force,
    imports: o.import ?? [],
  };
}

export function register(program: Command, env: CliEnv): void {
  const cmd = program
    .command('audit')
    .description('audit the system a scope file describes and write the report folder')
    .argument('<scope>', 'scope YAML file (targets: nodes, hosts, configs, contracts, logs, ledgers …)')
    .addHelpText(
      'after',
      '\nExit codes: 0 done, 1 a finding at or above --fail-on failed, 2 bad input, 3 internal error,\n' +
        '4 incomplete: a target could not be reached or read, or a check could not finish (--allow-incomplete: 0).',
    );
  addAuditOptions(cmd, 'chainaudit-report')
    .option('--push <url>', 'upload the run to a chainaudit server project (token in $CHAINAUDIT_TOKEN)')
    .action(async (scopeFile: string, raw: RawFlags & { push?: string }) => {
      if (raw.lang) env.lang = raw.lang;
      const push = raw.push ? preparePush(raw.push) : undefined;
      const scope = loadScope(scopeFile);
      const result = await withInterrupt(env, (signal) => auditScope(scope, toAuditFlags(raw), env, signal));
      if (push) {
        const r = await pushRun(push, result.assessment);
        env.err(
          r.duplicate
            ? `pushed: the server had this run already (${r.runId})`
            : `pushed run ${r.runId}: ${r.created} new findings, ${r.regressed} regressions, ${r.verified} verified`,
        );
      }
      env.setExitCode(result.exitCode);
    });
}

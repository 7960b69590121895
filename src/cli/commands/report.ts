import type { Command } from 'commander';
import type { Lang } from '../../model.js';
import { writeReports, type ReportFormat, renderReport } from '../../report/write.js';
import type { CliEnv } from '../env.js';
import { parseLang, parseReportFormats } from '../options.js';
import { openStore } from './history.js';

export function register(program: Command, env: CliEnv): void {
  program
    .command('report')
    .description('re-render a stored run, the same files its audit wrote')
    .argument('<run>', 'run id (or prefix, or latest)')
    .option('-f, --format <list>', 'json,md,html,sarif or all', parseReportFormats, ['md'])
    .option('-o, --out <dir>', 'write files into this folder instead of printing (replaces an earlier run there)')
    .option('--force', 'overwrite report files in --out that chainaudit did not write there', false)
    .option('--lang <lang>', 'en or zh', parseLang)
    .option('--db <path>', 'history database')
    .action((ref: string, o: { format: ReportFormat[]; out?: string; force: boolean; lang?: Lang; db?: string }) => {
      const store = openStore(o.db);
      try {
        const a = store.get(ref);
        const ctx = { lang: o.lang ?? env.lang };
        if (o.out) for (const p of writeReports(o.out, a, o.format, ctx, o.force)) env.err(`wrote ${p}`);
        else for (const f of o.format) env.out(renderReport(a, f, ctx));
      } finally {
        store.close();
      }
    });
}

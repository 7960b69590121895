import type { Command } from 'commander';
import { registry } from '../../checks/index.js';
import type { Lang } from '../../model.js';
import { writeReports, type ReportFormat, renderReport } from '../../report/write.js';
import type { CliEnv } from '../env.js';
import { TOOL_VERSION } from '../pipeline.js';
import { parseLang, parseReportFormats } from '../options.js';
import { openStore } from './history.js';

export function register(program: Command, env: CliEnv): void {
  program
    .command('report')
    .description('re-render a stored run')
    .argument('<run>', 'run id (or prefix, or latest)')
    .option('-f, --format <list>', 'json,md,html,sarif or all', parseReportFormats, ['md'])
    .option('-o, --out <dir>', 'write files into this folder instead of printing')
    .option('--lang <lang>', 'en or zh', parseLang)
    .option('--db <path>', 'history database')
    .action((ref: string, o: { format: ReportFormat[]; out?: string; lang?: Lang; db?: string }) => {
      const store = openStore(o.db);
      try {
        const a = store.get(ref);
        const ctx = { checks: registry.map((c) => c.meta), lang: o.lang ?? env.lang, toolVersion: TOOL_VERSION };
        if (o.out) for (const p of writeReports(o.out, a, o.format, ctx)) env.err(`wrote ${p}`);
        else for (const f of o.format) env.out(renderReport(a, f, ctx));
      } finally {
        store.close();
      }
    });
}

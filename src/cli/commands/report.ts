import type { Command } from 'commander';
import { InputError } from '../../errors.js';
import type { Lang } from '../../model.js';
import { isBinaryFormat, renderReport, writeReports, type ReportFormat } from '../../report/write.js';
import type { CliEnv } from '../env.js';
import { parseLang, parseReportFormats } from '../options.js';
import { recordPdfs } from '../pipeline.js';
import { openStore } from './history.js';

export function register(program: Command, env: CliEnv): void {
  program
    .command('report')
    .description('re-render a stored run, the same files its audit wrote')
    .argument('<run>', 'run id (or prefix, or latest)')
    .option('-f, --format <list>', 'json,md,html,sarif,defectdojo,xlsx,pdf or all (all but pdf)', parseReportFormats, [
      'md',
    ])
    .option('-o, --out <dir>', 'write files into this folder instead of printing (replaces an earlier run there)')
    .option('--force', 'overwrite report files in --out that chainaudit did not write there', false)
    .option('--lang <lang>', 'en or zh', parseLang)
    .option('--db <path>', 'history database')
    .action(
      async (ref: string, o: { format: ReportFormat[]; out?: string; force: boolean; lang?: Lang; db?: string }) => {
        const store = openStore(o.db);
        try {
          const a = store.get(ref);
          const ctx = { lang: o.lang ?? env.lang };
          if (o.out) {
            const written = await writeReports(o.out, a, o.format, ctx, o.force);
            recordPdfs(store, a, written, ctx.lang);
            for (const w of written)
              env.err(
                `wrote ${w.path}${w.format === 'pdf' ? ` (sha256 ${w.sha256}, recorded with run ${a.run.id})` : ''}`,
              );
            return;
          }
          const binary = o.format.filter(isBinaryFormat);
          if (binary.length)
            throw new InputError(`${binary.join(', ')}: binary formats are written to a folder; add --out <dir>`);
          for (const f of o.format) if (!isBinaryFormat(f)) env.out(renderReport(a, f, ctx));
        } finally {
          store.close();
        }
      },
    );
}

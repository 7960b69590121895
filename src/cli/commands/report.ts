import type { Command } from 'commander';
import type { Lang } from '../../model.js';
import { InputError } from '../../errors.js';
import { isBinaryFormat, renderReport, type ReportFormat } from '../../report/write.js';
import { defaultDbPath } from '../../store/sqlite.js';
import type { CliEnv } from '../env.js';
import { writeRunReports } from '../pipeline.js';
import { parseLang, parseReportFormats } from '../options.js';
import { openStore } from './history.js';

export function register(program: Command, env: CliEnv): void {
  program
    .command('report')
    .description('re-render a stored run')
    .argument('<run>', 'run id (or prefix, or latest)')
    .option('-f, --format <list>', 'json,md,html,sarif,defectdojo,xlsx,pdf or all (all but pdf)', parseReportFormats, [
      'md',
    ])
    .option('-o, --out <dir>', 'write files into this folder instead of printing')
    .option('--lang <lang>', 'en or zh', parseLang)
    .option('--db <path>', 'history database')
    .action(async (ref: string, o: { format: ReportFormat[]; out?: string; lang?: Lang; db?: string }) => {
      const store = openStore(o.db);
      let a;
      try {
        a = store.get(ref);
      } finally {
        store.close();
      }
      const lang = o.lang ?? env.lang;
      if (o.out) {
        for (const w of await writeRunReports(a, o.out, o.format, lang, o.db ?? defaultDbPath()))
          env.err(`wrote ${w.path}${w.format === 'pdf' ? ` (sha256 ${w.sha256}, recorded with run ${a.run.id})` : ''}`);
        return;
      }
      const binary = o.format.filter(isBinaryFormat);
      if (binary.length)
        throw new InputError(`${binary.join(', ')}: binary formats are written to a folder; add --out <dir>`);
      for (const f of o.format) if (!isBinaryFormat(f)) env.out(renderReport(a, f, { lang }));
    });
}

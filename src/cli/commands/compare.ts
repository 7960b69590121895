import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { InputError } from '../../errors.js';
import { renderXlsx } from '../../report/xlsx.js';
import { COMPARE_FRAMEWORK, compareRuns } from '../../assess/compare.js';
import { pick, type Lang } from '../../model.js';
import { mdCell } from '../../report/markdown.js';
import type { CliEnv } from '../env.js';
import { choice, parseLang } from '../options.js';
import { openStore } from './history.js';

export function register(program: Command, env: CliEnv): void {
  program
    .command('compare')
    .description("one framework's items × several audited chains (default: the 28 blockchain evaluation items)")
    .argument('<runs...>', 'run ids (or prefixes)')
    .option(
      '--framework <id>',
      'framework whose items form the rows (one the runs were assessed against)',
      COMPARE_FRAMEWORK,
    )
    .option('--reference', 'add the published Bitcoin / Ethereum / Fabric results as reference columns')
    .option(
      '--format <format>',
      "table, md, json or xlsx (the workbook: the comparison, then the first run's evaluation sheets)",
      choice(['table', 'md', 'json', 'xlsx'] as const),
      'table',
    )
    .option('-o, --out <file>', 'with --format xlsx: the workbook to write')
    .option('--lang <lang>', 'en or zh', parseLang)
    .option('--db <path>', 'history database')
    .action(
      async (
        refs: string[],
        o: { reference?: boolean; framework: string; format: string; lang?: Lang; db?: string; out?: string },
      ) => {
        const lang = o.lang ?? env.lang;
        const store = openStore(o.db);
        try {
          const runs = refs.map((r) => store.get(r));
          const cmp = compareRuns(runs, o.reference, o.framework);
          if (o.format === 'xlsx') {
            if (!o.out) throw new InputError('--format xlsx writes a workbook: add --out <file.xlsx>');
            const data = await renderXlsx(runs[0], lang, { compareWith: runs.slice(1), compareFramework: o.framework });
            writeFileSync(o.out, data);
            env.err(`wrote ${o.out}`);
            return;
          }
          if (o.format === 'json') return env.out(JSON.stringify(cmp, null, 2));
          const head = [
            lang === 'zh' ? '类别' : 'Layer',
            lang === 'zh' ? '测评项' : 'Item',
            ...cmp.columns.map((c) => c.title),
          ];
          const rows = cmp.rows.map((r) => [
            `${pick(r.layer, lang)} · ${pick(r.category, lang)}`,
            pick(r.title, lang),
            ...r.marks,
          ]);
          const total = [lang === 'zh' ? '达标个数' : 'Qualified items', '', ...cmp.qualified.map(String)];
          if (o.format === 'md') {
            env.out(
              [
                `| ${head.map(mdCell).join(' | ')} |`,
                `|${head.map(() => '---').join('|')}|`,
                ...[...rows, total].map((r) => `| ${r.map(mdCell).join(' | ')} |`),
              ].join('\n'),
            );
            return;
          }
          const widths = head.map((_, i) => Math.min(48, Math.max(...[head, ...rows, total].map((r) => r[i].length))));
          const fmt = (r: string[]) => r.map((c, i) => c.slice(0, widths[i]).padEnd(widths[i])).join('  ');
          env.out([fmt(head), ...rows.map(fmt), fmt(total)].join('\n'));
        } finally {
          store.close();
        }
      },
    );
}

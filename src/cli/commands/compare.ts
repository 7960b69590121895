import type { Command } from 'commander';
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
    .option('--format <format>', 'table, md or json', choice(['table', 'md', 'json'] as const), 'table')
    .option('--lang <lang>', 'en or zh', parseLang)
    .option('--db <path>', 'history database')
    .action(
      (refs: string[], o: { reference?: boolean; framework: string; format: string; lang?: Lang; db?: string }) => {
        const lang = o.lang ?? env.lang;
        const store = openStore(o.db);
        try {
          const cmp = compareRuns(
            refs.map((r) => store.get(r)),
            o.reference,
            o.framework,
          );
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

import type { Command } from 'commander';
import { registry } from '../../checks/index.js';
import { mdCell } from '../../report/markdown.js';
import type { CliEnv } from '../env.js';
import { selectChecks } from '../../engine/select.js';
import { loadFrameworks } from '../frameworks.js';
import { choice, collect } from '../options.js';

export function register(program: Command, env: CliEnv): void {
  program
    .command('checks')
    .description('list the checks with their metadata')
    .option('--only <patterns>', 'checks matching a check id, catalog item id or tag (glob)', collect, [])
    .option('--kind <kind>', 'checks for this target kind')
    .option('--format <format>', 'table, json or md', choice(['table', 'json', 'md'] as const), 'table')
    .option('--catalog <file>', 'load an extra framework file of your own (repeatable)', collect, [])
    .action((o: { only: string[]; kind?: string; format: string; catalog: string[] }) => {
      const fw = loadFrameworks(o.catalog);
      const checks = selectChecks(registry, o.only, [], fw.itemsOf).filter(
        (c) => !o.kind || (c.meta.targetKinds as string[]).includes(o.kind),
      );
      if (o.format === 'json')
        return env.out(
          JSON.stringify(
            checks.map((c) => ({ ...c.meta, assesses: fw.itemsOf(c.meta.id) })),
            null,
            2,
          ),
        );
      if (o.format === 'md') {
        return env.out(
          [
            '| id | title | targets | severity | level | items |',
            '|---|---|---|---|---|---|',
            ...checks.map(
              (c) =>
                `| ${[c.meta.id, c.meta.title, c.meta.targetKinds.join(', '), c.meta.severity, c.meta.level, fw.itemsOf(c.meta.id).join(', ')].map(mdCell).join(' | ')} |`,
            ),
          ].join('\n'),
        );
      }
      env.out(
        checks
          .map(
            (c) =>
              `${c.meta.id.padEnd(40)} ${c.meta.severity.padEnd(8)} ${c.meta.level.padEnd(9)} ${c.meta.targetKinds.join(',').padEnd(14)} ${c.meta.title}`,
          )
          .join('\n'),
      );
      env.err(`${checks.length} checks`);
    });
}

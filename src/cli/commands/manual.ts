import { statSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { manualTemplate } from '../../assess/manual.js';
import { frameworkItems } from '../../catalog/load.js';
import { loadScope } from '../../scope/load.js';
import { InputError, errorMessage } from '../../errors.js';
import type { CliEnv } from '../env.js';
import { loadFrameworks } from '../frameworks.js';
import { collect } from '../options.js';

export function register(program: Command, env: CliEnv): void {
  const manual = program.command('manual').description('manual answers for items no check can assess');
  manual
    .command('template')
    .description('write a manual-answers file listing every item that needs an assessor, with its procedure')
    .argument('<scope>', 'scope YAML file')
    .option('-o, --out <file>', 'write to a file instead of stdout (an existing file is kept unless --force)')
    .option('--force', 'overwrite the --out file, answers and all', false)
    .option('--all', 'include items that checks also assess (to record an assessor verdict over them)')
    .option('--framework <ids>', 'only these frameworks', collect)
    .option('--catalog <file>', 'load an extra framework file of your own (repeatable)', collect, [])
    .action(
      (
        scopeFile: string,
        o: { out?: string; force: boolean; all?: boolean; framework?: string[]; catalog: string[] },
      ) => {
        const scope = loadScope(scopeFile);
        const fw = loadFrameworks(o.catalog, o.framework ?? scope.frameworks);
        const items = frameworkItems(fw.catalog, fw.selected).filter(
          (i) => o.all || (fw.mapping.refsByItem.get(i.id) ?? []).length === 0,
        );
        const text = manualTemplate(items, scope.name);
        if (o.out) {
          const existing = statSync(o.out, { throwIfNoEntry: false });
          if (existing && !existing.isFile()) throw new InputError(`${o.out}: not a regular file`);
          if (existing && !o.force)
            throw new InputError(
              `${o.out} already exists and may hold answers; choose another file or add --force to overwrite it`,
            );
          try {
            writeFileSync(o.out, text);
          } catch (err) {
            throw new InputError(`cannot write ${o.out}: ${errorMessage(err)}`);
          }
          env.err(`wrote ${items.length} items to ${o.out}`);
        } else env.out(text);
      },
    );
}

import type { Command } from 'commander';
import { diffRuns, type FindingChange, type ItemChange } from '../../assess/diff.js';
import type { CliEnv } from '../env.js';
import { choice } from '../options.js';
import { openStore } from './history.js';

function line(c: FindingChange): string {
  const b = c.before ? `${c.before.status}/${c.before.severity}` : '—';
  const a = c.after ? `${c.after.status}/${c.after.severity}` : '—';
  return `  ${c.checkId} @ ${c.targetId}: ${c.title} (${b} → ${a})`;
}

function itemLine(c: ItemChange): string {
  return `  ${c.id} (${c.framework}): ${c.title.en} (${c.before ?? '—'} → ${c.after ?? '—'})`;
}

export function register(program: Command, env: CliEnv): void {
  program
    .command('diff')
    .description('what changed between two runs: new, fixed, still failing, changed')
    .argument('<runA>', 'earlier run id (or prefix, or latest~1)')
    .argument('<runB>', 'later run id (or prefix, or latest)')
    .option('--db <path>', 'history database')
    .option('--format <format>', 'text or json', choice(['text', 'json'] as const), 'text')
    .option('--fail-on-new', 'exit 1 when the later run has new failures')
    .action((runA: string, runB: string, o: { db?: string; format: string; failOnNew?: boolean }) => {
      const store = openStore(o.db);
      try {
        const d = diffRuns(store.get(runA), store.get(runB));
        if (o.format === 'json') env.out(JSON.stringify(d, null, 2));
        else {
          const sections: [string, FindingChange[]][] = [
            ['new', d.new],
            ['fixed', d.fixed],
            ['still failing', d.stillFailing],
            ['changed', d.changed],
            ['not re-checked', d.notRechecked],
          ];
          env.out(
            [
              `${d.from} → ${d.to}`,
              ...sections.flatMap(([name, list]) => [`${name}: ${list.length}`, ...list.map(line)]),
              `item verdicts changed: ${d.items.length}`,
              ...d.items.map(itemLine),
            ].join('\n'),
          );
        }
        if (o.failOnNew && d.new.length) env.setExitCode(1);
      } finally {
        store.close();
      }
    });
}

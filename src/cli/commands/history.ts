import type { Command } from 'commander';
import { RunStore, defaultDbPath } from '../../store/sqlite.js';
import type { CliEnv } from '../env.js';
import { choice, parsePositiveInt } from '../options.js';

export function openStore(db?: string): RunStore {
  return new RunStore(db ?? defaultDbPath());
}

export function register(program: Command, env: CliEnv): void {
  program
    .command('history')
    .description('list stored runs, newest first')
    .option('--limit <n>', 'how many runs', parsePositiveInt, 20)
    .option('--scope <name>', 'only runs of this scope name')
    .option('--db <path>', 'history database')
    .option('--format <format>', 'table or json', choice(['table', 'json'] as const), 'table')
    .action((o: { limit: number; scope?: string; db?: string; format: string }) => {
      const store = openStore(o.db);
      try {
        const rows = store.list(o.limit, o.scope);
        if (o.format === 'json') return env.out(JSON.stringify(rows, null, 2));
        if (rows.length === 0) return env.err(`no runs in ${store.path}`);
        env.out(
          rows
            .map(
              (r) =>
                `${r.id}  ${r.started}  ${String(r.score ?? '—').padStart(5)}  ${r.band.padEnd(10)} ${String(r.failing).padStart(4)} failing  ${r.scopeName}`,
            )
            .join('\n'),
        );
      } finally {
        store.close();
      }
    });
}

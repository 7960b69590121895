import type { Command } from 'commander';
import type { CliEnv } from '../env.js';

export type CommandModule = { register(program: Command, env: CliEnv): void };

/**
 * Every subcommand, in the order `--help` lists them. Each is loaded when it is invoked, so a quick
 * command does not pay for the checks, the report renderers or the server.
 */
export const COMMANDS: Record<string, () => Promise<CommandModule>> = {
  demo: () => import('./demo.js'),
  audit: () => import('./audit.js'),
  web: () => import('./web.js'),
  catalog: () => import('./catalog.js'),
  checks: () => import('./checks.js'),
  history: () => import('./history.js'),
  diff: () => import('./diff.js'),
  report: () => import('./report.js'),
  import: () => import('./import.js'),
  compare: () => import('./compare.js'),
  manual: () => import('./manual.js'),
  secrets: () => import('./secrets.js'),
  contracts: () => import('./contracts.js'),
  ledger: () => import('./ledger.js'),
  serve: () => import('./serve.js'),
  worker: () => import('./worker.js'),
};

/** The invoked command's module alone; none for --version; every module for help or an unknown name. */
export async function commandsFor(argv: readonly string[]): Promise<CommandModule[]> {
  const args = argv.slice(2);
  const name = args.find((a) => !a.startsWith('-'));
  if (!name && (args.includes('-V') || args.includes('--version'))) return [];
  const names = name && name in COMMANDS ? [name] : Object.keys(COMMANDS);
  return Promise.all(names.map((n) => COMMANDS[n]()));
}

import type { Command } from 'commander';
import type { CliEnv } from '../env.js';
import * as audit from './audit.js';
import * as demo from './demo.js';
import * as catalog from './catalog.js';
import * as checks from './checks.js';
import * as history from './history.js';
import * as diff from './diff.js';
import * as report from './report.js';
import * as compare from './compare.js';
import * as manual from './manual.js';
import * as secrets from './secrets.js';
import * as contracts from './contracts.js';
import * as ledger from './ledger.js';
import * as web from './web.js';
import * as serve from './serve.js';
import * as worker from './worker.js';
import * as importCmd from './import.js';

export type CommandModule = { register(program: Command, env: CliEnv): void };

/** Every subcommand, in the order `--help` lists them. */
export const commands: CommandModule[] = [
  demo,
  audit,
  web,
  catalog,
  checks,
  history,
  diff,
  report,
  importCmd,
  compare,
  manual,
  secrets,
  contracts,
  ledger,
  serve,
  worker,
];

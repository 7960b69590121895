import { Command, CommanderError } from 'commander';
import { InputError, InterruptedError, errorMessage } from '../errors.js';
import { processEnv, type CliEnv } from './env.js';
import { commandsFor, type CommandModule } from './commands/index.js';
import { TOOL_VERSION } from '../version.js';

export function buildProgram(env: CliEnv, commands: CommandModule[]): Command {
  const program = new Command()
    .name('chainaudit')
    .description(
      'Audit a blockchain system end to end against a consortium-chain audit catalog and the 等保2.0 level-3 blockchain items.',
    )
    .version(TOOL_VERSION)
    .showHelpAfterError('(add --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => env.out(s.trimEnd()), writeErr: (s) => env.err(s.trimEnd()) });
  for (const c of commands) c.register(program, env);
  program.addHelpText(
    'after',
    '\nStart with `chainaudit demo` (audits a local node it starts itself and files it ships), then write a scope\n' +
      'listing your own targets (see `chainaudit audit --help`) and run `chainaudit audit scope.yaml`.\n' +
      'Exit codes: 0 done, 1 failing findings at or above --fail-on, 2 bad input, 3 internal error,\n' +
      '4 incomplete run (a target unreachable or unreadable, a check errored), 130 interrupted.',
  );
  return program;
}

/** Runs the CLI and returns the exit code; errors never escape as stack traces. */
export async function main(argv: string[], env: CliEnv = processEnv()): Promise<number> {
  let code = 0;
  const tracked: CliEnv = {
    ...env,
    setExitCode: (c) => {
      code = Math.max(code, c);
    },
  };
  try {
    const program = buildProgram(tracked, await commandsFor(argv));
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      return err.exitCode === 0 || err.code === 'commander.helpDisplayed' || err.code === 'commander.version' ? 0 : 2;
    }
    if (err instanceof InterruptedError) {
      env.err('chainaudit: interrupted; nothing was stored');
      return 130;
    }
    if (err instanceof InputError) {
      env.err(`chainaudit: ${err.message}`);
      return 2;
    }
    env.err(`chainaudit: internal error: ${errorMessage(err)}`);
    if (process.env.CHAINAUDIT_DEBUG) env.err(String((err as Error).stack));
    return 3;
  }
  return code;
}

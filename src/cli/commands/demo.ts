import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { startAnvil } from '../../nodes/anvil.js';
import { loadScope } from '../../scope/load.js';
import type { Scope } from '../../scope/schema.js';
import type { CliEnv } from '../env.js';
import { auditScope } from '../pipeline.js';
import { withInterrupt } from '../interrupt.js';
import { addAuditOptions, toAuditFlags, type RawFlags } from './audit.js';

export const DEMO_SCOPE = fileURLToPath(new URL('../../../examples/demo/scope.yaml', import.meta.url));

/** The demo scope with its node entry pointed at the node the demo just started. */
export function demoScope(rpcUrl: string): Scope {
  const scope = loadScope(DEMO_SCOPE);
  return {
    ...scope,
    targets: scope.targets.map((t) => (t.kind === 'evm-node' && t.id === 'demo-node' ? { ...t, rpc: rpcUrl } : t)),
  };
}

export function register(program: Command, env: CliEnv): void {
  const cmd = program
    .command('demo')
    .description(
      'start a real local Ethereum node (anvil, from npm), audit it and the demo files, write a report folder',
    )
    .addHelpText(
      'after',
      `\nThe demo scope is ${DEMO_SCOPE}; the node is stopped again when the audit ends or on Ctrl-C.`,
    );
  addAuditOptions(cmd, 'chainaudit-demo-report').action(async (raw: RawFlags) => {
    if (raw.lang) env.lang = raw.lang;
    const flags = toAuditFlags(raw);
    if (!flags.quiet) env.progress('starting a local anvil node…');
    const node = await startAnvil({ chainId: 31337 });
    try {
      if (!flags.quiet) env.err(`started anvil at ${node.url} (pid ${node.pid ?? '—'})`);
      const result = await withInterrupt(
        env,
        (signal) => auditScope(demoScope(node.url), flags, env, signal),
        () => node.stop(),
      );
      env.setExitCode(result.exitCode);
    } finally {
      await node.stop();
      if (!flags.quiet) env.err('stopped the demo node');
    }
  });
}

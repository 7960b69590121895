import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { startAnvil } from '../../nodes/anvil.js';
import { startDemoWeb, type DemoWeb } from '../../nodes/demo-web.js';
import { loadScope } from '../../scope/load.js';
import type { Scope } from '../../scope/schema.js';
import type { CliEnv } from '../env.js';
import { auditScope, openOutputs } from '../pipeline.js';
import { withInterrupt } from '../interrupt.js';
import { addAuditOptions, toAuditFlags, type RawFlags } from './audit.js';

export const DEMO_SCOPE = fileURLToPath(new URL('../../../examples/demo/scope.yaml', import.meta.url));

/** The demo scope with its node and front-end entries pointed at what the demo just started. */
export function demoScope(rpcUrl: string, web?: DemoWeb): Scope {
  const scope = loadScope(DEMO_SCOPE);
  return {
    ...scope,
    targets: scope.targets
      .map((t) => (t.kind === 'evm-node' && t.id === 'demo-node' ? { ...t, rpc: rpcUrl } : t))
      .map((t) =>
        t.kind === 'web' && t.id === 'demo-web' && web ? { ...t, url: web.httpsUrl, urls: [web.httpUrl] } : t,
      )
      .filter((t) => t.kind !== 'web' || web),
  };
}

export function register(program: Command, env: CliEnv): void {
  const cmd = program
    .command('demo')
    .description(
      'start a real local Ethereum node (anvil, from npm) and a demo wallet front end, audit them and the demo files, write a report folder',
    )
    .addHelpText(
      'after',
      `\nThe demo scope is ${DEMO_SCOPE}; the node is stopped again when the audit ends or on Ctrl-C.`,
    );
  addAuditOptions(cmd, 'chainaudit-demo-report').action(async (raw: RawFlags) => {
    if (raw.lang) env.lang = raw.lang;
    const flags = toAuditFlags(raw);
    const outputs = openOutputs(flags);
    try {
      if (!flags.quiet) env.progress('starting a local anvil node…');
      const node = await startAnvil({ chainId: 31337 });
      let web: DemoWeb | undefined;
      try {
        web = await startDemoWeb(node.url);
        // Reported once both are up: the interrupt handler that stops them is installed right after.
        if (!flags.quiet) env.err(`started anvil at ${node.url} (pid ${node.pid ?? '—'})`);
        if (!flags.quiet) env.err(`serving the demo wallet front end at ${web.httpsUrl} and ${web.httpUrl}`);
        const result = await withInterrupt(
          env,
          (signal) => auditScope(demoScope(node.url, web), flags, env, signal, outputs),
          async () => {
            await web?.stop();
            await node.stop();
          },
        );
        env.setExitCode(result.exitCode);
      } finally {
        await web?.stop();
        await node.stop();
        if (!flags.quiet) env.err('stopped the demo node');
      }
    } finally {
      outputs.store?.close();
    }
  });
}

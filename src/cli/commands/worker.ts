import type { Command } from 'commander';
import { InputError } from '../../errors.js';
import type { CliEnv } from '../env.js';
import { parsePositiveInt } from '../options.js';
import { PUSH_TOKEN_ENV } from '../push.js';
import { TOOL_VERSION } from '../../version.js';

export function register(program: Command, env: CliEnv): void {
  program
    .command('worker')
    .description('run monitoring jobs for a chainaudit server: pulls jobs over outbound HTTPS, needs no open port')
    .requiredOption(
      '--server <url>',
      'the server (repeat for replicas: tried in turn)',
      (v: string, prev: string[] = []) => [...prev, v],
    )
    .option('--token <token>', `API token with the worker scope (or $${PUSH_TOKEN_ENV})`)
    .option(
      '--label <name=value>',
      'a label targets can require (repeatable), e.g. --label zone=org-b',
      (v: string, prev: Record<string, string>) => parseLabelLazy(v, prev),
      {},
    )
    .option('--name <name>', 'how the server lists this worker (default: host name and process id)')
    .option('--jobs <n>', 'jobs run at once', parsePositiveInt, 1)
    .option('--concurrency <n>', 'checks running at once within a job', parsePositiveInt, 8)
    .option('--poll <ms>', 'pause between asks when there is no work', parsePositiveInt, 2000)
    .option('--allow-http', 'allow plain http to a server off this machine (test networks only)', false)
    .action(
      async (o: {
        server: string[];
        token?: string;
        label: Record<string, string>;
        name?: string;
        jobs: number;
        concurrency: number;
        poll: number;
        allowHttp: boolean;
      }) => {
        const { Worker, checkServerUrl, defaultWorkerName } = await import('../../worker/run.js');
        const servers = o.server.map((s) => checkServerUrl(s, o.allowHttp));
        const token = o.token ?? process.env[PUSH_TOKEN_ENV];
        if (!token) throw new InputError(`worker needs --token or $${PUSH_TOKEN_ENV} (a token with the worker scope)`);
        const stop = new AbortController();
        const onSignal = () => {
          env.err('worker stopping: the running job goes back to the queue');
          stop.abort();
        };
        process.once('SIGINT', onSignal);
        process.once('SIGTERM', onSignal);
        const name = o.name ?? defaultWorkerName();
        const labels = Object.entries(o.label)
          .map(([k, v]) => `${k}=${v}`)
          .join(',');
        env.err(`chainaudit worker ${name} (${labels || 'no labels'}) asking ${servers.join(', ')}`);
        try {
          await new Worker({
            servers,
            token,
            name,
            labels: o.label,
            jobs: o.jobs,
            pollMs: o.poll,
            checkConcurrency: o.concurrency,
            version: TOOL_VERSION,
            log: (line) => env.err(line),
            signal: stop.signal,
          }).run();
        } finally {
          process.off('SIGINT', onSignal);
          process.off('SIGTERM', onSignal);
        }
      },
    );
}

function parseLabelLazy(v: string, prev: Record<string, string>): Record<string, string> {
  const m = /^([A-Za-z0-9._-]{1,40})=([A-Za-z0-9._-]{1,80})$/.exec(v);
  if (!m) throw new InputError(`--label ${v}: expected name=value (letters, digits, ".", "_", "-")`);
  return { ...prev, [m[1]]: m[2] };
}

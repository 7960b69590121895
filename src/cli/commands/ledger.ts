import { Command, InvalidArgumentError } from 'commander';
import { InputError } from '../../errors.js';
import { maskUrl } from '../../mask.js';
import { LEDGER_SOURCE_FORMATS, verifyLedger, type LedgerFormat } from '../../analyzers/ledger/index.js';
import { reportToJson, renderMarkdown, renderText } from '../../analyzers/ledger/render.js';
import { LedgerInputError } from '../../analyzers/ledger/types.js';
import { rpcClientFor } from '../../analyzers/ledger/rpc.js';
import { choice } from '../options.js';
import type { CliEnv } from '../env.js';

function height(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a block height (whole number ≥ 0)');
  return n;
}

export function register(program: Command, env: CliEnv): void {
  const ledger = program
    .command('ledger')
    .description('Ledger integrity: verify Bitcoin, Ethereum and Fabric ledgers block by block');
  ledger
    .command('verify <source>')
    .description('Verify every block of a ledger file, folder or node range; exit 1 if any block fails')
    .option(
      '--format <format>',
      `${LEDGER_SOURCE_FORMATS.join('|')}|auto`,
      choice([...LEDGER_SOURCE_FORMATS, 'auto'] as const),
      'auto',
    )
    .option('--from <height>', 'first height (RPC sources: fetch from here; files: report from here)', height)
    .option('--to <height>', 'last height', height)
    .option(
      '--network <name>',
      'consensus parameters when the source does not say: mainnet, testnet, regtest, litecoin-regtest (Bitcoin); mainnet (Ethereum)',
    )
    .option('--no-signatures', 'skip Bitcoin input signature verification (the slow part)')
    .option('--output <format>', 'json|md|text', choice(['json', 'md', 'text'] as const), 'text')
    .action(
      async (
        source: string,
        opts: {
          format: LedgerFormat | 'auto';
          from?: number;
          to?: number;
          network?: string;
          signatures: boolean;
          output: 'json' | 'md' | 'text';
        },
      ) => {
        if (opts.from !== undefined && opts.to !== undefined && opts.from > opts.to)
          throw new InputError(`--from ${opts.from} is above --to ${opts.to}`);
        const isRpc = opts.format === 'bitcoin-rpc' || opts.format === 'ethereum-rpc';
        const shown = isRpc ? maskUrl(source) : source;
        let report;
        try {
          report = await verifyLedger({
            format: opts.format,
            source: shown,
            rpc: isRpc ? rpcClientFor(source) : undefined,
            from: opts.from,
            to: opts.to,
            network: opts.network,
            signatures: opts.signatures,
            progress: (m) => env.progress(m),
          }).catch((e: unknown) => {
            if (isRpc && !(e instanceof LedgerInputError)) throw new InputError(`${shown}: ${(e as Error).message}`);
            throw e;
          });
        } catch (e) {
          if (e instanceof LedgerInputError) throw new InputError(e.message);
          if (
            (e as NodeJS.ErrnoException).code === 'ENOENT' ||
            (e as NodeJS.ErrnoException).code === 'EACCES' ||
            (e as NodeJS.ErrnoException).code === 'EISDIR'
          )
            throw new InputError(`${shown}: ${(e as Error).message}`);
          throw e;
        }
        if (opts.output === 'json') env.out(JSON.stringify(reportToJson(report), null, 2));
        else if (opts.output === 'md') env.out(renderMarkdown(report));
        else env.out(renderText(report));
        if (report.failedBlocks > 0) env.setExitCode(1);
      },
    );
}

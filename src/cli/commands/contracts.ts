import type { Command } from 'commander';
import {
  analyzePaths,
  DEFAULT_FILE_BUDGET_MS,
  DEFAULT_MAX_FILE_BYTES,
  detectors,
} from '../../analyzers/solidity/analyze.js';
import type { AnalysisResult, SolidityFinding } from '../../analyzers/solidity/types.js';
import { checkForCategory } from '../../checks/contracts/index.js';
import { findingResult } from '../../checks/contracts/shared.js';
import { complete } from '../../engine/run.js';
import { InputError } from '../../errors.js';
import { severityRank, type Finding, type Severity } from '../../model.js';
import { mdCell } from '../../report/markdown.js';
import type { CliEnv } from '../env.js';
import { choice, parsePositiveInt, parseSeverity } from '../options.js';
import { standaloneSarif } from '../standalone.js';

const FORMATS = ['text', 'json', 'sarif', 'md'] as const;

interface ContractsOptions {
  format: (typeof FORMATS)[number];
  failOn: Severity;
  maxFileKb: number;
  fileTimeoutMs: number;
  listDetectors: boolean;
}

/** The findings `audit` would report for these detector hits: same check, sub-result and fingerprint. */
export function contractFindings(findings: SolidityFinding[]): Finding[] {
  return findings.map((f) => {
    const category = detectors.find((d) => d.meta.id === f.detector)!.meta.category;
    return complete(checkForCategory[category], 'contracts', findingResult(f));
  });
}

function renderText(result: AnalysisResult): string {
  return result.findings
    .map((f) => `${f.file}:${f.line}:${f.column}  ${f.severity.padEnd(6)} ${f.detector}  ${f.message}`)
    .join('\n');
}

function renderMarkdown(result: AnalysisResult, paths: string[]): string {
  const lines = [`# Solidity analysis of ${paths.map((p) => `\`${mdCell(p)}\``).join(', ')}`, ''];
  const contracts = result.files.reduce((a, f) => a + f.contracts, 0);
  lines.push(
    `${result.files.length} files (${contracts} contracts) analysed, ${result.notAnalysed.length} not analysed, ${result.findings.length} findings.`,
    '',
  );
  if (result.findings.length) {
    lines.push('| severity | detector | category | SWC | location | message |', '|---|---|---|---|---|---|');
    for (const f of result.findings) {
      lines.push(
        `| ${[f.severity, f.detector, f.category, f.swc ?? '', `${f.file}:${f.line}`, f.message].map(mdCell).join(' | ')} |`,
      );
    }
  }
  if (result.notAnalysed.length) {
    lines.push('', '## Not analysed', '', '| file | reason |', '|---|---|');
    for (const n of result.notAnalysed) lines.push(`| ${mdCell(n.file)} | ${mdCell(n.reason)} |`);
  }
  return lines.join('\n');
}

export function register(program: Command, env: CliEnv): void {
  program
    .command('contracts')
    .description(
      'analyse Solidity sources (0.4–0.8) for reentrancy, access control, arithmetic, randomness, DoS, front-running and other weaknesses',
    )
    .argument('[paths...]', '.sol files or folders')
    .option('--format <format>', `output: ${FORMATS.join(', ')}`, choice(FORMATS), 'text')
    .option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity', parseSeverity, 'high')
    .option(
      '--max-file-kb <n>',
      'skip files larger than this many KiB',
      parsePositiveInt,
      Math.round(DEFAULT_MAX_FILE_BYTES / 1024),
    )
    .option('--file-timeout-ms <n>', 'give up on a file after this long', parsePositiveInt, DEFAULT_FILE_BUDGET_MS)
    .option('--list-detectors', 'print the detectors and their metadata as JSON, then exit', false)
    .addHelpText(
      'after',
      '\nExit codes: 0 no finding at or above --fail-on, 1 such findings, 2 bad input (missing path, nothing analysable), 3 internal error.',
    )
    .action(async (paths: string[], o: ContractsOptions) => {
      if (o.listDetectors) {
        env.out(
          JSON.stringify(
            detectors.map((d) => d.meta),
            null,
            2,
          ),
        );
        return;
      }
      if (!paths.length) throw new InputError('contracts: give at least one .sol file or folder');
      const result = await analyzePaths(paths, {
        maxFileBytes: o.maxFileKb * 1024,
        fileBudgetMs: o.fileTimeoutMs,
        onFile: (file, i, total) => env.progress(`[${i + 1}/${total}] ${file}`),
      });
      if (!result.files.length && !result.notAnalysed.length)
        throw new InputError(`contracts: no .sol files under ${paths.join(', ')}`);
      if (o.format === 'json') {
        env.out(
          JSON.stringify(
            {
              findings: result.findings,
              notAnalysed: result.notAnalysed,
              files: result.files.map((f) => ({ file: f.file, contracts: f.contracts })),
            },
            null,
            2,
          ),
        );
      } else if (o.format === 'sarif') {
        env.out(
          standaloneSarif(
            contractFindings(result.findings),
            Object.values(checkForCategory),
            process.cwd(),
            result.notAnalysed.length === 0,
          ),
        );
      } else if (o.format === 'md') env.out(renderMarkdown(result, paths));
      else if (result.findings.length) env.out(renderText(result));
      for (const n of result.notAnalysed) env.err(`not analysed: ${n.file}: ${n.reason}`);
      const contracts = result.files.reduce((a, f) => a + f.contracts, 0);
      env.err(
        `${result.findings.length} finding(s) in ${result.files.length} files (${contracts} contracts); ${result.notAnalysed.length} not analysed`,
      );
      if (!result.files.length) {
        env.setExitCode(2);
        return;
      }
      if (result.findings.some((f) => severityRank(f.severity) >= severityRank(o.failOn))) env.setExitCode(1);
    });
}

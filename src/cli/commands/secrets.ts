import type { Command } from 'commander';
import { scanSecrets, DEFAULT_EXCLUDED_DIRS } from '../../analyzers/secrets/index.js';
import type { ScanResult, SecretFinding } from '../../analyzers/secrets/index.js';
import { secretsChecks } from '../../checks/secrets/index.js';
import { checkIdOf } from '../../checks/secrets/families.js';
import { notScannedResult, secretResult } from '../../checks/secrets/shared.js';
import { complete } from '../../engine/run.js';
import { CONFIDENCES, type Confidence, type Finding } from '../../model.js';
import { mdCell } from '../../report/markdown.js';
import type { CliEnv } from '../env.js';
import { EXIT } from '../exit-codes.js';
import { choice, collect, parsePositiveInt } from '../options.js';
import { standaloneSarif } from '../standalone.js';

const FORMATS = ['text', 'json', 'sarif', 'md'] as const;

interface SecretsOptions {
  git: boolean;
  format: (typeof FORMATS)[number];
  minConfidence: Confidence;
  exclude: string[];
  maxFileMb: number;
  workers?: number;
}

/** The findings `audit` would report for these secrets: same check and fingerprint. */
export function secretsAsFindings(findings: SecretFinding[], base: string): Finding[] {
  const checkById = new Map(secretsChecks.map((c) => [c.meta.id, c]));
  return findings.map((f) => {
    const check = checkById.get(checkIdOf(f.kind))!;
    return complete(check, 'secrets', secretResult(check.meta, f, base));
  });
}

/** The errors `audit` would report for inputs the scan could not read: one per check, none when complete. */
function notScannedFindings(scan: ScanResult, base: string): Finding[] {
  return scan.complete ? [] : secretsChecks.map((check) => complete(check, 'secrets', notScannedResult(scan, base)));
}

function renderText(scan: ScanResult, findings: SecretFinding[]): string {
  return findings
    .map(
      (f) =>
        `${f.file}:${f.line}:${f.column}  ${f.kind}  [${f.confidence}]  ${f.preview}  — ${f.detail}${f.commit ? `  (commit ${f.commit.slice(0, 12)})` : ''}${f.wellKnown ? `  (public: ${f.wellKnown})` : ''}`,
    )
    .join('\n');
}

function renderMarkdown(scan: ScanResult, findings: SecretFinding[]): string {
  const s = scan.stats;
  const lines = [
    `# Secrets scan of \`${mdCell(scan.root)}\``,
    '',
    `${s.files} files (${(s.bytes / 1e6).toFixed(1)} MB)${s.gitBlobs ? `, ${s.gitBlobs} git blobs` : ''} scanned in ${(s.durationMs / 1000).toFixed(1)} s; ${findings.length} findings; ${scan.encrypted.length} encrypted keys seen.`,
    '',
  ];
  if (!scan.complete)
    lines.push(
      `**Incomplete:** ${scan.problems.length} input(s) could not be scanned (listed below); the absence of findings there proves nothing.`,
      '',
    );
  if (findings.length) {
    lines.push('| kind | location | confidence | preview (masked) | validation |', '|---|---|---|---|---|');
    for (const f of findings) {
      lines.push(
        `| ${[f.kind, `${f.file}:${f.line}${f.commit ? ` @${f.commit.slice(0, 12)}` : ''}`, f.confidence, f.preview, `${f.detail}${f.wellKnown ? ` (public: ${f.wellKnown})` : ''}`].map(mdCell).join(' | ')} |`,
      );
    }
  }
  if (scan.encrypted.length) {
    lines.push('', '## Encrypted key material', '', '| kind | location | detail |', '|---|---|---|');
    for (const e of scan.encrypted)
      lines.push(`| ${[e.kind, `${e.file}:${e.line}`, e.detail].map(mdCell).join(' | ')} |`);
  }
  if (scan.problems.length) {
    lines.push('', '## Not scanned', '', '| path | reason |', '|---|---|');
    for (const p of scan.problems) lines.push(`| ${[p.path, p.detail].map(mdCell).join(' | ')} |`);
  }
  return lines.join('\n');
}

const SHOWN_PROBLEMS = 20;

export function register(program: Command, env: CliEnv): void {
  program
    .command('secrets')
    .description(
      'scan files, folders and git history for private keys, mnemonics, weak keystores and credentials (all output masked)',
    )
    .argument('<path>', 'file or folder to scan')
    .option('--git', 'also scan every blob in the git history of <path>', false)
    .option('--format <format>', `output: ${FORMATS.join(', ')}`, choice(FORMATS), 'text')
    .option(
      '--min-confidence <level>',
      'report findings at or above this confidence (low, medium, high)',
      choice(CONFIDENCES),
      'low',
    )
    .option('--exclude <dirs>', `folder names to skip (default ${DEFAULT_EXCLUDED_DIRS.join(', ')})`, collect, [])
    .option(
      '--max-file-mb <n>',
      'text files larger than this many MB are not scanned (and listed)',
      parsePositiveInt,
      512,
    )
    .option(
      '--workers <n>',
      'worker threads for the files (default: one per core when the tree holds 32 MB or more)',
      parsePositiveInt,
    )
    .addHelpText(
      'after',
      '\nExit codes: 0 nothing found and every input scanned, 1 findings at or above --min-confidence, ' +
        '2 bad input (a path that is missing, unreadable, not a file or folder, or holds nothing to scan), ' +
        '3 internal error, 4 incomplete (nothing found, but some inputs could not be scanned; they are listed).',
    )
    .action(async (path: string, o: SecretsOptions) => {
      const scan = await scanSecrets(path, {
        git: o.git,
        excludeDirs: o.exclude.length ? [...DEFAULT_EXCLUDED_DIRS, ...o.exclude] : undefined,
        maxFileBytes: o.maxFileMb * 1024 * 1024,
        workers: o.workers,
        onProgress: (t) => env.progress(t),
      });
      const floor = CONFIDENCES.indexOf(o.minConfidence);
      const findings = scan.findings.filter((f) => CONFIDENCES.indexOf(f.confidence) >= floor);
      if (o.format === 'json') env.out(JSON.stringify({ ...scan, findings }, null, 2));
      else if (o.format === 'sarif')
        env.out(
          standaloneSarif(
            [...secretsAsFindings(findings, path), ...notScannedFindings(scan, path)],
            secretsChecks,
            process.cwd(),
            scan.complete,
          ),
        );
      else if (o.format === 'md') env.out(renderMarkdown(scan, findings));
      else if (findings.length) env.out(renderText(scan, findings));
      for (const p of scan.problems.slice(0, SHOWN_PROBLEMS)) env.err(`not scanned: ${p.message}`);
      if (scan.problems.length > SHOWN_PROBLEMS)
        env.err(`not scanned: … and ${scan.problems.length - SHOWN_PROBLEMS} more (--format json lists them all)`);
      const s = scan.stats;
      env.err(
        `${findings.length} secret(s) in ${s.files} files (${(s.bytes / 1e6).toFixed(1)} MB)${o.git ? ` and ${s.gitBlobs} git blobs` : ''}, ${(s.durationMs / 1000).toFixed(1)} s; ${scan.encrypted.length} encrypted key(s) seen`,
      );
      if (!scan.complete)
        env.err(
          `incomplete: ${scan.problems.length} input(s) could not be scanned; nothing found is not a clean result`,
        );
      // Findings are the stronger news; nothing found in an incomplete scan is never 0, which reads as clean.
      if (findings.length) env.setExitCode(EXIT.failing);
      else if (!scan.complete) env.setExitCode(EXIT.incomplete);
    });
}

import { join } from 'node:path';
import { scanSecrets } from '../../analyzers/secrets/index.js';
import type { ScanResult, SecretFinding, SecretKind } from '../../analyzers/secrets/index.js';
import type { Evidence, Severity } from '../../model.js';
import type { CheckContext, CheckMeta, CheckResult } from '../types.js';
import type { TargetOf } from '../../scope/schema.js';

export type SecretsContext = CheckContext<TargetOf<'secrets'>>;

/** One scan per target, shared by every secrets check through the run's memo. */
export function targetScan(ctx: SecretsContext): Promise<ScanResult> {
  return ctx.memo(`secrets:scan:${ctx.target.id}`, () =>
    scanSecrets(ctx.path(ctx.target.path), {
      git: ctx.target.git,
      signal: ctx.signal,
      onProgress: (t) => ctx.progress(t),
    }),
  );
}

const LOWER: Record<Severity, Severity> = { critical: 'high', high: 'medium', medium: 'low', low: 'low', info: 'info' };

/** A finding's severity: the check's, one step lower at medium confidence; public, damaged or low-confidence values only warn. */
export function severityOf(meta: CheckMeta, f: SecretFinding): Severity {
  if (f.wellKnown || f.damaged || f.confidence === 'low') return 'low';
  return f.confidence === 'medium' ? LOWER[meta.severity] : meta.severity;
}

export function secretEvidence(f: SecretFinding): Evidence[] {
  return [
    { label: 'kind', value: f.kind },
    { label: 'preview (masked)', value: f.preview },
    { label: 'validation', value: f.detail },
    { label: 'fingerprint', value: f.fingerprint },
    ...(f.commit ? [{ label: 'git commit', value: f.commit }] : []),
    ...(f.wellKnown ? [{ label: 'publicly known value', value: f.wellKnown }] : []),
    ...(f.damaged ? [{ label: 'key material', value: 'damaged or truncated: the block does not parse whole' }] : []),
    ...(f.testPath ? [{ label: 'location', value: 'test or fixture folder' }] : []),
  ];
}

/** The result for one secret; `base` is the folder the finding's file is relative to. */
export function secretResult(meta: CheckMeta, f: SecretFinding, base: string): CheckResult {
  const severity = severityOf(meta, f);
  const where = `${f.file}:${f.line}${f.commit ? ` (history, ${f.commit.slice(0, 12)})` : ''}`;
  return {
    status: severity === 'low' ? 'warn' : 'fail',
    severity,
    confidence: f.confidence,
    message: `${f.kind} at ${where}: ${f.detail}${f.wellKnown ? ` — publicly known (${f.wellKnown})` : ''}`,
    evidence: secretEvidence(f),
    locations: [{ file: join(base, f.file), line: f.line, column: f.column }],
    key: `${f.kind}:${f.file}:${f.fingerprint}${f.commit ? `:${f.commit}` : ''}`,
  };
}

/** The error that stands for the inputs a scan could not read: their findings are unknown, never a pass. */
export function notScannedResult(scan: ScanResult, path: string): CheckResult {
  const shown = scan.problems.slice(0, 10);
  return {
    status: 'error',
    message: `${scan.problems.length} input(s) under ${path} could not be scanned (${shown
      .slice(0, 3)
      .map((p) => p.message)
      .join('; ')}${scan.problems.length > 3 ? '; …' : ''}): the scan is incomplete`,
    evidence: [
      ...shown.map((p) => ({ label: 'not scanned', value: p.message })),
      ...(scan.problems.length > shown.length
        ? [{ label: 'not scanned', value: `… and ${scan.problems.length - shown.length} more` }]
        : []),
    ],
    key: 'not-scanned',
  };
}

/**
 * Runs a family check: one result per secret of the family's kinds, an error when some inputs could
 * not be scanned, and a pass saying what was scanned only when everything was and nothing was found.
 */
export async function familyCheck(
  meta: CheckMeta,
  kinds: readonly SecretKind[],
  ctx: SecretsContext,
  passNote: (scan: ScanResult) => string,
): Promise<CheckResult[]> {
  const scan = await targetScan(ctx);
  const wanted = new Set<SecretKind>(kinds);
  const results = scan.findings.filter((f) => wanted.has(f.kind)).map((f) => secretResult(meta, f, ctx.target.path));
  if (!scan.complete) results.push(notScannedResult(scan, ctx.target.path));
  if (results.length) return results;
  const s = scan.stats;
  return [
    {
      status: 'pass',
      message: `${s.files} files (${(s.bytes / 1e6).toFixed(1)} MB)${ctx.target.git ? ` and ${s.gitBlobs} history blobs` : ''} scanned: ${passNote(scan)}`,
      evidence: [
        {
          label: 'scanned',
          value: `${s.files} files, ${s.bytes} bytes, ${s.skippedBinary} binary, ${s.skippedSymlinks} symlinks not followed${s.skippedSpecial ? `, ${s.skippedSpecial} FIFOs, sockets or devices not read` : ''}`,
        },
      ],
    },
  ];
}

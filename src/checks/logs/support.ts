import { loadErrorAudit } from '../../catalog/load.js';
import { scanLogs, type Example, type LogSummary } from '../../analyzers/logs/scan.js';
import type { Evidence, Location } from '../../model.js';
import type { TargetOf } from '../../scope/schema.js';
import type { CheckContext, CheckResult, ResultMeta } from '../types.js';

/** Logs are read whole, however large: the checks wait for the one shared pass as long as it takes (about 1 s per GB here). */
export const LOG_SCAN_TIMEOUT_MS = 30 * 60_000;

/** All log checks share one pass over the target's files. */
export function logSummary(ctx: CheckContext<TargetOf<'logs'>>): Promise<LogSummary> {
  return ctx.memo(`logs:${ctx.target.id}`, () =>
    scanLogs(ctx.path(ctx.target.path), {
      errorRules: loadErrorAudit((ctx.target.errorRules ?? []).map((f) => ctx.path(f))),
      format: ctx.target.format,
      signal: ctx.signal,
    }),
  );
}

export function at(e: Example): Location {
  return { file: e.file, line: e.line };
}

export function quote(e: Example): string {
  return `${e.file}:${e.line}: ${e.text}`;
}

/** The results every log check may report when it cannot look. */
export const UNUSABLE_RESULTS: Record<string, ResultMeta> = {
  'no-logs': { title: 'No log records to read' },
  incomplete: { title: 'Some logs could not be read' },
};

const LISTED_UNREAD = 10;

function unreadEvidence(s: LogSummary): Evidence[] {
  return s.unread.slice(0, LISTED_UNREAD).map((u) => ({
    label: 'not read',
    value: `${u.path}: ${u.reason}${u.bytes !== undefined ? ` (${u.bytes} bytes not read)` : ''}`,
  }));
}

/** A logs target with no log line gets no verdict: nothing was audited. */
export function noLogs(s: LogSummary, path: string): CheckResult[] | undefined {
  if (s.files.some((f) => f.lines > 0)) return undefined;
  return [
    {
      status: 'error',
      result: 'no-logs',
      message: `no readable log lines under ${path}${s.unread.length ? ` (${s.unread.length} input(s) not read)` : ''}`,
      evidence: unreadEvidence(s),
      key: 'no-logs',
    },
  ];
}

/**
 * Logs that were not all read: the check may still report what it saw fail, but never a pass, and
 * says exactly what was not read.
 */
export function incomplete(s: LogSummary, path: string): CheckResult | undefined {
  if (!s.unread.length) return undefined;
  const bytes = s.unread.reduce((n, u) => n + (u.bytes ?? 0), 0);
  return {
    status: 'error',
    result: 'incomplete',
    message: `${s.unread.length} log input(s) under ${path} were not read${bytes ? ` (${bytes} bytes at least)` : ''}: ${s.unread
      .slice(0, 3)
      .map((u) => `${u.path} (${u.reason})`)
      .join('; ')}${s.unread.length > 3 ? '; …' : ''}`,
    evidence: unreadEvidence(s),
    key: 'incomplete',
  };
}

/** Results when the summary is incomplete: the fails observed, plus the error; never a pass. */
export function withCoverage(s: LogSummary, path: string, results: CheckResult[]): CheckResult[] {
  const gap = incomplete(s, path);
  if (!gap) return results;
  return [...results.filter((r) => r.status === 'fail' || r.status === 'warn'), gap];
}

export function filesEvidence(s: LogSummary): Evidence {
  return {
    label: 'files read',
    value: s.files
      .map((f) => `${f.path}${f.compressed ? ' (gzip)' : ''}: ${f.format}, ${f.lines} lines, ${f.bytes} bytes`)
      .join('\n'),
  };
}

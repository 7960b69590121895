import { loadErrorFunctions } from '../../catalog/load.js';
import { scanLogs, type Example, type LogSummary } from '../../analyzers/logs/scan.js';
import type { Location } from '../../model.js';
import type { TargetOf } from '../../scope/schema.js';
import type { CheckContext, CheckResult } from '../types.js';

/** All log checks share one pass over the target's files. */
export function logSummary(ctx: CheckContext<TargetOf<'logs'>>): Promise<LogSummary> {
  return ctx.memo(`logs:${ctx.target.id}`, () =>
    scanLogs(ctx.path(ctx.target.path), loadErrorFunctions(), {
      maxBytes: 512 * 1024 * 1024,
      maxFiles: 2000,
      maxLineChars: 8192,
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

/** A logs target that holds no log file is not a pass: nothing was audited. */
export function noLogs(s: LogSummary, path: string): CheckResult[] | undefined {
  if (s.files.length > 0 && s.lines > 0) return undefined;
  return [
    {
      status: 'error',
      message: `no readable log lines under ${path}${s.skipped.length ? ` (${s.skipped.slice(0, 3).join('; ')})` : ''}`,
      key: 'no-logs',
    },
  ];
}

import { InvalidArgumentError } from 'commander';
import { SEVERITIES, type Lang, type Severity } from '../model.js';
import { ALL_FORMATS, REPORT_FORMATS, type ReportFormat } from '../report/write.js';

export function collect(value: string, previous: string[] = []): string[] {
  return [
    ...previous,
    ...value
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean),
  ];
}

export function parseSeverity(value: string): Severity {
  if (!(SEVERITIES as readonly string[]).includes(value))
    throw new InvalidArgumentError(`expected one of ${SEVERITIES.join(', ')}`);
  return value as Severity;
}

/** `all` is every format but the PDF, which starts a browser; `all,pdf` adds it. */
export function parseReportFormats(value: string): ReportFormat[] {
  const list = value
    .split(',')
    .map((v) => v.trim())
    .flatMap((v) => (v === 'all' ? [...ALL_FORMATS] : [v]));
  for (const f of list)
    if (!(REPORT_FORMATS as readonly string[]).includes(f))
      throw new InvalidArgumentError(`expected a list of ${REPORT_FORMATS.join(', ')} or "all" (all but pdf)`);
  return [...new Set(list)] as ReportFormat[];
}

export function parseLang(value: string): Lang {
  if (value !== 'en' && value !== 'zh') throw new InvalidArgumentError('expected en or zh');
  return value;
}

export function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive whole number');
  return n;
}

export function choice<T extends string>(allowed: readonly T[]) {
  return (value: string): T => {
    if (!(allowed as readonly string[]).includes(value))
      throw new InvalidArgumentError(`expected one of ${allowed.join(', ')}`);
    return value as T;
  };
}

import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Assessment } from '../assess/assess.js';
import { InputError } from '../errors.js';
import type { Lang } from '../model.js';
import { renderDefectDojo } from './defectdojo.js';
import { renderHtml } from './html.js';
import { renderMarkdown } from './markdown.js';
import { renderSarif, sarifInputOf } from './sarif.js';

export const TEXT_FORMATS = ['json', 'md', 'html', 'sarif', 'defectdojo'] as const;
export const BINARY_FORMATS = ['pdf', 'xlsx'] as const;
export const REPORT_FORMATS = [...TEXT_FORMATS, ...BINARY_FORMATS] as const;
export type TextFormat = (typeof TEXT_FORMATS)[number];
export type BinaryFormat = (typeof BINARY_FORMATS)[number];
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/**
 * What `--format all` writes: every text format and the workbook. The PDF starts a browser and takes
 * seconds, so it is asked for by name (`--format all,pdf`).
 */
export const ALL_FORMATS: readonly ReportFormat[] = [...TEXT_FORMATS, 'xlsx'];

export const REPORT_FILE: Record<ReportFormat, string> = {
  json: 'report.json',
  md: 'report.md',
  html: 'report.html',
  sarif: 'findings.sarif',
  defectdojo: 'defectdojo.json',
  pdf: 'report.pdf',
  xlsx: 'evaluation.xlsx',
};

export interface RenderContext {
  lang: Lang;
}

export function isBinaryFormat(f: ReportFormat): f is BinaryFormat {
  return (BINARY_FORMATS as readonly string[]).includes(f);
}

/** A report is a pure function of the assessment (and the language asked for). */
export function renderReport(a: Assessment, format: TextFormat, ctx: RenderContext): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(a, null, 2)}\n`;
    case 'md':
      return renderMarkdown(a, ctx.lang);
    case 'html':
      return renderHtml(a, ctx.lang);
    case 'sarif':
      return `${JSON.stringify(renderSarif(sarifInputOf(a)), null, 2)}\n`;
    case 'defectdojo':
      return `${JSON.stringify(renderDefectDojo(a), null, 2)}\n`;
  }
}

/** The binary reports, byte for byte the same for the same assessment and language. */
export async function renderBinaryReport(a: Assessment, format: BinaryFormat, ctx: RenderContext): Promise<Buffer> {
  switch (format) {
    case 'pdf':
      return (await import('./pdf.js')).renderPdf(a, ctx.lang);
    case 'xlsx':
      return (await import('./xlsx.js')).renderXlsx(a, ctx.lang);
  }
}

export interface WrittenReport {
  format: ReportFormat;
  path: string;
  sha256: string;
  bytes: number;
}

/** Writes the report folder; returns what was written, with each file's SHA-256. */
export async function writeReports(
  dir: string,
  a: Assessment,
  formats: readonly ReportFormat[],
  ctx: RenderContext,
): Promise<WrittenReport[]> {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw new InputError(`cannot create the report folder ${dir}: ${(err as Error).message}`);
  }
  const out: WrittenReport[] = [];
  for (const format of formats) {
    const data = isBinaryFormat(format)
      ? await renderBinaryReport(a, format, ctx)
      : Buffer.from(renderReport(a, format, ctx));
    const path = join(dir, REPORT_FILE[format]);
    writeFileSync(path, data);
    out.push({ format, path, sha256: createHash('sha256').update(data).digest('hex'), bytes: data.length });
  }
  return out;
}

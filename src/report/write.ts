import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Assessment } from '../assess/assess.js';
import type { Lang } from '../model.js';
import { renderHtml } from './html.js';
import { renderMarkdown } from './markdown.js';
import { renderSarif, sarifInputOf } from './sarif.js';

export const REPORT_FORMATS = ['json', 'md', 'html', 'sarif'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const REPORT_FILE: Record<ReportFormat, string> = {
  json: 'report.json',
  md: 'report.md',
  html: 'report.html',
  sarif: 'findings.sarif',
};

export interface RenderContext {
  lang: Lang;
}

/** A report is a pure function of the assessment (and the language asked for). */
export function renderReport(a: Assessment, format: ReportFormat, ctx: RenderContext): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(a, null, 2)}\n`;
    case 'md':
      return renderMarkdown(a, ctx.lang);
    case 'html':
      return renderHtml(a, ctx.lang);
    case 'sarif':
      return `${JSON.stringify(renderSarif(sarifInputOf(a)), null, 2)}\n`;
  }
}

/** Writes the report folder; returns the paths written. */
export function writeReports(
  dir: string,
  a: Assessment,
  formats: readonly ReportFormat[],
  ctx: RenderContext,
): string[] {
  mkdirSync(dir, { recursive: true });
  return formats.map((f) => {
    const path = join(dir, REPORT_FILE[f]);
    writeFileSync(path, renderReport(a, f, ctx));
    return path;
  });
}

import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Assessment } from '../assess/assess.js';
import { InputError, errorMessage } from '../errors.js';
import type { Lang } from '../model.js';
import { ensureDir } from '../store/folders.js';
import { sortedFindings } from './common.js';
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

export function isBinaryFormat(f: ReportFormat): f is BinaryFormat {
  return (BINARY_FORMATS as readonly string[]).includes(f);
}

/** Lists the files the last run wrote into a report folder: the next run removes exactly those. */
export const MANIFEST_FILE = '.chainaudit-report.json';

export interface RenderContext {
  lang: Lang;
}

/** A report is a pure function of the assessment (and the language asked for). */
export function renderReport(a: Assessment, format: TextFormat, ctx: RenderContext): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify({ ...a, findings: sortedFindings(a.findings) }, null, 2)}\n`;
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

/** A report folder checked before the audit starts, so a bad --out fails in a second, not after the run. */
export interface ReportFolder {
  dir: string;
  formats: readonly ReportFormat[];
  /** Files an earlier run of this tool wrote there, listed in its manifest. */
  previous: string[];
}

const OUR_FILES = new Set<string>(Object.values(REPORT_FILE));

function entryOf(path: string) {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

function readManifest(dir: string): string[] {
  const path = join(dir, MANIFEST_FILE);
  const st = entryOf(path);
  if (!st) return [];
  if (!st.isFile()) throw new InputError(`${path}: not a regular file; remove it or choose another --out folder`);
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const buf = Buffer.alloc(Math.min(fstatSync(fd).size, 64 * 1024));
    const n = readSync(fd, buf, 0, buf.length, 0);
    const files = (JSON.parse(buf.subarray(0, n).toString('utf8')) as { files?: unknown }).files;
    // only our own file names, never a path: a doctored manifest cannot make us delete anything else
    return Array.isArray(files) ? files.filter((f): f is string => typeof f === 'string' && OUR_FILES.has(f)) : [];
  } catch {
    return [];
  } finally {
    closeSync(fd);
  }
}

/**
 * Creates the report folder if needed and decides what the run may write there. A folder keeps the
 * files of one run only: the files an earlier run wrote (named in its manifest) are removed when the
 * new ones are written. A report file of ours that the manifest does not list is somebody else's,
 * and is overwritten only with `force`. Nothing else in the folder is touched.
 */
export function openReportFolder(dir: string, formats: readonly ReportFormat[], force = false): ReportFolder {
  const abs = ensureDir(dir, 'the report folder');
  const previous = readManifest(abs);
  for (const f of formats) {
    const name = REPORT_FILE[f];
    const st = entryOf(join(abs, name));
    if (!st) continue;
    if (!st.isFile()) throw new InputError(`${join(dir, name)} exists and is not a regular file`);
    if (!previous.includes(name) && !force)
      throw new InputError(
        `${join(dir, name)} already exists and was not written by an earlier chainaudit run; choose another folder or add --force to overwrite it`,
      );
  }
  return { dir: abs, formats, previous };
}

/** Writes the run's reports into a folder opened by openReportFolder; returns what was written, with each file's SHA-256. */
export async function writeReportFolder(
  folder: ReportFolder,
  a: Assessment,
  ctx: RenderContext,
): Promise<WrittenReport[]> {
  const names = folder.formats.map((f) => REPORT_FILE[f]);
  // rendered before anything is removed or written: a PDF that cannot be made leaves the folder as it was
  const rendered: [ReportFormat, Buffer][] = [];
  for (const f of folder.formats)
    rendered.push([f, isBinaryFormat(f) ? await renderBinaryReport(a, f, ctx) : Buffer.from(renderReport(a, f, ctx))]);
  try {
    for (const old of folder.previous) {
      const path = join(folder.dir, old);
      if (!names.includes(old) && entryOf(path)?.isFile()) unlinkSync(path);
    }
    const written = rendered.map(([format, data]) => {
      const path = join(folder.dir, REPORT_FILE[format]);
      writeFileSync(path, data);
      return { format, path, sha256: createHash('sha256').update(data).digest('hex'), bytes: data.length };
    });
    writeFileSync(
      join(folder.dir, MANIFEST_FILE),
      `${JSON.stringify({ tool: 'chainaudit', run: a.run.id, files: names }, null, 2)}\n`,
    );
    return written;
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`cannot write the reports into ${folder.dir}: ${errorMessage(err)}`);
  }
}

/** Opens the folder and writes the reports in one step (re-rendering a stored run). */
export function writeReports(
  dir: string,
  a: Assessment,
  formats: readonly ReportFormat[],
  ctx: RenderContext,
  force = false,
): Promise<WrittenReport[]> {
  return writeReportFolder(openReportFolder(dir, formats, force), a, ctx);
}

import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { InputError } from '../../errors.js';
import { basename, join, relative } from 'node:path';
import { detectors as allDetectors } from './detectors/index.js';
import type { Detector, Report } from './detector.js';
import { buildModel, type FileModel } from './model.js';
import { ParseFailure, parseSource, type Skipped } from './parse.js';
import {
  severityOfImpact,
  type AnalysisResult,
  type NotAnalysed,
  type RelatedLocation,
  type SolidityFinding,
} from './types.js';
import { Budget, BudgetExceeded } from './walk.js';
import { inWorkers } from './pool.js';
import { availableParallelism } from 'node:os';

export interface AnalyzeOptions {
  /** Files larger than this are not analysed. */
  maxFileBytes?: number;
  /** Wall-time budget per file for model building and detectors. */
  fileBudgetMs?: number;
  /** Upper bound on the number of .sol files taken from a directory tree. */
  maxFiles?: number;
  detectors?: Detector[];
  /** Paths in findings are made relative to this folder. */
  relativeTo?: string;
  signal?: AbortSignal;
  onFile?: (file: string, index: number, total: number) => void;
  /**
   * Worker threads to use; 0 analyses in this thread (the time budget then cannot stop the parser).
   * By default small trees are analysed in this thread and larger ones on one worker per core.
   */
  workers?: number;
}

export const DEFAULT_MAX_FILE_BYTES = 1_000_000;
export const DEFAULT_FILE_BUDGET_MS = 10_000;
const DEFAULT_MAX_FILES = 20_000;

function toFinding(detector: Detector, r: Report, model: FileModel): SolidityFinding | null {
  const loc = r.node.loc;
  if (!loc) return null;
  const end = r.until?.loc?.end ?? loc.end;
  const contract = r.fn?.contract.name ?? r.contract?.name;
  const related: RelatedLocation[] = [];
  for (const { node, note } of r.related ?? []) {
    if (!node.loc || related.some((x) => x.line === node.loc.start.line && x.note === note)) continue;
    if (node.loc.start.line === loc.start.line) continue;
    related.push({
      line: node.loc.start.line,
      endLine: node.loc.end.line,
      column: node.loc.start.column + 1,
      endColumn: node.loc.end.column + 1,
      note,
    });
  }
  return {
    detector: detector.meta.id,
    title: detector.meta.title,
    category: detector.meta.category,
    swc: detector.meta.swc,
    severity: severityOfImpact(detector.meta.impact),
    confidence: detector.meta.confidence,
    file: model.file,
    line: loc.start.line,
    endLine: Math.max(loc.start.line, end.line),
    column: loc.start.column + 1,
    endColumn: end.column + 1,
    ...(contract ? { contract } : {}),
    ...(r.fn ? { function: r.fn.name } : {}),
    message: r.message,
    excerpt: model.text(r.node).replace(/\s+/g, ' ').trim().slice(0, 120),
    key: '',
    ...(related.length ? { related } : {}),
  };
}

/** Keys that do not move with line numbers: see SolidityFinding.key. */
function assignKeys(findings: SolidityFinding[], keyFile: string): void {
  const seen = new Map<string, number>();
  for (const f of findings) {
    const digest = createHash('sha256').update(f.excerpt).digest('hex').slice(0, 10);
    const base = `${f.detector}:${keyFile}:${f.contract ?? ''}.${f.function ?? ''}:${digest}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    f.key = n === 1 ? base : `${base}#${n}`;
  }
}

/** Analyses one source text. Throws ParseFailure or BudgetExceeded; detector failures are returned, not thrown. */
export function analyzeSource(
  file: string,
  source: string,
  options: Pick<AnalyzeOptions, 'fileBudgetMs' | 'detectors'> & { keyFile?: string } = {},
): { findings: SolidityFinding[]; contracts: number; detectorErrors: string[]; skipped: Skipped[] } {
  if (source.includes('\u0000')) throw new ParseFailure('binary content (NUL bytes), not Solidity source');
  const budget = new Budget(options.fileBudgetMs ?? DEFAULT_FILE_BUDGET_MS);
  const parsed = parseSource(source);
  const model = buildModel(file, parsed, budget);
  const findings: SolidityFinding[] = [];
  const detectorErrors: string[] = [];
  const seen = new Set<string>();
  for (const detector of options.detectors ?? allDetectors) {
    let reports: Report[];
    try {
      reports = detector.detect(model);
    } catch (err) {
      if (err instanceof BudgetExceeded) throw err;
      detectorErrors.push(`${detector.meta.id}: ${(err as Error).message ?? String(err)}`);
      continue;
    }
    for (const r of reports) {
      const f = toFinding(detector, r, model);
      if (!f) continue;
      const key = `${f.detector}:${f.line}:${f.column}`;
      if (seen.has(key)) continue;
      seen.add(key);
      findings.push(f);
    }
  }
  findings.sort((a, b) => a.line - b.line || a.column - b.column || a.detector.localeCompare(b.detector));
  assignKeys(findings, options.keyFile ?? file);
  return { findings, contracts: model.contracts.length, detectorErrors, skipped: parsed.skipped };
}

async function collect(path: string, out: string[], max: number, signal?: AbortSignal): Promise<void> {
  const st = await stat(path);
  if (st.isFile()) {
    out.push(path);
    return;
  }
  if (!st.isDirectory()) return;
  const entries = await readdir(path, { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    if (out.length >= max || signal?.aborted) return;
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const full = join(path, e.name);
    if (e.isDirectory()) await collect(full, out, max, signal);
    else if (e.isFile() && e.name.endsWith('.sol')) out.push(full);
  }
}

/** Lists the .sol files under the given paths; a missing path is an InputError. */
export async function solidityFiles(
  paths: string[],
  maxFiles = DEFAULT_MAX_FILES,
  signal?: AbortSignal,
): Promise<string[]> {
  const files: string[] = [];
  for (const p of paths) {
    try {
      await collect(p, files, maxFiles, signal);
    } catch (err) {
      throw new InputError(
        `${p}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (err as Error).message}`,
      );
    }
  }
  return files;
}

export interface FileOutcome {
  findings: SolidityFinding[];
  notAnalysed: NotAnalysed[];
  analysed?: { file: string; contracts: number; ms: number };
}

/** Reads and analyses one file within the size and time bounds; never throws. */
export async function analyzeFile(
  path: string,
  file: string,
  options: Pick<AnalyzeOptions, 'maxFileBytes' | 'fileBudgetMs' | 'detectors'> & { keyFile?: string },
): Promise<FileOutcome> {
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const started = performance.now();
  const outcome: FileOutcome = { findings: [], notAnalysed: [] };
  const notAnalysed = (reason: string): void => void outcome.notAnalysed.push({ file, reason });
  try {
    const size = (await stat(path)).size;
    if (size > maxBytes) {
      notAnalysed(`file is ${size} bytes, over the ${maxBytes}-byte limit`);
      return outcome;
    }
    const source = await readFile(path, 'utf8');
    const analysed = analyzeSource(file, source, options);
    outcome.findings = analysed.findings;
    for (const e of analysed.detectorErrors) notAnalysed(`detector ${e}`);
    for (const k of analysed.skipped)
      notAnalysed(`partly analysed: lines ${k.line}–${k.endLine} skipped (${k.reason})`);
    outcome.analysed = { file, contracts: analysed.contracts, ms: performance.now() - started };
  } catch (err) {
    if (err instanceof ParseFailure || err instanceof BudgetExceeded) notAnalysed(err.message);
    else if (err instanceof RangeError) notAnalysed(`nesting too deep to analyse (${err.message})`);
    else notAnalysed(`cannot read or analyse: ${(err as Error).message ?? String(err)}`);
  }
  return outcome;
}

/**
 * Analyses every .sol file under the given paths; files that cannot be analysed are listed with the
 * reason. Files are spread over worker threads, which also enforce the time budget on the parser
 * itself: a worker stuck on one file is terminated and replaced.
 */
export async function analyzePaths(paths: string[], options: AnalyzeOptions = {}): Promise<AnalysisResult> {
  // A finding's key names its file relative to the path it was found under, so `contracts <dir>` and an
  // audit of a target with that path give the same keys whatever the working directory.
  const jobs: Job[] = [];
  for (const root of paths) {
    const under = await solidityFiles([root], (options.maxFiles ?? DEFAULT_MAX_FILES) - jobs.length, options.signal);
    for (const path of under)
      jobs.push({ path, file: display(path, options), keyFile: relative(root, path) || basename(path) });
  }
  const workers = options.workers ?? (await workersFor(jobs.map((j) => j.path)));
  const outcomes =
    options.detectors || workers === 0
      ? await inProcess(jobs, options)
      : await inWorkers(jobs, { ...options, workers });
  const result: AnalysisResult = { findings: [], notAnalysed: [], files: [] };
  for (const o of outcomes) {
    result.findings.push(...o.findings);
    result.notAnalysed.push(...o.notAnalysed);
    if (o.analysed) result.files.push(o.analysed);
  }
  return result;
}

/**
 * Below this many bytes of source per worker, starting a worker costs more than it saves: the whole
 * analysis of half a megabyte takes about as long as loading the analyzer into a thread.
 */
const BYTES_PER_WORKER = 512 * 1024;

async function workersFor(files: string[]): Promise<number> {
  let total = 0;
  for (const f of files) total += (await stat(f).catch(() => ({ size: 0 }))).size;
  return Math.min(availableParallelism(), Math.floor(total / BYTES_PER_WORKER));
}

export interface Job {
  path: string;
  /** The path shown in findings. */
  file: string;
  /** The path in finding keys: relative to the folder the file was found under. */
  keyFile: string;
}

async function inProcess(jobs: Job[], options: AnalyzeOptions): Promise<FileOutcome[]> {
  const out: FileOutcome[] = [];
  for (let i = 0; i < jobs.length; i++) {
    if (options.signal?.aborted) {
      out.push({ findings: [], notAnalysed: jobs.slice(i).map((j) => ({ file: j.file, reason: 'run aborted' })) });
      break;
    }
    options.onFile?.(jobs[i].file, i, jobs.length);
    out.push(await analyzeFile(jobs[i].path, jobs[i].file, { ...options, keyFile: jobs[i].keyFile }));
  }
  return out;
}

function display(path: string, options: AnalyzeOptions): string {
  return options.relativeTo ? relative(options.relativeTo, path) || path : path;
}

export { allDetectors as detectors };

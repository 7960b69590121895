import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { ClassifiedLine } from '../../src/analyzers/logs/scan.js';

/**
 * Scores what the classifier put where against what was done to the software that wrote the log:
 * per expectation, how many lines the program wrote about it (present) and how many the classifier
 * put in the expected place (found); and every line the classifier put somewhere no expectation
 * explains (a false alarm) or put in the wrong place.
 */

interface Common {
  /** Text the line holds. */
  contains: string;
  /** How many lines hold it, when the program writes a known number. */
  count?: number;
  /** Only the n-th line (1-based) holding it is meant, e.g. the second start banner. */
  occurrence?: number;
  /** Only lines of this file (its name) are meant. */
  file?: string;
  why: string;
}

export type Expected =
  | (Common & { aspect: 'error'; classId: string })
  | (Common & { aspect: 'auth-failure'; source: string })
  | (Common & { aspect: 'crash'; kind: string })
  | (Common & { aspect: 'secret'; kind: string });

export interface ScoreRow {
  why: string;
  aspect: string;
  as: string;
  contains: string;
  present: number;
  found: number;
  count?: number;
}

export interface Score {
  rows: ScoreRow[];
  /** Lines classified where no expectation of that aspect explains them. */
  unexplained: string[];
  /** Lines an expectation explains but that were put elsewhere (another class, kind or source). */
  misplaced: string[];
}

const ANSI = /\x1b\[[0-9;]*[A-Za-z]/g;

/** The lines of a log file as written (gzip read through), without colour codes. */
export function logLines(file: string): string[] {
  const raw = readFileSync(file);
  const text = (file.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
  return text.replace(ANSI, '').split('\n');
}

function placeOf(l: ClassifiedLine): string {
  switch (l.aspect) {
    case 'error':
      return l.classId;
    case 'auth-failure':
      return l.source;
    case 'crash':
    case 'secret':
      return l.kind;
  }
}

function wanted(e: Expected): string {
  switch (e.aspect) {
    case 'error':
      return e.classId;
    case 'auth-failure':
      return e.source;
    case 'crash':
    case 'secret':
      return e.kind;
  }
}

/** The lines (file and 1-based number) an expectation stands for. */
function linesOf(e: Expected, files: Record<string, string[]>): Set<string> {
  const at = new Set<string>();
  let seen = 0;
  for (const [file, lines] of Object.entries(files)) {
    if (e.file !== undefined && basename(file) !== e.file) continue;
    lines.forEach((line, i) => {
      if (!line.includes(e.contains)) return;
      seen++;
      if (e.occurrence === undefined || e.occurrence === seen) at.add(`${file}:${i + 1}`);
    });
  }
  return at;
}

export function score(classified: ClassifiedLine[], files: Record<string, string[]>, expected: Expected[]): Score {
  const lineText = (l: ClassifiedLine) => files[l.file]?.[l.line - 1] ?? '';
  const meant = expected.map((e) => linesOf(e, files));
  const rows: ScoreRow[] = expected.map((e, i) => {
    const found = classified.filter(
      (l) => l.aspect === e.aspect && placeOf(l) === wanted(e) && meant[i].has(`${l.file}:${l.line}`),
    ).length;
    return {
      why: e.why,
      aspect: e.aspect,
      as: wanted(e),
      contains: e.contains,
      present: meant[i].size,
      found,
      count: e.count,
    };
  });
  const unexplained: string[] = [];
  const misplaced: string[] = [];
  for (const l of classified) {
    const same = expected.filter((e, i) => e.aspect === l.aspect && meant[i].has(`${l.file}:${l.line}`));
    const where = `${l.aspect} ${placeOf(l)} ← ${l.file.split('/').pop()}:${l.line}: ${lineText(l).slice(0, 200)}`;
    if (same.length === 0) unexplained.push(where);
    else if (!same.some((e) => wanted(e) === placeOf(l))) misplaced.push(where);
  }
  return { rows, unexplained, misplaced };
}

/** The table printed by the tests and quoted in the closing notes: found / present per expectation. */
export function scoreTable(s: Score): string {
  return s.rows
    .map(
      (r) =>
        `${r.aspect.padEnd(12)} ${r.as.padEnd(18)} ${String(r.found).padStart(3)} / ${String(r.present).padEnd(3)} ${r.why}`,
    )
    .join('\n');
}

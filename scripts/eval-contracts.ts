/**
 * Precision and recall of the Solidity detectors on the labeled corpus in corpus/contracts.
 * A line annotated `// expect: a, b` is a true vulnerability for detectors a and b; a finding counts
 * only when it starts on a labeled line (each detector documents where it places its findings).
 * Files under a `blind/` folder were labeled before the detectors ever ran on them (and then used to
 * improve the detectors); files under `holdout/` were labeled after those changes and never used to
 * change a detector. Each is scored as a set of its own, apart from the original files the detectors
 * were written against.
 * Findings of informational detectors (pragma, deprecated syntax) are scored only in a folder named
 * after the detector, since old-style sources elsewhere trigger them without being labeled for them.
 * Usage: tsx scripts/eval-contracts.ts [corpus-dir] [--json] [--verbose]
 */
import { readFile } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzePaths, detectors, solidityFiles } from '../src/analyzers/solidity/analyze.js';

export interface DetectorScore {
  detector: string;
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
}

export interface SetScore {
  /** Files in the set. */
  files: number;
  scores: DetectorScore[];
  overall: DetectorScore;
  misses: string[];
  falseAlarms: string[];
}

export const SETS = ['original', 'blind', 'holdout'] as const;
export type SetName = (typeof SETS)[number];

export function setOf(relativePath: string): SetName {
  const parts = relativePath.split(sep);
  return parts.includes('holdout') ? 'holdout' : parts.includes('blind') ? 'blind' : 'original';
}

const LABEL = /\/\/\s*expect:\s*([\w\-, ]+)/;

function finish(s: DetectorScore): DetectorScore {
  return {
    ...s,
    precision: s.tp + s.fp ? s.tp / (s.tp + s.fp) : 1,
    recall: s.tp + s.fn ? s.tp / (s.tp + s.fn) : 1,
  };
}

export async function evaluate(corpus: string): Promise<{
  sets: Record<SetName, SetScore>;
  notAnalysed: { file: string; reason: string }[];
}> {
  const files = await solidityFiles([corpus]);
  const expected = new Map<string, Set<string>>(); // `${file}:${line}` → detector ids
  const fileCount: Record<SetName, number> = { original: 0, blind: 0, holdout: 0 };
  for (const path of files) {
    const rel = path.slice(corpus.length + 1);
    fileCount[setOf(rel)]++;
    const lines = (await readFile(path, 'utf8')).split('\n');
    lines.forEach((text, i) => {
      const m = text.match(LABEL);
      if (m)
        expected.set(
          `${rel}:${i + 1}`,
          new Set(
            m[1]
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean),
          ),
        );
    });
  }
  const result = await analyzePaths([corpus], { relativeTo: corpus });
  const informational = new Set(detectors.filter((d) => d.meta.impact === 'informational').map((d) => d.meta.id));
  const ids = new Set([...detectors.map((d) => d.meta.id), ...[...expected.values()].flatMap((s) => [...s])]);
  const sets = Object.fromEntries(
    SETS.map((name) => [
      name,
      {
        counts: new Map([...ids].map((id) => [id, { detector: id, tp: 0, fp: 0, fn: 0, precision: 1, recall: 1 }])),
        misses: [] as string[],
        falseAlarms: [] as string[],
      },
    ]),
  ) as Record<SetName, { counts: Map<string, DetectorScore>; misses: string[]; falseAlarms: string[] }>;

  const matched = new Set<string>();
  for (const f of result.findings) {
    if (informational.has(f.detector) && !f.file.split(sep).includes(f.detector)) continue;
    const set = sets[setOf(f.file)];
    const score = set.counts.get(f.detector)!;
    const key = `${f.file}:${f.line}`;
    if (expected.get(key)?.has(f.detector)) {
      const label = `${key}:${f.detector}`;
      if (!matched.has(label)) {
        matched.add(label);
        score.tp++;
      }
    } else {
      score.fp++;
      set.falseAlarms.push(`${f.file}:${f.line} ${f.detector} — ${f.message}`);
    }
  }
  for (const [key, labels] of expected) {
    const set = sets[setOf(key)];
    for (const id of labels) {
      if (matched.has(`${key}:${id}`)) continue;
      set.counts.get(id)!.fn++;
      set.misses.push(`${key} ${id}${detectors.some((d) => d.meta.id === id) ? '' : ' (no such detector)'}`);
    }
  }
  const out = {} as Record<SetName, SetScore>;
  for (const name of SETS) {
    const scores = [...sets[name].counts.values()].map(finish);
    const overall = finish(
      scores.reduce((a, s) => ({ ...a, tp: a.tp + s.tp, fp: a.fp + s.fp, fn: a.fn + s.fn }), {
        detector: 'overall',
        tp: 0,
        fp: 0,
        fn: 0,
        precision: 1,
        recall: 1,
      }),
    );
    out[name] = {
      files: fileCount[name],
      scores,
      overall,
      misses: sets[name].misses,
      falseAlarms: sets[name].falseAlarms,
    };
  }
  return { sets: out, notAnalysed: result.notAnalysed };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(7);

function table(title: string, set: SetScore): string {
  const rows = [`${title} (${set.files} files)`, `${'detector'.padEnd(26)}   tp   fp   fn precision  recall`];
  for (const s of [...set.scores.filter((x) => x.tp + x.fp + x.fn > 0), set.overall])
    rows.push(
      `${s.detector.padEnd(26)} ${String(s.tp).padStart(4)} ${String(s.fp).padStart(4)} ${String(s.fn).padStart(4)}   ${pct(s.precision)} ${pct(s.recall)}`,
    );
  return rows.join('\n');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const corpus = resolve(args.find((a) => !a.startsWith('--')) ?? 'corpus/contracts');
  const { sets, notAnalysed } = await evaluate(corpus);
  if (args.includes('--json')) {
    process.stdout.write(`${JSON.stringify({ sets, notAnalysed }, null, 2)}\n`);
  } else {
    process.stdout.write(`${table('original files: the detectors were written against them', sets.original)}\n\n`);
    process.stdout.write(`${table('blind files: labeled before the detectors ran on them', sets.blind)}\n\n`);
    process.stdout.write(
      `${table('holdout files: labeled after the detector changes, never used to change them', sets.holdout)}\n`,
    );
    if (args.includes('--verbose')) {
      for (const name of SETS) {
        for (const m of sets[name].misses) process.stdout.write(`miss  ${m}\n`);
        for (const f of sets[name].falseAlarms) process.stdout.write(`false ${f}\n`);
      }
    }
    for (const n of notAnalysed) process.stdout.write(`not analysed: ${n.file}: ${n.reason}\n`);
  }
}

/**
 * Precision and recall of the Solidity detectors on the labeled corpus in corpus/contracts.
 * A line annotated `// expect: a, b` is a true vulnerability for detectors a and b. Findings of
 * informational detectors (pragma, deprecated syntax) are scored only inside their own folder,
 * since old-style sources elsewhere legitimately trigger them without being labeled for them.
 * Usage: tsx scripts/eval-contracts.ts [corpus-dir] [--json]
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

export async function evaluate(corpus: string): Promise<{
  scores: DetectorScore[];
  overall: DetectorScore;
  notAnalysed: { file: string; reason: string }[];
  misses: string[];
  falseAlarms: string[];
}> {
  const files = await solidityFiles([corpus]);
  const expected = new Map<string, Set<string>>(); // `${file}:${line}` → detector ids
  for (const path of files) {
    const rel = path.slice(corpus.length + 1);
    const lines = (await readFile(path, 'utf8')).split('\n');
    lines.forEach((text, i) => {
      const m = text.match(/\/\/\s*expect:\s*([\w\-, ]+)/);
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
  const counts = new Map<string, DetectorScore>(
    detectors.map((d) => [d.meta.id, { detector: d.meta.id, tp: 0, fp: 0, fn: 0, precision: 1, recall: 1 }]),
  );
  const matched = new Set<string>();
  const falseAlarms: string[] = [];
  for (const f of result.findings) {
    if (informational.has(f.detector) && f.file.split(sep)[0] !== f.detector) continue;
    const score = counts.get(f.detector)!;
    let hit = false;
    for (let line = f.line; line <= f.endLine; line++) {
      const key = `${f.file}:${line}`;
      if (expected.get(key)?.has(f.detector)) {
        hit = true;
        const label = `${key}:${f.detector}`;
        if (!matched.has(label)) {
          matched.add(label);
          score.tp++;
        }
        break;
      }
    }
    if (!hit) {
      score.fp++;
      falseAlarms.push(`${f.file}:${f.line} ${f.detector} — ${f.message}`);
    }
  }
  const misses: string[] = [];
  for (const [key, ids] of expected) {
    for (const id of ids) {
      if (matched.has(`${key}:${id}`)) continue;
      const score = counts.get(id);
      if (!score) {
        misses.push(`${key} unknown detector ${id}`);
        continue;
      }
      score.fn++;
      misses.push(`${key} ${id}`);
    }
  }
  const finish = (s: DetectorScore): DetectorScore => ({
    ...s,
    precision: s.tp + s.fp ? s.tp / (s.tp + s.fp) : 1,
    recall: s.tp + s.fn ? s.tp / (s.tp + s.fn) : 1,
  });
  const scores = [...counts.values()].map(finish);
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
  return { scores, overall, notAnalysed: result.notAnalysed, misses, falseAlarms };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(7);

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const corpus = resolve(args.find((a) => !a.startsWith('--')) ?? 'corpus/contracts');
  const { scores, overall, notAnalysed, misses, falseAlarms } = await evaluate(corpus);
  if (args.includes('--json')) {
    process.stdout.write(`${JSON.stringify({ scores, overall, notAnalysed, misses, falseAlarms }, null, 2)}\n`);
  } else {
    const rows = [...scores, overall];
    process.stdout.write(`${'detector'.padEnd(26)}   tp   fp   fn precision  recall\n`);
    for (const s of rows)
      process.stdout.write(
        `${s.detector.padEnd(26)} ${String(s.tp).padStart(4)} ${String(s.fp).padStart(4)} ${String(s.fn).padStart(4)}   ${pct(s.precision)} ${pct(s.recall)}\n`,
      );
    if (args.includes('--verbose')) {
      for (const m of misses) process.stdout.write(`miss  ${m}\n`);
      for (const f of falseAlarms) process.stdout.write(`false ${f}\n`);
    }
    for (const n of notAnalysed) process.stdout.write(`not analysed: ${n.file}: ${n.reason}\n`);
  }
}

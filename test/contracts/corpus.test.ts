import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { detectors } from '../../src/analyzers/solidity/analyze.js';
import { evaluate, type DetectorScore } from '../../scripts/eval-contracts.js';

const corpus = fileURLToPath(new URL('../../corpus/contracts', import.meta.url));
let scores: Map<string, DetectorScore>;
let misses: string[];
let falseAlarms: string[];

beforeAll(async () => {
  const result = await evaluate(corpus);
  const original = result.sets.original;
  scores = new Map(original.scores.map((s) => [s.detector, s]));
  misses = original.misses;
  falseAlarms = original.falseAlarms;
  // The one file with a syntax error is analysed apart from the declaration around it.
  expect(result.notAnalysed).toEqual([
    {
      file: 'blind/parsing/broken-function-05.sol',
      reason: expect.stringMatching(/^partly analysed: lines 8–10 skipped \(syntax error: /),
    },
  ]);
});

describe('labeled corpus (original files)', () => {
  it.each(detectors.map((d) => d.meta.id))(
    '%s finds every annotated line and nothing in the safe look-alikes',
    (id) => {
      const s = scores.get(id)!;
      expect(s.tp, `${id} has at least 5 labeled vulnerabilities`).toBeGreaterThanOrEqual(5);
      expect(misses.filter((m) => m.endsWith(` ${id}`))).toEqual([]);
      expect(falseAlarms.filter((f) => f.includes(` ${id} — `))).toEqual([]);
    },
  );

  it('every detector carries complete metadata', () => {
    for (const d of detectors) {
      const m = d.meta;
      expect(m.id).toMatch(/^[a-z0-9-]+$/);
      for (const field of [m.title, m.description, m.exploitScenario, m.recommendation])
        expect(field.length).toBeGreaterThan(10);
      if (m.swc !== null) expect(m.swc).toMatch(/^SWC-\d{3}$/);
    }
    expect(new Set(detectors.map((d) => d.meta.id)).size).toBe(detectors.length);
  });
});

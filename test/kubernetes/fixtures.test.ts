import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { actualRows, FIXTURES } from './harness.js';

/**
 * The fixture corpus and its expected results: `expected.tsv` lists, per fixture, every non-passing
 * result (check#sub-result, status, file:line). Generic pod-hygiene checks are tracked only for
 * fixtures named generic-*, so chain fixtures list what is specific to them.
 */

interface Expected {
  fixture: string;
  rows: string[];
}

function table(): Expected[] {
  const byFixture = new Map<string, string[]>();
  for (const line of readFileSync(`${FIXTURES}expected.tsv`, 'utf8').split('\n')) {
    if (!line.trim() || line.startsWith('#')) continue;
    const [fixture, ref, status, at] = line.split('\t');
    const rows = byFixture.get(fixture) ?? [];
    if (ref !== '-') rows.push(`${ref} ${status} ${at}`);
    byFixture.set(fixture, rows);
  }
  return [...byFixture].map(([fixture, rows]) => ({ fixture, rows: rows.sort() }));
}

describe('fixture corpus: every fixture gives exactly its expected results', () => {
  const all = table();
  it('the corpus has at least 40 fixtures', () => {
    expect(all.length).toBeGreaterThanOrEqual(40);
  });
  for (const { fixture, rows } of all)
    it(fixture, async () => {
      expect(await actualRows(fixture)).toEqual(rows);
    });
});

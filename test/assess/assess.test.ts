import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareRuns } from '../../src/assess/compare.js';
import { diffRuns } from '../../src/assess/diff.js';
import { loadManualAnswers } from '../../src/assess/manual.js';
import { itemVerdict } from '../../src/assess/verdict.js';
import { assessRun, finding, item, runOf, testCatalog } from '../support/fixtures.js';

describe('item verdict rule', () => {
  const f = finding;
  it.each([
    [[], 'not-assessed'],
    [[f('a', 'not-applicable', 'low', [])], 'not-applicable'],
    [[f('a', 'error', 'low', [])], 'not-assessed'],
    [[f('a', 'pass', 'low', []), f('b', 'pass', 'high', [])], 'conforming'],
    [[f('a', 'fail', 'high', []), f('b', 'fail', 'low', [])], 'non-conforming'],
    [[f('a', 'pass', 'high', []), f('b', 'fail', 'high', [])], 'partly-conforming'],
    [[f('a', 'pass', 'high', []), f('b', 'warn', 'low', [])], 'partly-conforming'],
    [[f('a', 'pass', 'high', []), f('b', 'error', 'low', [])], 'not-assessed'],
    [[f('a', 'warn', 'high', []), f('b', 'error', 'low', [])], 'not-assessed'],
    [[f('a', 'fail', 'low', []), f('b', 'error', 'low', [])], 'non-conforming'],
    [[f('a', 'pass', 'high', []), f('b', 'fail', 'critical', [])], 'non-conforming'],
  ] as const)('%# → %s', (findings, expected) => {
    expect(itemVerdict([...findings]).verdict).toBe(expected);
  });

  it('fails closed: a check that could not run leaves the item not assessed, with the reason', () => {
    const v = itemVerdict([finding('a', 'pass', 'low', [])], undefined, [
      'b @ node-2: node-2 could not be reached or read',
    ]);
    expect(v).toMatchObject({ verdict: 'not-assessed', basis: 'automated' });
    expect(v.rationale).toContain('node-2 could not be reached');
    expect(itemVerdict([finding('a', 'fail', 'low', [])], undefined, ['b @ node-2: unreachable']).verdict).toBe(
      'non-conforming',
    );
  });

  it('lets a manual answer decide and names a conflict', () => {
    const v = itemVerdict([finding('a', 'fail', 'high', [])], { verdict: 'conforming', evidence: [], assessor: 'Li' });
    expect(v).toMatchObject({ verdict: 'conforming', basis: 'manual' });
    expect(v.rationale).toContain('automated results differ');
  });
});

describe('score, band and summaries', () => {
  const catalog = testCatalog([
    item('DJCP.P2P.A', 'high'),
    item('DJCP.P2P.B', 'medium', ['CP.DATA_INTEGRITY']),
    item('DJCP.LEDGER.C', 'low', ['CP.DATA_INTEGRITY'], 'ledger'),
    item('DJCP.LEDGER.D', 'critical', ['CP.ACCESS_CONTROL'], 'ledger'),
  ]);

  it('weights item scores by severity and deducts open failures', () => {
    const run = runOf([
      finding('c1', 'pass', 'high', ['DJCP.P2P.A']),
      finding('c2', 'fail', 'medium', ['DJCP.P2P.B']),
      finding('c3', 'pass', 'low', ['DJCP.LEDGER.C']),
      finding('c3', 'warn', 'low', ['DJCP.LEDGER.C'], 't1', 'x'),
    ]);
    const a = assessRun(run, catalog);
    // A conforming (w3 × 1), B non-conforming (w2 × 0), C partly (w1 × 0.5), D not assessed.
    expect(a.scoring.base).toBe(Math.round((1000 * 3.5) / 6) / 10);
    expect(a.scoring.deduction).toBe(0.5);
    expect(a.score).toBe(Math.round((58.3 - 0.5) * 10) / 10);
    expect(a.band).toBe('poor');
    expect(a.totals.verdicts).toMatchObject({
      conforming: 1,
      'non-conforming': 1,
      'partly-conforming': 1,
      'not-assessed': 1,
    });
    const di = a.controlPoints.find((c) => c.id === 'CP.DATA_INTEGRITY')!;
    expect(di.verdicts).toMatchObject({ 'non-conforming': 1, 'partly-conforming': 1 });
    expect(a.layers.map((l) => l.id)).toEqual(['djcp-blockchain/p2p', 'djcp-blockchain/ledger']);
  });

  it('caps the band when a high-severity failure is open', () => {
    const all = ['DJCP.P2P.A', 'DJCP.P2P.B', 'DJCP.LEDGER.C', 'DJCP.LEDGER.D'];
    const clean = assessRun(runOf(all.map((i) => finding(`c-${i}`, 'pass', 'low', [i]))), catalog);
    expect(clean.score).toBe(100);
    expect(clean.band).toBe('excellent');
    const withHigh = assessRun(
      runOf([...all.map((i) => finding(`c-${i}`, 'pass', 'low', [i])), finding('x', 'fail', 'high', [])]),
      catalog,
    );
    expect(withHigh.score).toBe(98);
    expect(withHigh.band).toBe('poor');
    expect(withHigh.scoring.cappedBy).toContain('1 open failing finding');
  });

  it('has no score when nothing could be assessed', () => {
    const a = assessRun(runOf([]), catalog);
    expect(a.score).toBeNull();
    expect(a.items.every((i) => i.verdict === 'not-assessed')).toBe(true);
  });

  it('states the formula in both languages', () => {
    const a = assessRun(runOf([]), catalog);
    expect(a.scoring.formula.en).toContain('critical 4');
    expect(a.scoring.formula.zh).toContain('部分符合 0.5');
  });
});

describe('manual answers', () => {
  const dir = mkdtempSync(join(tmpdir(), 'chainaudit-manual-'));
  const known = new Set(['DJCP.P2P.A', 'DJCP.P2P.B']);
  it('reads Chinese and English verdicts and inherits assessor and date', () => {
    const p = join(dir, 'm.yaml');
    writeFileSync(
      p,
      'assessor: Wang\ndate: 2026-11-20\nanswers:\n  DJCP.P2P.A:\n    verdict: 部分符合\n    note: only two of five nodes authenticate peers\n    evidence: [photos/ops.png]\n  DJCP.P2P.B: null\n',
    );
    const m = loadManualAnswers(p, known);
    expect(m.get('DJCP.P2P.A')).toEqual({
      verdict: 'partly-conforming',
      note: 'only two of five nodes authenticate peers',
      evidence: ['photos/ops.png'],
      assessor: 'Wang',
      date: '2026-11-20',
    });
    expect(m.has('DJCP.P2P.B')).toBe(false);
  });
  it('names an unknown item and a bad verdict', () => {
    const p1 = join(dir, 'u.yaml');
    writeFileSync(p1, 'answers:\n  NOPE.X: { verdict: conforming }\n');
    expect(() => loadManualAnswers(p1, known)).toThrow(/answers\.NOPE\.X: no catalog item/);
    const p2 = join(dir, 'v.yaml');
    writeFileSync(p2, 'answers:\n  DJCP.P2P.A:\n    verdict: maybe\n');
    expect(() => loadManualAnswers(p2, known)).toThrow(/v\.yaml:3: answers\.DJCP\.P2P\.A\.verdict/);
  });
});

describe('diff and compare', () => {
  const catalog = testCatalog([item('DJCP.P2P.A', 'high'), item('DJCP.P2P.B', 'medium')]);
  it('classifies new, fixed, still failing, changed and not re-checked', () => {
    const before = assessRun(
      runOf(
        [
          finding('fixed', 'fail', 'high', ['DJCP.P2P.A']),
          finding('still', 'fail', 'medium', []),
          finding('changed', 'fail', 'medium', []),
          finding('gone', 'fail', 'low', []),
          finding('vanished', 'fail', 'low', []),
          finding('vanished', 'pass', 'low', [], 't1', 'other'),
        ],
        'A',
      ),
      catalog,
    );
    const after = assessRun(
      runOf(
        [
          finding('fixed', 'pass', 'high', ['DJCP.P2P.A']),
          finding('still', 'fail', 'medium', []),
          finding('changed', 'fail', 'critical', []),
          finding('new', 'fail', 'high', []),
          finding('vanished', 'pass', 'low', [], 't1', 'other'),
        ],
        'B',
      ),
      catalog,
    );
    const d = diffRuns(before, after);
    expect(d.new.map((c) => c.checkId)).toEqual(['new']);
    expect(d.fixed.map((c) => c.checkId).sort()).toEqual(['fixed', 'vanished']);
    expect(d.stillFailing.map((c) => c.checkId)).toEqual(['still']);
    expect(d.changed.map((c) => c.checkId)).toEqual(['changed']);
    expect(d.notRechecked.map((c) => c.checkId)).toEqual(['gone']);
  });

  it('builds the Table-10 view with qualified counts', () => {
    const r1 = assessRun(
      runOf([finding('a', 'pass', 'low', ['DJCP.P2P.A']), finding('b', 'fail', 'low', ['DJCP.P2P.B'])], 'R1'),
      catalog,
    );
    const r2 = assessRun(
      runOf([finding('a', 'pass', 'low', ['DJCP.P2P.A']), finding('b', 'pass', 'low', ['DJCP.P2P.B'])], 'R2'),
      catalog,
    );
    const r3 = assessRun(runOf([finding('a', 'not-applicable', 'low', ['DJCP.P2P.A'])], 'R3'), catalog);
    const c = compareRuns([r1, r2, r3]);
    expect(c.rows.map((r) => r.marks)).toEqual([
      ['✓', '✓', 'n.a.'],
      ['✗', '✓', '—'],
    ]);
    expect(c.qualified).toEqual([1, 2, 0]);
  });
});

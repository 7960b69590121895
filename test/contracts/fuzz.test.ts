import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyzePaths, analyzeSource, solidityFiles } from '../../src/analyzers/solidity/analyze.js';
import { ParseFailure } from '../../src/analyzers/solidity/parse.js';
import { BudgetExceeded } from '../../src/analyzers/solidity/walk.js';

const corpus = fileURLToPath(new URL('../../corpus/contracts', import.meta.url));

/** Deterministic generator so a failure can be replayed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function expectContained(source: string): void {
  try {
    const r = analyzeSource('fuzz.sol', source, { fileBudgetMs: 5000 });
    for (const f of r.findings) {
      expect(f.line).toBeGreaterThan(0);
      expect(f.endLine).toBeGreaterThanOrEqual(f.line);
    }
  } catch (err) {
    if (!(err instanceof ParseFailure || err instanceof BudgetExceeded || err instanceof RangeError)) throw err;
  }
}

describe('hostile and broken sources', () => {
  it('random bytes never crash the analyzer', () => {
    const next = rng(20261121);
    for (let i = 0; i < 40; i++) {
      const bytes = Buffer.from(Array.from({ length: 1 + Math.floor(next() * 400) }, () => Math.floor(next() * 256)));
      expectContained(bytes.toString('latin1'));
    }
  });

  it('every corpus file truncated at random points never crashes the analyzer', async () => {
    const next = rng(7);
    const files = await solidityFiles([corpus]);
    for (const file of files.slice(0, 60)) {
      const source = readFileSync(file, 'utf8');
      for (let k = 0; k < 3; k++) expectContained(source.slice(0, Math.floor(next() * source.length)));
    }
  });

  it('random token soup built from Solidity keywords never crashes the analyzer', () => {
    const next = rng(99);
    const tokens = [
      'contract',
      'C',
      '{',
      '}',
      '(',
      ')',
      'function',
      'f',
      'public',
      'payable',
      'msg.sender',
      '.call{value: 1}("")',
      ';',
      '=',
      'require',
      'for',
      'uint',
      'x',
      '+=',
      'unchecked',
      'modifier',
      '_',
      'is',
      'mapping(address=>uint)',
      '[',
      ']',
      'if',
      'else',
      'selfdestruct',
      'tx.origin',
      '==',
      'emit',
      'assembly',
      'pragma solidity ^0.8.0;',
    ];
    for (let i = 0; i < 60; i++) {
      const soup = Array.from(
        { length: 10 + Math.floor(next() * 120) },
        () => tokens[Math.floor(next() * tokens.length)],
      ).join(' ');
      expectContained(soup);
    }
  });

  it('deeply nested expressions end as "not analysed", not as a crash or a hang', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sol-fuzz-'));
    const depth = 20000;
    writeFileSync(
      join(dir, 'deep.sol'),
      `pragma solidity 0.8.0; contract D { function f() public pure returns (uint) { return ${'('.repeat(depth)}1${')'.repeat(depth)}; } }`,
    );
    writeFileSync(join(dir, 'ok.sol'), 'pragma solidity 0.8.19; contract Ok { uint256 public x; }');
    writeFileSync(join(dir, 'binary.sol'), Buffer.from([0, 1, 2, 3, 0xff, 0xfe]));
    writeFileSync(join(dir, 'huge.sol'), `contract H { ${'uint256 public a; '.repeat(1000)} }`);
    const started = Date.now();
    const r = await analyzePaths([dir], { maxFileBytes: 10_000 });
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(r.files.map((f) => f.file.split('/').pop())).toContain('ok.sol');
    const reasons = Object.fromEntries(r.notAnalysed.map((n) => [n.file.split('/').pop(), n.reason]));
    expect(reasons['binary.sol']).toMatch(/binary/);
    expect(reasons['huge.sol']).toMatch(/over the 10000-byte limit/);
    // Whatever the parser makes of it, the file is accounted for: analysed or listed with a reason.
    expect([...r.files.map((f) => f.file.split('/').pop()), ...Object.keys(reasons)]).toContain('deep.sol');
    expect(readdirSync(dir)).toHaveLength(4);
  });

  it('stops a worker whose file takes longer than the budget and analyses the rest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sol-slow-'));
    const body = Array.from(
      { length: 3000 },
      (_, i) => `function f${i}(uint a) public { x = (a + ${i}) * (a - ${i}) / (1 + a % 7); }`,
    ).join('\n');
    writeFileSync(join(dir, 'slow.sol'), `pragma solidity 0.8.19; contract Slow { uint x; ${body} }`);
    writeFileSync(join(dir, 'tiny.sol'), 'pragma solidity 0.8.19; contract Tiny { uint256 public x; }');
    const started = Date.now();
    const r = await analyzePaths([dir], { fileBudgetMs: 300, workers: 1 });
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(r.notAnalysed).toEqual([
      { file: join(dir, 'slow.sol'), reason: 'analysis exceeded its time budget of 300 ms' },
    ]);
    expect(r.files.map((f) => f.file)).toEqual([join(dir, 'tiny.sol')]);
  });
});

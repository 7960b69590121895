import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { analyzeSource, solidityFiles } from '../../src/analyzers/solidity/analyze.js';
import { ParseFailure, parseSource } from '../../src/analyzers/solidity/parse.js';

const corpus = fileURLToPath(new URL('../../corpus/contracts', import.meta.url));
const antlr = createRequire(import.meta.url)('@solidity-parser/parser') as {
  parse: (s: string, o: object) => unknown;
};

/** Key-sorted JSON without comments, end positions and inline-assembly internals (the detectors read none of them). */
function canonical(tree: unknown): string {
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip);
    if (!v || typeof v !== 'object') return v;
    const o = v as Record<string, unknown>;
    if (o.type === 'InlineAssemblyStatement') return { type: o.type, range: o.range };
    return Object.fromEntries(
      Object.keys(o)
        .filter((k) => k !== 'comments')
        .sort()
        .map((k) => [k, k === 'loc' ? (o.loc as { start: unknown }).start : strip(o[k])]),
    );
  };
  return JSON.stringify(strip(tree));
}

describe('parsing', () => {
  it('gives the same tree and start positions as the ANTLR parser on every corpus file it accepts', async () => {
    const files = await solidityFiles([corpus]);
    let compared = 0;
    for (const file of files) {
      const source = readFileSync(file, 'utf8');
      let reference: unknown;
      try {
        reference = antlr.parse(source, { loc: true, range: true });
      } catch {
        continue;
      }
      expect(canonical(parseSource(source).ast), file).toBe(canonical(reference));
      compared++;
    }
    expect(compared).toBeGreaterThan(150);
  });

  it('reads `throw` and `revert(...)` as the ANTLR parser does', () => {
    const ast = parseSource(
      'pragma solidity 0.4.24; contract C { function f(uint a) public { if (a == 0) throw; if (a == 1) revert(); revert("no"); } }',
    ).ast;
    const text = JSON.stringify(ast);
    expect(text).toContain('"type":"ThrowStatement"');
    expect(text).not.toContain('RevertStatement');
    expect(text.match(/"name":"revert"/g)).toHaveLength(2);
  });

  it('accepts a hyphen version range and reads its lowest version', () => {
    const p = parseSource('pragma solidity 0.4.24 - 0.5.2;\ncontract A { function f() public {} }');
    expect(p.pragmas[0]).toMatchObject({ value: '0.4.24 - 0.5.2', floating: true });
    expect(p.version).toEqual({ major: 0, minor: 4, patch: 24 });
    expect(p.skipped).toEqual([]);
  });

  it('falls back to the ANTLR parser for syntax the fast parser lacks (0.4 `function constructor`)', () => {
    const p = parseSource(
      'pragma solidity 0.4.24; contract R { address a; function constructor() public { a = msg.sender; } }',
    );
    expect(p.skipped).toEqual([]);
    expect(p.ast.children[1].subNodes[1].type).toBe('FunctionDefinition');
  });

  it('skips the declaration around a syntax error, says which lines, and analyses the rest', () => {
    const source = [
      'pragma solidity ^0.5.0;',
      'contract Broken {',
      '    uint total;',
      '    function add(uint x) public {',
      '        total = total + x +;',
      '    }',
      '    function kill() public { selfdestruct(msg.sender); }',
      '}',
      'contract Open {',
      '    function () external payable {}',
      '    function drain() public { selfdestruct(msg.sender); }',
      '}',
    ].join('\n');
    const r = analyzeSource('broken.sol', source);
    expect(r.skipped).toEqual([{ line: 4, endLine: 6, reason: expect.stringMatching(/^syntax error: /) }]);
    const lines = r.findings.filter((f) => f.detector === 'unprotected-selfdestruct').map((f) => f.line);
    expect(lines).toEqual([7, 11]);
  });

  it('recovers from several broken declarations and from a broken contract header', () => {
    const source =
      'contract A is { uint x; }\ncontract B { function f( public {} function g() public { uint y = ; } uint z; }';
    const p = parseSource(source);
    expect(p.skipped.length).toBeGreaterThanOrEqual(2);
    expect(p.ast.children.some((c: { name?: string }) => c.name === 'B')).toBe(true);
  });

  it('fails with the first syntax error when nothing can be recovered, and prints nothing', () => {
    const log = vi.spyOn(console, 'log');
    expect(() => parseSource('\u0001\u0002 garbage {{{')).toThrow(ParseFailure);
    expect(() => parseSource('contract X { function ( }')).not.toThrow();
    expect(log).not.toHaveBeenCalled();
    log.mockRestore();
  });

  it('keeps positions right after non-ASCII text', () => {
    const source =
      'contract A {\n  string s = unicode"héllo ✓ 😀"; // ünïcode\n  uint x = 1; function f() public { x = 2; }\n}';
    const variable = parseSource(source).ast.children[0].subNodes[1].variables[0];
    expect(source.slice(variable.identifier.range[0], variable.identifier.range[1] + 1)).toBe('x');
    expect(variable.identifier.loc.start).toEqual({ line: 3, column: 7 });
  });
});

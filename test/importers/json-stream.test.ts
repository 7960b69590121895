import { describe, expect, it } from 'vitest';
import { JsonSelector, JsonStreamError, type PathSegment } from '../../src/importers/json-stream.js';

/** Feeds `text` in chunks of every size from 1 byte up, so every boundary case is crossed. */
function select(text: string, patterns: PathSegment[][], chunk: number) {
  const bytes = Buffer.from(text, 'utf8');
  const sel = new JsonSelector(patterns);
  const out: { path: PathSegment[]; value: unknown }[] = [];
  for (let i = 0; i < bytes.length; i += chunk) out.push(...sel.write(bytes.subarray(i, i + chunk)));
  sel.end();
  return out.map(({ path, value }) => ({ path, value }));
}

function randomValue(rnd: () => number, depth: number): unknown {
  const r = rnd();
  if (depth > 4 || r < 0.3) {
    const s = rnd();
    if (s < 0.25) return Math.round(rnd() * 1e6) / (rnd() < 0.5 ? 1 : 1000) - 500;
    if (s < 0.35) return rnd() < 0.5;
    if (s < 0.4) return null;
    const pieces = ['a', '"', '\\', '\\\\"', '中文', 'é', '\n', '\u2028', '}', ']', ',', ':', '\u0001', '😀'];
    return Array.from({ length: Math.floor(rnd() * 6) }, () => pieces[Math.floor(rnd() * pieces.length)]).join('');
  }
  if (r < 0.65) return Array.from({ length: Math.floor(rnd() * 5) }, () => randomValue(rnd, depth + 1));
  const o: Record<string, unknown> = {};
  for (let i = 0; i < rnd() * 5; i++)
    o[['results', 'runs', 'k"ey', 'x\\y', '中', String(i)][Math.floor(rnd() * 6)]] = randomValue(rnd, depth + 1);
  return o;
}

function seeded(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
}

/** The reference: walk the fully parsed document and collect what the patterns select, in document order. */
function reference(doc: unknown, patterns: PathSegment[][]) {
  const out: { path: PathSegment[]; value: unknown }[] = [];
  const walk = (v: unknown, path: PathSegment[]) => {
    const hit = patterns.some(
      (p) => p.length === path.length && p.every((seg, i) => seg === '*' || String(seg) === String(path[i])),
    );
    if (hit) {
      out.push({ path, value: v });
      return;
    }
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, i]));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
  };
  walk(doc, []);
  return out;
}

describe('JsonSelector', () => {
  it('selects exactly what a full parse finds, at every chunk size, on random documents', () => {
    const rnd = seeded(7);
    const patterns: PathSegment[][] = [['runs', '*', 'results', '*'], ['中'], ['*', 'k"ey'], ['x\\y', '*']];
    for (let n = 0; n < 300; n++) {
      const doc = {
        runs: [{ results: [randomValue(rnd, 0), randomValue(rnd, 0)] }],
        ...(randomValue(rnd, 0) as object),
      };
      const text = JSON.stringify(doc, null, n % 3 === 0 ? 2 : undefined);
      const expected = reference(JSON.parse(text), patterns);
      for (const chunk of [1, 2, 3, 7, 64, 1 << 16])
        expect(select(text, patterns, chunk), `doc ${n} chunk ${chunk}`).toEqual(expected);
    }
  });

  it('selects top-level scalars and the whole document', () => {
    expect(select('{"version":"2.1.0","n":12.5e3}', [['version'], ['n']], 1).map((s) => s.value)).toEqual([
      '2.1.0',
      12500,
    ]);
    expect(select(' [1, {"a":true}] ', [[]], 2)[0].value).toEqual([1, { a: true }]);
    expect(select('{"a":null}', [['a']], 1)[0].value).toBeNull();
  });

  it('refuses what is not JSON, naming the byte offset and the path', () => {
    const bad: [string, RegExp][] = [
      ['{"a" 1}', /expected ":"/],
      ['{"a":1,}', /expected a key/],
      ['[1 2]', /expected "," or "\]"/],
      ['{"a":[1,2}', /unexpected "}"/],
      ['{"a":tru}', /unexpected "tru"/],
      ['{"a":"x', /ends inside a string/],
      ['{"a":{"b":1}', /ends before its 1 open container/],
      ['', /empty/],
      ['%PDF-1.7', /unexpected byte 0x25/],
      ['{} {}', /after the end/],
      ['{"runs":[{"results":[{"x":01}]}]}', /not valid JSON|unexpected/],
    ];
    for (const [text, re] of bad) {
      let err: unknown;
      try {
        select(text, [['runs', '*', 'results', '*']], 3);
      } catch (e) {
        err = e;
      }
      expect(err, text).toBeInstanceOf(JsonStreamError);
      expect((err as Error).message, text).toMatch(re);
    }
    try {
      select('{"runs":[{"results":[{"ok":1},{"bad":[1,]}]}]}', [['runs', '*', 'results', '*']], 5);
    } catch (e) {
      expect((e as JsonStreamError).path).toMatch(/^runs\[0\]\.results\[1\]/);
    }
  });

  it('bounds a single selected value and the nesting depth', () => {
    const big = JSON.stringify({ results: ['x'.repeat(5000)] });
    const sel = new JsonSelector([['results', '*']], { maxValueBytes: 1000, maxDepth: 512 });
    expect(() => sel.write(Buffer.from(big))).toThrow(/larger than the 1000-byte limit/);
    const deep = new JsonSelector([], { maxValueBytes: 1000, maxDepth: 10 });
    expect(() => deep.write(Buffer.from('['.repeat(20)))).toThrow(/nesting deeper than 10/);
  });
});

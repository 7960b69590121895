import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.js';
import { registry } from '../../src/checks/index.js';
import { defineCheck, type Check } from '../../src/checks/types.js';
import { RULES, readTree, type Tree } from './rules.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const catalog = loadCatalog();
const mappings = catalog.items.map((i) => ({ item: i.id, refs: i.checks }));
const tree = await readTree(ROOT, registry, mappings);

describe('conventions every check follows', () => {
  it('finds the check files', () => {
    expect(tree.sources.length).toBe(registry.length);
  });
  for (const [name, rule] of Object.entries(RULES)) {
    it(name, () => expect(rule(tree)).toEqual([]));
  }
});

/** One deliberate violation per rule, so each rule is seen to fail. */
describe('each convention catches its violation', () => {
  const stray = defineCheck(
    {
      id: 'evm.rpc.stray-example',
      title: 'A check that breaks the conventions',
      description: 'Exists only to show the conventions test failing on it.',
      targetKinds: ['evm-node'],
      severity: 'low',
      confidence: 'low',
      tags: [],
      remediation: 'Follow docs/architecture.md.',
      references: [],
      level: 'passive',
      results: { Bad_Id: { title: 'not hyphenated' } },
    },
    async () => [],
  );
  const real = tree.sources[0];
  const broken: Record<string, Tree> = {
    'id matches its folder and file name': { ...tree, sources: [{ ...real, file: 'src/checks/evm/misnamed.ts' }] },
    'every check file is registered': {
      ...tree,
      sources: [{ check: stray, file: 'src/checks/evm/rpc-stray-example.ts', text: '' }],
    },
    'every registered check has its own file': { ...tree, registry: [...tree.registry, stray] },
    'check ids are unique': { ...tree, registry: [...tree.registry, { ...real.check } as Check] },
    'every check has a test that names it (by id, or by importing its file)': { ...tree, registry: [stray] },
    'every sub-result a check returns is declared': {
      ...tree,
      sources: [
        { check: stray, file: 'src/checks/evm/rpc-stray-example.ts', text: "return [{ result: 'undeclared' }]" },
      ],
    },
    'sub-result ids are lower-case and hyphenated': { ...tree, registry: [stray] },
    'every checks: entry resolves to a check': {
      ...tree,
      mappings: [{ item: 'X.Y', refs: ['evm.rpc.no-such-check'] }],
    },
    'every check is mapped by at least one framework item': { ...tree, registry: [...tree.registry, stray] },
  };
  for (const [name, rule] of Object.entries(RULES)) {
    it(`${name}: fails on a violation`, () => {
      expect(broken[name], `no violation written for rule "${name}"`).toBeDefined();
      expect(rule(broken[name]).length).toBeGreaterThan(0);
    });
  }
});

import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { z } from 'zod';
import {
  controlPointsFile,
  errorAuditFile,
  frameworkFile,
  gradingFile,
  scoringFile,
  type CatalogItem,
  type FrameworkFile,
} from '../../src/catalog/schema.js';

const catalogDir = new URL('../../catalog/', import.meta.url);
const seedsDir = new URL('../../../shared/seeds/', import.meta.url);

function readYaml(name: string): unknown {
  return parse(readFileSync(new URL(name, catalogDir), 'utf8'));
}

function validated<S extends z.ZodType>(schema: S, name: string): z.infer<S> {
  const result = schema.safeParse(readYaml(name));
  if (!result.success) throw new Error(`${name}: ${JSON.stringify(result.error.issues.slice(0, 5), null, 2)}`);
  return result.data;
}

/** `external`: a published standard reproduced as is, whose items name a 等保 control point only where one fits. */
const FRAMEWORK_FILES: Record<string, { id: string; prefixes: string[]; external?: boolean }> = {
  'slowmist-consortium.yaml': { id: 'slowmist-consortium', prefixes: ['BIZ.', 'TECH.'] },
  'djcp-blockchain.yaml': { id: 'djcp-blockchain', prefixes: ['DJCP.'] },
  'djcp-level3-computing.yaml': { id: 'djcp-level3-computing', prefixes: ['DJCP3.CE.'] },
  'monitoring-report.yaml': { id: 'monitoring-report', prefixes: ['MON.'] },
  'cloud-web3.yaml': { id: 'cloud-web3', prefixes: ['CLOUD.'] },
  'public-checklists.yaml': { id: 'public-checklists', prefixes: ['EXT.'] },
  'ccss.yaml': { id: 'ccss', prefixes: ['CCSS.'], external: true },
  'owasp-scsvs.yaml': { id: 'owasp-scsvs', prefixes: ['SCSVS.'], external: true },
};

const frameworks = Object.fromEntries(Object.keys(FRAMEWORK_FILES).map((f) => [f, validated(frameworkFile, f)])) as Record<string, FrameworkFile>;
const allItems: CatalogItem[] = Object.values(frameworks).flatMap((f) => f.items);
const controlPoints = validated(controlPointsFile, 'control-points.yaml');

function itemsOf(file: string, layer?: string): CatalogItem[] {
  return frameworks[file].items.filter((i) => layer === undefined || i.layer === layer);
}

function distinct(values: string[]): number {
  return new Set(values).size;
}

/** Every {en, zh} text object anywhere inside a value, with a path for messages. */
function texts(value: unknown, path: string, out: { path: string; en: unknown; zh: unknown }[] = []) {
  if (Array.isArray(value)) value.forEach((v, i) => texts(v, `${path}[${i}]`, out));
  else if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    if ('en' in obj || 'zh' in obj) out.push({ path, en: obj.en, zh: obj.zh });
    else for (const [k, v] of Object.entries(obj)) texts(v, `${path}.${k}`, out);
  }
  return out;
}

describe('catalog data files', () => {
  it('holds exactly the expected YAML files', () => {
    const files = readdirSync(catalogDir).filter((f) => f.endsWith('.yaml')).sort();
    expect(files).toEqual(
      [...Object.keys(FRAMEWORK_FILES), 'control-points.yaml', 'grading.yaml', 'error-audit.yaml', 'scoring.yaml'].sort(),
    );
  });

  it('every framework file validates, declares its id and uses its own id family and layers', () => {
    for (const [file, expected] of Object.entries(FRAMEWORK_FILES)) {
      const fw = frameworks[file];
      expect(fw.framework.id, file).toBe(expected.id);
      const layers = new Set(fw.framework.layers.map((l) => l.id));
      for (const item of fw.items) {
        expect(expected.prefixes.some((p) => item.id.startsWith(p)), `${file}: ${item.id}`).toBe(true);
        expect(layers.has(item.layer), `${file}: ${item.id} layer ${item.layer}`).toBe(true);
      }
      for (const layer of layers) expect(fw.items.some((i) => i.layer === layer), `${file}: empty layer ${layer}`).toBe(true);
    }
  });

  it('the non-framework files validate against their schemas', () => {
    expect(controlPoints.controlPoints).toHaveLength(13);
    const grading = validated(gradingFile, 'grading.yaml').grading;
    expect(grading.objects).toHaveLength(3);
    expect(grading.degrees.map((d) => d.levels)).toEqual([
      [1, 2, 3],
      [2, 3, 4],
      [3, 4, 5],
    ]);
    const errors = validated(errorAuditFile, 'error-audit.yaml').errorClasses;
    expect(errors.map((e) => e.id)).toEqual(['initialization', 'transaction', 'block', 'consensus', 'network', 'rpc']);
    expect(errors.find((e) => e.id === 'block')!.functions.map((f) => f.name)).toContain('CheckBlock()');
    validated(scoringFile, 'scoring.yaml');
  });

  it('item and framework ids are unique across all files', () => {
    const ids = allItems.map((i) => i.id);
    const dupes = ids.filter((id, i) => ids.indexOf(id) !== i);
    expect(dupes).toEqual([]);
    expect(distinct(Object.values(frameworks).map((f) => f.framework.id))).toBe(Object.keys(frameworks).length);
  });

  it('every control point an item names exists, and every control point is used', () => {
    const known = new Set(controlPoints.controlPoints.map((c) => c.id));
    const unknown = allItems.flatMap((i) => i.controlPoints.filter((cp) => !known.has(cp)).map((cp) => `${i.id} → ${cp}`));
    expect(unknown).toEqual([]);
    const used = new Set(allItems.flatMap((i) => i.controlPoints));
    expect([...known].filter((cp) => !used.has(cp))).toEqual([]);
    for (const [file, { external }] of Object.entries(FRAMEWORK_FILES)) {
      if (external) continue;
      for (const item of frameworks[file].items) expect(item.controlPoints.length, item.id).toBeGreaterThan(0);
    }
  });

  it('control-point sets match Table 2 of the 等保 blockchain evaluation and the level-3 computing environment', () => {
    const inSet = (set: string) => controlPoints.controlPoints.filter((c) => c.sets.includes(set)).length;
    expect(inSet('djcp2-app-data')).toBe(10);
    expect(inSet('djcp3-computing-env')).toBe(11);
    expect(inSet('djcp1-app')).toBe(5);
    const rows = controlPoints.comparison.map((r) => [r.version, r.controlPoints.length]);
    expect(rows).toEqual([
      ['等保1.0', 7],
      ['等保1.0', 3],
      ['等保2.0', 10],
    ]);
  });

  it('every text has a non-empty English and a Chinese version that differ', () => {
    const bad: string[] = [];
    const cjk = /[\u4e00-\u9fff]/;
    for (const name of readdirSync(catalogDir).filter((f) => f.endsWith('.yaml'))) {
      const found = texts(readYaml(name), name);
      expect(found.length, name).toBeGreaterThan(0);
      for (const t of found) {
        if (typeof t.en !== 'string' || !t.en.trim()) bad.push(`${t.path}: empty en`);
        if (typeof t.zh !== 'string' || !cjk.test(t.zh)) bad.push(`${t.path}: zh without Chinese`);
        else if (t.zh === t.en) bad.push(`${t.path}: zh copies en`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('item texts are specific: no description, procedure or expected result is reused verbatim', () => {
    for (const field of ['description', 'procedure', 'expected'] as const) {
      for (const lang of ['en', 'zh'] as const) {
        const values = allItems.map((i) => i[field][lang]);
        const dupes = values.filter((v, i) => values.indexOf(v) !== i);
        expect(dupes, `${field}.${lang}`).toEqual([]);
      }
    }
  });
});

describe('SlowMist consortium-chain audit items', () => {
  const file = 'slowmist-consortium.yaml';
  const seedName = readdirSync(seedsDir).find((f) => f.startsWith('000_'));
  const seedText = readFileSync(new URL(seedName!, seedsDir), 'utf8');

  it('business layer: 3 classifications, 24 categories, 116 subclasses', () => {
    const items = itemsOf(file, 'business');
    expect(items).toHaveLength(116);
    expect(distinct(items.map((i) => i.path[0].en))).toBe(3);
    expect(distinct(items.map((i) => `${i.path[0].en} / ${i.path[1].en}`))).toBe(24);
    for (const i of items) expect(i.path, i.id).toHaveLength(2);
  });

  it('technology layer: 8 classes, 36 subclasses', () => {
    const items = itemsOf(file, 'technology');
    expect(items).toHaveLength(36);
    expect(distinct(items.map((i) => i.path[0].en))).toBe(8);
    for (const i of items) expect(i.path, i.id).toHaveLength(1);
  });

  it('every classification, category, class and subclass name comes from the seed table', () => {
    const missing: string[] = [];
    for (const item of itemsOf(file)) {
      const names = [...item.path.map((p) => p.en), item.title.en.replace(/ \(refers to .*\)$/, '')];
      for (const name of names) if (!seedText.includes(name)) missing.push(`${item.id}: ${name}`);
    }
    expect(missing).toEqual([]);
  });
});

describe('等保 blockchain evaluation items', () => {
  const file = 'djcp-blockchain.yaml';

  it('has 28 items: P2P 9, ledger 7, consensus 6, contract 6', () => {
    expect(itemsOf(file)).toHaveLength(28);
    expect(['p2p', 'ledger', 'consensus', 'contract'].map((l) => itemsOf(file, l).length)).toEqual([9, 7, 6, 6]);
  });

  it('Table 10 reference results total 19 / 19 / 22 qualified items', () => {
    const systems = frameworks[file].framework.referenceSystems!.map((s) => s.id);
    expect(systems).toEqual(['bitcoin', 'ethereum', 'fabric']);
    const totals = systems.map((s) => itemsOf(file).filter((i) => i.reference?.[s] === true).length);
    expect(totals).toEqual([19, 19, 22]);
    for (const i of itemsOf(file)) expect(Object.keys(i.reference ?? {}).sort(), i.id).toEqual(['bitcoin', 'ethereum', 'fabric']);
  });

  it('each item sits under one 等保 category', () => {
    for (const i of itemsOf(file)) expect(i.path, i.id).toHaveLength(1);
    expect(distinct(itemsOf(file, 'p2p').map((i) => i.path[0].en))).toBe(5);
  });
});

describe('等保 level 3 security computing environment', () => {
  it('has 11 control points and 34 items', () => {
    const items = itemsOf('djcp-level3-computing.yaml');
    expect(items).toHaveLength(34);
    expect(distinct(items.map((i) => i.path[0].en))).toBe(11);
  });
});

describe('CryptoCurrency Security Standard (C4), v8.1', () => {
  const items = itemsOf('ccss.yaml');

  it('has one item per control: 33 controls in 9 aspects, Proof of Reserve (2.03) removed', () => {
    expect(items).toHaveLength(33);
    const perAspect = frameworks['ccss.yaml'].framework.layers.map((l) => itemsOf('ccss.yaml', l.id).length);
    expect(perAspect).toEqual([4, 5, 6, 8, 2, 3, 1, 2, 2]);
    expect(items.some((i) => i.source.includes('2.03'))).toBe(false);
  });

  it('each id, clause and level agree, and the category follows the aspect number', () => {
    for (const i of items) {
      const m = /^CCSS\.[A-Z_]+\.(\d)_(\d\d)_(\d)$/.exec(i.id);
      expect(m, i.id).not.toBeNull();
      const clause = `${m![1]}.${m![2]}.${m![3]}`;
      expect(i.source, i.id).toMatch(new RegExp(`^CCSS v8\\.1, aspect ${m![1]}\\.${m![2]} .*control ${clause.replace(/\./g, '\\.')} .*\\(Levels? I`));
      expect(i.description.en, i.id).toMatch(/^Levels? I/);
      expect(i.path[0].en).toBe(m![1] === '1' ? 'Cryptographic asset management' : 'Operations');
    }
  });
});

describe('OWASP Smart Contract Security Verification Standard 0.0.1', () => {
  const fw = frameworks['owasp-scsvs.yaml'];

  it('has one item per control: 35 controls in 11 groups, ids and sources following SCSVS-<GROUP>-<n>', () => {
    expect(fw.items).toHaveLength(35);
    expect(fw.framework.layers).toHaveLength(11);
    for (const i of fw.items) {
      const m = /^SCSVS\.([A-Z]+)\.(\d+)$/.exec(i.id);
      expect(m, i.id).not.toBeNull();
      expect(i.layer).toBe(m![1].toLowerCase());
      expect(i.source, i.id).toMatch(new RegExp(`^OWASP SCSVS 0\\.0\\.1, SCSVS-${m![1]}-${m![2]} \\(S\\d+\\.\\d+ `));
    }
  });

  it('names its licence (CC BY-SA 4.0) in the framework description', () => {
    expect(fw.framework.description.en).toContain('Creative Commons Attribution-ShareAlike 4.0');
    expect(fw.framework.source).toContain('CC BY-SA 4.0');
  });
});

describe('monitoring report and scoring', () => {
  it('every monitoring item belongs to a rating group', () => {
    const groups = itemsOf('monitoring-report.yaml').map((i) => i.group);
    expect(groups.every((g) => typeof g === 'string' && g.length > 0)).toBe(true);
    expect(new Set(groups)).toEqual(new Set(['frontend', 'account', 'operations', 'assets', 'governance']));
  });

  it('scoring bands and ratings descend and end at zero', () => {
    const scoring = validated(scoringFile, 'scoring.yaml').scoring;
    expect(scoring.verdictScore).toEqual({ conforming: 1, 'partly-conforming': 0.5, 'non-conforming': 0 });
    for (const list of [scoring.bands.map((b) => b.min), scoring.ratings.map((r) => r.min)]) {
      expect([...list].sort((a, b) => b - a)).toEqual(list);
      expect(list[list.length - 1]).toBe(0);
    }
    expect(scoring.bands.map((b) => b.band)).toEqual(['excellent', 'good', 'fair', 'poor']);
    expect(scoring.bands.map((b) => b.band)).toContain(scoring.highRiskCap!.band);
    expect(scoring.description.en).toContain('2025-03-20');
  });
});

import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.js';
import { registry } from '../../src/checks/index.js';
import { TARGET_KINDS } from '../../src/model.js';

const catalog = loadCatalog();

describe('checks and the catalog', () => {
  it('every check maps only to catalog items that exist', () => {
    const unknown = registry.flatMap((c) => (c.meta.items ?? []).filter((i) => !catalog.byId.has(i)).map((i) => `${c.meta.id} → ${i}`));
    expect(unknown).toEqual([]);
  });

  it('check ids are unique and metadata complete', () => {
    const ids = registry.map((c) => c.meta.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const c of registry) {
      expect(c.meta.id, c.meta.id).toMatch(/^[a-z0-9]+(\.[a-z0-9-]+)+$/);
      expect(c.meta.title.length, c.meta.id).toBeGreaterThan(5);
      expect(c.meta.description.length, c.meta.id).toBeGreaterThan(20);
      expect(c.meta.remediation.length, c.meta.id).toBeGreaterThan(10);
      expect(c.meta.targetKinds.every((k) => (TARGET_KINDS as readonly string[]).includes(k)), c.meta.id).toBe(true);
    }
  });

  it('the 28 blockchain evaluation items are all reachable by checks or a manual procedure', () => {
    const evalItems = catalog.items.filter((i) => catalog.byId.get(i.id)!.framework === 'djcp-blockchain');
    expect(evalItems).toHaveLength(28);
    const automated = new Set(registry.flatMap((c) => c.meta.items ?? []));
    const covered = evalItems.filter((i) => automated.has(i.id));
    expect(covered.length).toBeGreaterThanOrEqual(14);
    for (const i of evalItems) expect(i.procedure.en.length).toBeGreaterThan(10);
  });
});

import { itemsOfFinding } from '../catalog/mapping.js';
import type { Check } from '../checks/types.js';
import type { Finding } from '../model.js';
import { renderSarif } from '../report/sarif.js';
import { loadFrameworks } from './frameworks.js';
import { TOOL_VERSION } from '../version.js';

/**
 * SARIF for the one-target commands (`contracts`, `secrets`): the same findings, rules and framework
 * items an `audit` of that target would give.
 */
export function standaloneSarif(findings: Finding[], checks: Check[], baseDir: string, complete: boolean): string {
  const fw = loadFrameworks();
  const withItems = findings.map((f) => ({ ...f, items: itemsOfFinding(fw.mapping, f) }));
  const items = fw.catalog.items.map((i) => ({
    id: i.id,
    checks: (fw.mapping.refsByItem.get(i.id) ?? []).map((r) => (r.result ? `${r.checkId}#${r.result}` : r.checkId)),
  }));
  const sarif = renderSarif({
    findings: withItems,
    checks: checks.map((c) => c.meta),
    items,
    toolVersion: TOOL_VERSION,
    baseDir,
    targetLocations: {},
    complete,
  });
  return JSON.stringify(sarif, null, 2);
}

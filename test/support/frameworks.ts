import { itemsOfFinding } from '../../src/catalog/mapping.js';
import { loadFrameworks } from '../../src/cli/frameworks.js';
import type { Finding } from '../../src/model.js';

const builtin = loadFrameworks();

/** Engine findings with the framework items the built-in catalog maps them to, as an assessment would fill in. */
export function withItems(findings: Finding[]): Finding[] {
  return findings.map((f) => ({ ...f, items: itemsOfFinding(builtin.mapping, f) }));
}

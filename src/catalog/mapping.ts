import { InputError } from '../errors.js';
import type { Finding } from '../model.js';
import type { CheckMeta } from '../checks/types.js';
import type { Catalog } from './load.js';

/** One `checks:` entry of a framework item, resolved against the checks this build ships. */
export interface CheckRef {
  checkId: string;
  /** A declared sub-result; without it every result of the check counts. */
  result?: string;
}

/** Which checks decide which items: the frameworks' `checks:` lists, globs expanded. */
export interface Mapping {
  refsByItem: Map<string, CheckRef[]>;
  /** Item ids each check (whole or in part) speaks for. */
  itemsByCheck: Map<string, string[]>;
}

export function globToRegExp(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`, 'i');
}

/**
 * Expands every item's `checks:` against the given checks. A reference that matches no check, names
 * a sub-result a matched check does not declare, or is a glob whose matches all lack the sub-result,
 * is an error naming the framework file and item: a typo must not silently turn an automated item
 * into a manual one.
 */
export function resolveMapping(catalog: Catalog, checks: CheckMeta[]): Mapping {
  const refsByItem = new Map<string, CheckRef[]>();
  const itemsByCheck = new Map<string, string[]>();
  const problems: string[] = [];
  for (const item of catalog.items) {
    const refs: CheckRef[] = [];
    for (const raw of item.checks) {
      const [pattern, result] = raw.split('#');
      const re = globToRegExp(pattern);
      const matched = checks.filter((c) => re.test(c.id));
      const where = catalog.itemSource.get(item.id) ?? 'catalog';
      if (matched.length === 0) {
        problems.push(`${where}: item ${item.id}: checks: "${raw}" matches no check (see \`chainaudit checks\`)`);
        continue;
      }
      const isGlob = pattern.includes('*') || pattern.includes('?');
      if (isGlob && result !== undefined && !matched.some((c) => c.results?.[result])) {
        problems.push(
          `${where}: item ${item.id}: checks: "${raw}": none of the ${matched.length} checks matching "${pattern}" declares a sub-result "${result}"`,
        );
        continue;
      }
      for (const c of matched) {
        if (result !== undefined && !c.results?.[result]) {
          if (isGlob) continue;
          const declared = Object.keys(c.results ?? {});
          problems.push(
            `${where}: item ${item.id}: checks: "${raw}": ${c.id} declares no sub-result "${result}"` +
              (declared.length ? ` (declared: ${declared.join(', ')})` : ' (it declares none)'),
          );
          continue;
        }
        if (!refs.some((r) => r.checkId === c.id && r.result === result)) refs.push({ checkId: c.id, result });
        const items = itemsByCheck.get(c.id) ?? [];
        if (!items.includes(item.id)) itemsByCheck.set(c.id, [...items, item.id]);
      }
    }
    refsByItem.set(item.id, refs);
  }
  if (problems.length) throw new InputError(`framework mappings that do not resolve:\n${problems.join('\n')}`);
  return { refsByItem, itemsByCheck };
}

const resultPatterns = new Map<string, RegExp>();

/** An imported tool's rule family (`vuln-*`) names its sub-results by pattern. */
function resultMatches(pattern: string, result: string): boolean {
  if (!pattern.includes('*')) return pattern === result;
  let re = resultPatterns.get(pattern);
  if (!re) resultPatterns.set(pattern, (re = globToRegExp(pattern)));
  return re.test(result);
}

/** A result without a sub-result speaks for the whole check (an engine error, a summary pass). */
export function refCounts(ref: CheckRef, f: Pick<Finding, 'checkId' | 'result'>): boolean {
  return (
    ref.checkId === f.checkId &&
    (ref.result === undefined || f.result === undefined || resultMatches(ref.result, f.result))
  );
}

export function itemsOfFinding(mapping: Mapping, f: Pick<Finding, 'checkId' | 'result'>): string[] {
  return (mapping.itemsByCheck.get(f.checkId) ?? []).filter((id) =>
    (mapping.refsByItem.get(id) ?? []).some((r) => refCounts(r, f)),
  );
}

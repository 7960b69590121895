import { globToRegExp } from '../catalog/mapping.js';
import type { Check } from '../checks/types.js';

/** Framework items a check speaks for, from the loaded frameworks' `checks:` lists. */
export type ItemsOfCheck = (checkId: string) => string[];

/** A pattern selects a check by its id, an item it assesses, or one of its tags; `*` and `?` glob. */
export function checkMatches(check: Check, pattern: string, itemsOf: ItemsOfCheck): boolean {
  const re = globToRegExp(pattern);
  return (
    re.test(check.meta.id) || itemsOf(check.meta.id).some((i) => re.test(i)) || check.meta.tags.some((t) => re.test(t))
  );
}

export function selectChecks(checks: Check[], only: string[], skip: string[], itemsOf: ItemsOfCheck): Check[] {
  return checks.filter(
    (c) =>
      (only.length === 0 || only.some((p) => checkMatches(c, p, itemsOf))) &&
      !skip.some((p) => checkMatches(c, p, itemsOf)),
  );
}

import type { Check } from '../checks/types.js';

function globToRegExp(pattern: string): RegExp {
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`, 'i');
}

/** A pattern selects a check by its id, one of its catalog items, or one of its tags; `*` and `?` glob. */
export function checkMatches(check: Check, pattern: string): boolean {
  const re = globToRegExp(pattern);
  return re.test(check.meta.id) || (check.meta.items ?? []).some((i) => re.test(i)) || check.meta.tags.some((t) => re.test(t));
}

export function selectChecks(checks: Check[], only: string[] = [], skip: string[] = []): Check[] {
  return checks.filter(
    (c) => (only.length === 0 || only.some((p) => checkMatches(c, p))) && !skip.some((p) => checkMatches(c, p)),
  );
}

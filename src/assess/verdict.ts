import type { Finding, Severity, Status, Verdict } from '../model.js';
import { severityRank } from '../model.js';
import type { ManualAnswer } from './manual.js';

export type StatusCounts = Record<Status, number>;

export function countStatuses(findings: Finding[]): StatusCounts {
  const c: StatusCounts = { pass: 0, fail: 0, warn: 0, error: 0, 'not-applicable': 0 };
  for (const f of findings) c[f.status]++;
  return c;
}

export interface ItemVerdict {
  verdict: Verdict;
  basis: 'automated' | 'manual' | 'none';
  rationale: string;
}

/**
 * The documented rule that turns an item's check results into a verdict. It fails closed: a verdict
 * comes only from what was observed.
 * 1. A manual answer, when given, decides (the assessor saw more than any probe); a conflicting
 *    automated result is named in the rationale.
 * 2. Where a check errored or could not run for the item (target unreachable, timed out, unreadable
 *    input), an observed failure still makes the item non-conforming; anything else is not assessed,
 *    with the reason — never conforming or partly conforming.
 * 3. No results → not assessed; only not-applicable results → not applicable.
 * 4. Any failing result of critical severity → non-conforming.
 * 5. Only passes → conforming; only fails → non-conforming; anything mixed (passes with fails, any
 *    warning) → partly conforming.
 */
export function itemVerdict(findings: Finding[], manual?: ManualAnswer, notRun: string[] = []): ItemVerdict {
  const c = countStatuses(findings);
  const summary = `pass ${c.pass}, fail ${c.fail}, warn ${c.warn}, error ${c.error}, n/a ${c['not-applicable']}${notRun.length ? `, not run ${notRun.length}` : ''}`;
  if (manual) {
    const conflict =
      (manual.verdict === 'conforming' && c.fail > 0) ||
      (manual.verdict === 'non-conforming' && c.pass > 0 && c.fail === 0);
    return {
      verdict: manual.verdict,
      basis: 'manual',
      rationale: `manual answer${manual.assessor ? ` by ${manual.assessor}` : ''}${conflict ? `; automated results differ (${summary})` : ''}`,
    };
  }
  if (c.error > 0 || notRun.length > 0) {
    const why = [
      ...findings.filter((f) => f.status === 'error').map((f) => `${f.checkId} @ ${f.targetId}: ${f.message}`),
      ...notRun,
    ];
    const reason = why.slice(0, 3).join('; ') + (why.length > 3 ? `; ${why.length - 3} more` : '');
    if (c.fail > 0)
      return {
        verdict: 'non-conforming',
        basis: 'automated',
        rationale: `an observed failure, although not every check could look (${summary}): ${reason}`,
      };
    return {
      verdict: 'not-assessed',
      basis: 'automated',
      rationale: `not every check could look (${summary}): ${reason}`,
    };
  }
  const assessed = c.pass + c.fail + c.warn;
  if (assessed === 0) {
    if (c['not-applicable'] > 0)
      return {
        verdict: 'not-applicable',
        basis: 'automated',
        rationale: 'every check found the requirement does not apply',
      };
    return { verdict: 'not-assessed', basis: 'none', rationale: 'no check result and no manual answer' };
  }
  const criticalFail = findings.some((f) => f.status === 'fail' && f.severity === 'critical');
  if (criticalFail)
    return { verdict: 'non-conforming', basis: 'automated', rationale: `a critical failure (${summary})` };
  if (c.fail === 0 && c.warn === 0)
    return { verdict: 'conforming', basis: 'automated', rationale: `all results pass (${summary})` };
  if (c.pass === 0 && c.warn === 0 && c.fail > 0)
    return { verdict: 'non-conforming', basis: 'automated', rationale: `all results fail (${summary})` };
  return { verdict: 'partly-conforming', basis: 'automated', rationale: `mixed results (${summary})` };
}

export function worstSeverity(findings: Finding[]): Severity | undefined {
  let worst: Severity | undefined;
  for (const f of findings) {
    if (f.status !== 'fail' && f.status !== 'warn') continue;
    if (!worst || severityRank(f.severity) > severityRank(worst)) worst = f.severity;
  }
  return worst;
}

import type { Finding } from '../model.js';
import type { Assessment } from './assess.js';

export interface FindingChange {
  fingerprint: string;
  checkId: string;
  targetId: string;
  title: string;
  before?: Pick<Finding, 'status' | 'severity'>;
  after?: Pick<Finding, 'status' | 'severity'>;
}

export interface RunDiff {
  from: string;
  to: string;
  new: FindingChange[];
  fixed: FindingChange[];
  stillFailing: FindingChange[];
  changed: FindingChange[];
  /** Failing before, and their check did not run again: nothing is known about them now. */
  notRechecked: FindingChange[];
}

const failing = (f?: Finding) => f !== undefined && (f.status === 'fail' || f.status === 'warn');

/**
 * What changed between two runs, finding by finding (matched on fingerprint: check, target and
 * the check's own key). A failure whose check ran again and did not report it is fixed.
 */
export function diffRuns(a: Assessment, b: Assessment): RunDiff {
  const before = new Map(a.findings.map((f) => [f.fingerprint, f]));
  const after = new Map(b.findings.map((f) => [f.fingerprint, f]));
  const rerun = new Set(b.findings.map((f) => `${f.checkId}\0${f.targetId}`));
  const out: RunDiff = {
    from: a.run.id,
    to: b.run.id,
    new: [],
    fixed: [],
    stillFailing: [],
    changed: [],
    notRechecked: [],
  };
  const change = (x: Finding, p?: Finding, n?: Finding): FindingChange => ({
    fingerprint: x.fingerprint,
    checkId: x.checkId,
    targetId: x.targetId,
    title: x.title,
    before: p && { status: p.status, severity: p.severity },
    after: n && { status: n.status, severity: n.severity },
  });
  for (const [fp, n] of after) {
    const p = before.get(fp);
    if (failing(n) && !failing(p)) out.new.push(change(n, p, n));
    else if (failing(n) && failing(p)) {
      if (p!.status === n.status && p!.severity === n.severity) out.stillFailing.push(change(n, p, n));
      else out.changed.push(change(n, p, n));
    } else if (!failing(n) && failing(p)) out.fixed.push(change(n, p, n));
    else if (p && (p.status !== n.status || p.severity !== n.severity)) out.changed.push(change(n, p, n));
  }
  for (const [fp, p] of before) {
    if (after.has(fp) || !failing(p)) continue;
    if (rerun.has(`${p.checkId}\0${p.targetId}`)) out.fixed.push(change(p, p, undefined));
    else out.notRechecked.push(change(p, p, undefined));
  }
  return out;
}

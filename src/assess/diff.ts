import type { Finding, Text, Verdict } from '../model.js';
import type { Assessment } from './assess.js';

export interface FindingChange {
  fingerprint: string;
  checkId: string;
  targetId: string;
  title: string;
  before?: Pick<Finding, 'status' | 'severity'>;
  after?: Pick<Finding, 'status' | 'severity'>;
}

/** An item whose verdict differs between the runs, or that only one of them assessed. */
export interface ItemChange {
  id: string;
  framework: string;
  title: Text;
  before?: Verdict;
  after?: Verdict;
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
  /** Framework items (built-in or the user's) whose verdict changed, matched on item id. */
  items: ItemChange[];
}

const failing = (f?: Finding) => f !== undefined && (f.status === 'fail' || f.status === 'warn');

function itemChanges(a: Assessment, b: Assessment): ItemChange[] {
  const before = new Map(a.items.map((i) => [i.id, i]));
  const after = new Map(b.items.map((i) => [i.id, i]));
  const out: ItemChange[] = [];
  for (const id of new Set([...before.keys(), ...after.keys()])) {
    const p = before.get(id);
    const n = after.get(id);
    if (p?.verdict === n?.verdict) continue;
    const item = (n ?? p)!;
    out.push({ id, framework: item.framework, title: item.title, before: p?.verdict, after: n?.verdict });
  }
  return out;
}

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
    items: itemChanges(a, b),
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

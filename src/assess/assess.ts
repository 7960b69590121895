import type { Catalog } from '../catalog/load.js';
import { itemsOfFinding, refCounts, type Mapping } from '../catalog/mapping.js';
import type { CatalogItem, Scoring } from '../catalog/schema.js';
import type { CheckMeta } from '../checks/types.js';
import type { AuditRun } from '../engine/run.js';
import {
  SEVERITIES,
  SEVERITY_ZH,
  VERDICTS,
  severityRank,
  type Finding,
  type Location,
  type Severity,
  type Text,
  type Verdict,
} from '../model.js';
import type { ManualAnswer } from './manual.js';
import { countStatuses, itemVerdict, worstSeverity, type StatusCounts } from './verdict.js';

export const REPORT_SCHEMA_VERSION = '2.0.0';

/** The band when nothing could be scored: no observation, no rating. */
const UNRATED: Text = { en: 'Not rated', zh: '未评级' };

export type VerdictCounts = Record<Verdict, number>;

export interface ItemAssessment {
  id: string;
  framework: string;
  layer: string;
  path: Text[];
  title: Text;
  description: Text;
  procedure: Text;
  expected: Text;
  controlPoints: string[];
  severity: Severity;
  group?: string;
  verdict: Verdict;
  basis: 'automated' | 'manual' | 'none';
  rationale: string;
  /** The framework's `checks:` for this item, resolved (`check` or `check#sub-result`), whether or not they ran here. */
  checks: string[];
  /** Checks of this item that could not run here, and why. */
  notRun?: string[];
  results: StatusCounts;
  worstSeverity?: Severity;
  /** Fingerprints of this item's findings, to find them in `findings`. */
  findingRefs: string[];
  manual?: ManualAnswer;
  reference?: Record<string, boolean>;
}

export interface Summary {
  id: string;
  title: Text;
  verdicts: VerdictCounts;
  /** 0–100 over the assessed, applicable items; null when none. */
  score: number | null;
  rating: string | null;
}

/** How much of the scope the run observed; a run that could not look everywhere is incomplete. */
export interface Coverage {
  complete: boolean;
  /** Why the run is incomplete, one line each. */
  reasons: string[];
  targets: { total: number; reached: number; unreachable: AuditRun['unreachable'] };
  /** (check, target) pairs: planned for the scope, finished without error, errored, not run. */
  checks: { planned: number; completed: number; errored: number; notRun: number };
  items: {
    total: number;
    /** Conforming, partly conforming or non-conforming. */
    assessed: number;
    notApplicable: number;
    /** Checks exist and were meant to run here but could not look. */
    couldNotObserve: number;
    /** No check result and no manual answer (manual items, or no target of the kinds their checks need). */
    unanswered: number;
  };
}

/** What reports need to know about a check, carried in the assessment so reports depend on nothing else. */
export type CheckSummary = Pick<
  CheckMeta,
  | 'id'
  | 'title'
  | 'description'
  | 'severity'
  | 'confidence'
  | 'tags'
  | 'remediation'
  | 'references'
  | 'level'
  | 'results'
>;

export interface Assessment {
  schemaVersion: string;
  tool: { name: 'chainaudit'; version: string };
  run: {
    id: string;
    scopeName: string;
    scopeFile: string;
    started: string;
    finished: string;
    options: AuditRun['options'];
    targets: AuditRun['targets'];
    checksRun: string[];
    checksHeldBack: AuditRun['checksHeldBack'];
    notRun: AuditRun['notRun'];
    /** Where each target is declared in the scope file, for findings that have no file of their own. */
    targetLocations: Record<string, Location>;
    /** The folder file locations are relative to (the scope file's folder). */
    baseDir: string;
    /** Reports of other tools whose findings joined the run. */
    imports?: AuditRun['imports'];
  };
  coverage: Coverage;
  checks: CheckSummary[];
  frameworks: {
    id: string;
    title: Text;
    layers: { id: string; title: Text }[];
    referenceSystems?: { id: string; title: Text }[];
  }[];
  score: number | null;
  band: string;
  bandTitle: Text;
  scoring: {
    formula: Text;
    base: number | null;
    deduction: number;
    cappedBy?: string;
    config: Scoring;
  };
  totals: {
    verdicts: VerdictCounts;
    findings: StatusCounts;
    failingBySeverity: Record<Severity, number>;
  };
  controlPoints: Summary[];
  layers: (Summary & { framework: string })[];
  groups: Summary[];
  items: ItemAssessment[];
  findings: Finding[];
}

function emptyVerdicts(): VerdictCounts {
  return Object.fromEntries(VERDICTS.map((v) => [v, 0])) as VerdictCounts;
}

function scoreOf(items: { verdict: Verdict; severity: Severity }[], scoring: Scoring): number | null {
  let num = 0;
  let den = 0;
  for (const i of items) {
    if (i.verdict !== 'conforming' && i.verdict !== 'partly-conforming' && i.verdict !== 'non-conforming') continue;
    const w = scoring.severityWeight[i.severity];
    num += w * scoring.verdictScore[i.verdict];
    den += w;
  }
  return den === 0 ? null : Math.round((1000 * num) / den) / 10;
}

function ratingOf(score: number | null, scoring: Scoring): string | null {
  if (score === null) return null;
  return [...scoring.ratings].sort((a, b) => b.min - a.min).find((r) => score >= r.min)?.rating ?? null;
}

function summarize(id: string, title: Text, items: ItemAssessment[], scoring: Scoring): Summary {
  const verdicts = emptyVerdicts();
  for (const i of items) verdicts[i.verdict]++;
  const score = scoreOf(items, scoring);
  return { id, title, verdicts, score, rating: ratingOf(score, scoring) };
}

export function formulaText(s: Scoring): Text {
  const weights = SEVERITIES.map((sev) => `${sev} ${s.severityWeight[sev]}`).join(', ');
  const deductions = SEVERITIES.filter((sev) => s.deduction[sev] > 0)
    .map((sev) => `${sev} ${s.deduction[sev]}`)
    .join(', ');
  const bands = [...s.bands]
    .sort((a, b) => b.min - a.min)
    .map((b) => `${b.title.en} ≥ ${b.min}`)
    .join(', ');
  const bandsZh = [...s.bands]
    .sort((a, b) => b.min - a.min)
    .map((b) => `${b.title.zh} ≥ ${b.min}`)
    .join('，');
  const cap = s.highRiskCap
    ? ` Any open failing finding of severity ${s.highRiskCap.severity} or worse caps the band at ${s.highRiskCap.band}.`
    : '';
  const capBand = s.bands.find((b) => b.band === s.highRiskCap?.band);
  const capZh = s.highRiskCap
    ? `存在${SEVERITY_ZH[s.highRiskCap.severity]}及以上级别未整改问题时，等级最高为${capBand?.title.zh ?? s.highRiskCap.band}。`
    : '';
  const weightsZh = SEVERITIES.map((sev) => `${SEVERITY_ZH[sev]} ${s.severityWeight[sev]}`).join('，');
  const deductionsZh = SEVERITIES.filter((sev) => s.deduction[sev] > 0)
    .map((sev) => `${SEVERITY_ZH[sev]} ${s.deduction[sev]}`)
    .join('，');
  return {
    en:
      `score = 100 × Σ(weight × item score) / Σ weight over assessed, applicable items, ` +
      `item score conforming ${s.verdictScore.conforming} / partly ${s.verdictScore['partly-conforming']} / non-conforming ${s.verdictScore['non-conforming']}, ` +
      `weight by item severity (${weights}); minus ${deductions || 'nothing'} per open failing finding, at most ${s.maxDeduction}. Bands: ${bands}.${cap}`,
    zh:
      `得分 = 100 × Σ(权重 × 测评项得分) / Σ 权重（仅计已测且适用的测评项），符合 ${s.verdictScore.conforming}、部分符合 ${s.verdictScore['partly-conforming']}、不符合 ${s.verdictScore['non-conforming']}；` +
      `权重按测评项严重程度（${weightsZh}）；每个未整改的失败发现扣分（${deductionsZh || '无'}），最多扣 ${s.maxDeduction} 分。等级：${bandsZh}。${capZh}`,
  };
}

export interface AssessOptions {
  frameworks?: string[];
  toolVersion?: string;
  targetLocations?: Record<string, Location>;
  baseDir?: string;
}

function summaryOf(c: CheckMeta): CheckSummary {
  const { id, title, description, severity, confidence, tags, remediation, references, level, results } = c;
  return {
    id,
    title,
    description,
    severity,
    confidence,
    tags,
    remediation,
    references,
    level,
    ...(results ? { results } : {}),
  };
}

function coverageOf(run: AuditRun, items: ItemAssessment[]): Coverage {
  const pairs = new Map<string, boolean>();
  for (const f of run.findings) {
    if (f.checkId.startsWith('target.')) continue;
    const k = `${f.checkId}\0${f.targetId}`;
    pairs.set(k, (pairs.get(k) ?? false) || f.status === 'error');
  }
  const errored = [...pairs.values()].filter(Boolean).length;
  const couldNotObserve = items.filter((i) => i.verdict === 'not-assessed' && i.basis === 'automated').length;
  const reasons: string[] = [];
  for (const u of run.unreachable) reasons.push(`target ${u.targetId}: ${u.reason}`);
  if (errored) reasons.push(`${errored} check run(s) ended in an error`);
  const notRunOnly = run.notRun.filter(
    (n) => !run.unreachable.length || !/could not be reached or read$/.test(n.reason),
  );
  if (notRunOnly.length) reasons.push(`${notRunOnly.length} check run(s) covered only part of their chain`);
  const total = new Set(run.targets.map((t) => t.id)).size;
  return {
    complete: run.unreachable.length === 0 && run.notRun.length === 0 && errored === 0,
    reasons,
    targets: { total, reached: total - run.unreachable.length, unreachable: run.unreachable },
    checks: { planned: run.tasks, completed: run.ran - errored, errored, notRun: run.notRun.length },
    items: {
      total: items.length,
      assessed: items.filter((i) => ['conforming', 'partly-conforming', 'non-conforming'].includes(i.verdict)).length,
      notApplicable: items.filter((i) => i.verdict === 'not-applicable').length,
      couldNotObserve,
      unanswered: items.filter((i) => i.verdict === 'not-assessed' && i.basis !== 'automated').length,
    },
  };
}

const refText = (r: { checkId: string; result?: string }) => (r.result ? `${r.checkId}#${r.result}` : r.checkId);

/**
 * Folds a run's findings and the assessor's manual answers into item verdicts, summaries per
 * control point, layer and item group, a score and a band. Which findings count for which item is
 * the frameworks' `checks:` mapping. Pure: same inputs, same assessment.
 */
export function assess(
  run: AuditRun,
  catalog: Catalog,
  mapping: Mapping,
  checks: CheckMeta[],
  manual: Map<string, ManualAnswer> = new Map(),
  options: AssessOptions = {},
): Assessment {
  const scoring = catalog.scoring;
  const frameworks = catalog.frameworks.filter((f) => !options.frameworks?.length || options.frameworks.includes(f.id));
  const fwIds = new Set(frameworks.map((f) => f.id));
  const catalogItems: CatalogItem[] = catalog.items.filter((i) => fwIds.has(catalog.byId.get(i.id)!.framework));
  const selected = new Set(catalogItems.map((i) => i.id));

  const findings: Finding[] = run.findings.map((f) => ({
    ...f,
    items: itemsOfFinding(mapping, f).filter((id) => selected.has(id)),
  }));

  const items: ItemAssessment[] = catalogItems.map((item) => {
    const refs = mapping.refsByItem.get(item.id) ?? [];
    const fs = findings.filter((f) => refs.some((r) => refCounts(r, f)));
    const notRun = run.notRun
      .filter((n) => refs.some((r) => r.checkId === n.checkId))
      .map((n) => `${n.checkId} @ ${n.targetId}: ${n.reason}`);
    const answer = manual.get(item.id);
    const v = itemVerdict(fs, answer, notRun);
    return {
      id: item.id,
      framework: catalog.byId.get(item.id)!.framework,
      layer: item.layer,
      path: item.path,
      title: item.title,
      description: item.description,
      procedure: item.procedure,
      expected: item.expected,
      controlPoints: item.controlPoints,
      severity: item.severity,
      group: item.group,
      verdict: v.verdict,
      basis: v.basis,
      rationale: v.rationale,
      checks: refs.map(refText),
      ...(notRun.length ? { notRun } : {}),
      results: countStatuses(fs),
      worstSeverity: worstSeverity(fs),
      findingRefs: fs.map((f) => f.fingerprint),
      manual: answer,
      reference: item.reference,
    };
  });

  const failingBySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of findings) if (f.status === 'fail') failingBySeverity[f.severity]++;

  const base = scoreOf(items, scoring);
  const rawDeduction = SEVERITIES.reduce((sum, s) => sum + failingBySeverity[s] * scoring.deduction[s], 0);
  const deduction = Math.min(scoring.maxDeduction, rawDeduction);
  const score = base === null ? null : Math.max(0, Math.round((base - deduction) * 10) / 10);
  const bands = [...scoring.bands].sort((a, b) => b.min - a.min);
  let band = score === null ? bands[bands.length - 1] : (bands.find((b) => score >= b.min) ?? bands[bands.length - 1]);
  let cappedBy: string | undefined;
  const cap = scoring.highRiskCap;
  if (cap && score !== null) {
    const open = SEVERITIES.filter((s) => severityRank(s) >= severityRank(cap.severity)).reduce(
      (n, s) => n + failingBySeverity[s],
      0,
    );
    const capBand = bands.find((b) => b.band === cap.band);
    if (open > 0 && capBand && capBand.min < band.min) {
      band = capBand;
      cappedBy = `${open} open failing finding(s) of severity ${cap.severity} or worse`;
    }
  }

  const totals = { verdicts: emptyVerdicts(), findings: countStatuses(findings), failingBySeverity };
  for (const i of items) totals.verdicts[i.verdict]++;

  const controlPoints = catalog.controlPoints
    .map((cp) =>
      summarize(
        cp.id,
        cp.title,
        items.filter((i) => i.controlPoints.includes(cp.id)),
        scoring,
      ),
    )
    .filter((s) => Object.values(s.verdicts).some((n) => n > 0));
  const layers = frameworks.flatMap((fw) =>
    fw.layers.map((l) => ({
      framework: fw.id,
      ...summarize(
        `${fw.id}/${l.id}`,
        l.title,
        items.filter((i) => i.framework === fw.id && i.layer === l.id),
        scoring,
      ),
    })),
  );
  const groupIds = [...new Set(items.map((i) => i.group).filter((g): g is string => Boolean(g)))];
  const groups = groupIds.map((g) =>
    summarize(
      g,
      { en: g, zh: g },
      items.filter((i) => i.group === g),
      scoring,
    ),
  );
  const ranIds = new Set(findings.map((f) => f.checkId));

  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'chainaudit', version: options.toolVersion ?? '0.0.0' },
    run: {
      id: run.id,
      scopeName: run.scopeName,
      scopeFile: run.scopeFile,
      started: run.startedAt,
      finished: run.finishedAt,
      options: run.options,
      targets: run.targets,
      checksRun: run.checksRun,
      checksHeldBack: run.checksHeldBack,
      notRun: run.notRun,
      targetLocations: options.targetLocations ?? {},
      baseDir: options.baseDir ?? '',
      ...(run.imports?.length ? { imports: run.imports } : {}),
    },
    coverage: coverageOf(run, items),
    checks: checks.filter((c) => ranIds.has(c.id) || run.checksRun.includes(c.id)).map(summaryOf),
    frameworks: frameworks.map((f) => ({
      id: f.id,
      title: f.title,
      layers: f.layers,
      referenceSystems: f.referenceSystems,
    })),
    score,
    ...(score === null ? { band: 'unrated', bandTitle: UNRATED } : { band: band.band, bandTitle: band.title }),
    scoring: { formula: formulaText(scoring), base, deduction, cappedBy, config: scoring },
    totals,
    controlPoints,
    layers,
    groups,
    items,
    findings,
  };
}

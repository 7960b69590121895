import type { Assessment, ItemAssessment } from '../assess/assess.js';
import { VERDICT_ZH, pick, severityRank, type Finding, type Lang, type Verdict } from '../model.js';

const LABELS = {
  title: { en: 'chainaudit security assessment', zh: 'chainaudit 安全评估报告' },
  scope: { en: 'Scope', zh: '审计范围' },
  run: { en: 'Run', zh: '运行' },
  started: { en: 'Started', zh: '开始时间' },
  finished: { en: 'Finished', zh: '结束时间' },
  score: { en: 'Score', zh: '得分' },
  band: { en: 'Band', zh: '等级' },
  formula: { en: 'Scoring formula', zh: '评分公式' },
  deduction: { en: 'deduction', zh: '扣分' },
  cappedBy: { en: 'band capped by', zh: '等级封顶原因' },
  targets: { en: 'Targets', zh: '审计对象' },
  summary: { en: 'Summary', zh: '概要' },
  findingsBySeverity: { en: 'Failing findings by severity', zh: '按严重程度统计的失败发现' },
  worst: { en: 'Worst failures', zh: '最严重的问题' },
  controlPoints: { en: 'Control points (等保2.0)', zh: '控制点（等保2.0）' },
  layers: { en: 'Layers', zh: '层级' },
  groups: { en: 'Item group ratings', zh: '分组评价' },
  evaluation: { en: 'Blockchain evaluation table (seed 003, Tables 3/5/6/8)', zh: '区块链测评表（表3/5/6/8）' },
  category: { en: 'Category', zh: '类别' },
  item: { en: 'Item', zh: '测评项' },
  procedure: { en: 'Procedure', zh: '实施' },
  expected: { en: 'Expected effect', zh: '预期效果' },
  actual: { en: 'Actual result', zh: '实际测评结果说明' },
  result: { en: 'Result', zh: '结果' },
  yn: { en: 'Y/N', zh: '达标' },
  findings: { en: 'Findings', zh: '发现' },
  items: { en: 'Catalog items', zh: '测评项' },
  evidence: { en: 'Evidence', zh: '证据' },
  remediation: { en: 'Remediation', zh: '整改建议' },
  check: { en: 'Check', zh: '检查' },
  target: { en: 'Target', zh: '对象' },
  status: { en: 'Status', zh: '状态' },
  severity: { en: 'Severity', zh: '严重程度' },
  verdict: { en: 'Verdict', zh: '结论' },
  basis: { en: 'Basis', zh: '依据' },
  heldBack: { en: 'Checks held back', zh: '未执行的检查' },
  noFailures: { en: 'No failing findings.', zh: '无失败发现。' },
  framework: { en: 'Framework', zh: '框架' },
  location: { en: 'Location', zh: '位置' },
  notAssessed: { en: 'no check result and no manual answer', zh: '无检查结果，亦无人工结论' },
  coverage: { en: 'Coverage', zh: '覆盖范围' },
  incomplete: {
    en: 'Incomplete run: the audit could not look at everything. Verdicts and the score cover only what was observed; items whose checks could not look are not assessed.',
    zh: '本次审计不完整：部分对象或检查未能完成观测。结论与得分仅覆盖已观测部分；检查未能完成的测评项记为未测。',
  },
  targetsReached: { en: 'targets reached', zh: '可达对象' },
  checksCompleted: { en: 'checks completed', zh: '完成的检查' },
  checksErrored: { en: 'errored', zh: '出错' },
  checksNotRun: { en: 'not run', zh: '未运行' },
  itemsAssessed: { en: 'items assessed', zh: '已测评项' },
  conclusion: { en: 'Conclusion', zh: '测评结论' },
  problems: { en: 'Problem summary', zh: '问题汇总' },
  remediationAdvice: { en: 'Remediation advice', zh: '整改建议' },
  evidenceAppendix: { en: 'Appendix: findings and evidence', zh: '附录：发现与证据' },
  contents: { en: 'Contents', zh: '目录' },
  affected: { en: 'Affected', zh: '涉及对象' },
  verdictTotals: { en: 'Items by verdict', zh: '测评项结论统计' },
  failingTotal: { en: 'failing findings', zh: '项失败发现' },
  imported: { en: 'Imported reports', zh: '导入的报告' },
  toolVersion: { en: 'chainaudit version', zh: 'chainaudit 版本' },
} as const;

export type LabelKey = keyof typeof LABELS;

export function label(key: LabelKey, lang: Lang): string {
  return LABELS[key][lang];
}

const VERDICT_EN: Record<Verdict, string> = {
  conforming: 'conforming',
  'partly-conforming': 'partly conforming',
  'non-conforming': 'non-conforming',
  'not-applicable': 'not applicable',
  'not-assessed': 'not assessed',
};

export function verdictLabel(v: Verdict, lang: Lang): string {
  return lang === 'zh' ? VERDICT_ZH[v] : VERDICT_EN[v];
}

export function yesNo(v: Verdict): string {
  return v === 'conforming'
    ? 'Y'
    : v === 'partly-conforming'
      ? 'Y/N'
      : v === 'non-conforming'
        ? 'N'
        : v === 'not-applicable'
          ? 'N/A'
          : '—';
}

export function worstFailures(a: Assessment, n: number): Finding[] {
  return a.findings
    .filter((f) => f.status === 'fail')
    .sort((x, y) => severityRank(y.severity) - severityRank(x.severity))
    .slice(0, n);
}

const STATUS_ORDER = ['fail', 'error', 'warn', 'pass', 'not-applicable'];

/** Findings in the order a reader needs them: worst severity first, then failures before the rest. */
export function sortedFindings(findings: Finding[]): Finding[] {
  return [...findings].sort(
    (x, y) =>
      severityRank(y.severity) - severityRank(x.severity) ||
      STATUS_ORDER.indexOf(x.status) - STATUS_ORDER.indexOf(y.status) ||
      x.checkId.localeCompare(y.checkId) ||
      x.targetId.localeCompare(y.targetId),
  );
}

/** One line on how much of the scope the run observed. */
export function coverageText(a: Assessment, lang: Lang): string {
  const c = a.coverage;
  const checks = [
    `${c.checks.completed}/${c.checks.planned} ${label('checksCompleted', lang)}`,
    c.checks.errored ? `${c.checks.errored} ${label('checksErrored', lang)}` : '',
    c.checks.notRun ? `${c.checks.notRun} ${label('checksNotRun', lang)}` : '',
  ].filter(Boolean);
  return [
    `${c.targets.reached}/${c.targets.total} ${label('targetsReached', lang)}`,
    checks.join(', '),
    `${c.items.assessed}/${c.items.total} ${label('itemsAssessed', lang)}`,
  ].join(' · ');
}

export function findingsOf(a: Assessment, item: ItemAssessment): Finding[] {
  const refs = new Set(item.findingRefs);
  return a.findings.filter((f) => refs.has(f.fingerprint));
}

/** The "actual result" column of an evaluation table: what the checks saw or what the assessor wrote. */
export function actualResult(a: Assessment, item: ItemAssessment, lang: Lang): string {
  const parts: string[] = [];
  if (item.manual?.note) parts.push(item.manual.note);
  const fs = findingsOf(a, item).sort((x, y) => statusOrder(x) - statusOrder(y));
  for (const f of fs.slice(0, 3)) parts.push(`[${f.status}] ${f.targetId}: ${f.message}`);
  if (fs.length > 3) parts.push(lang === 'zh' ? `另有 ${fs.length - 3} 条结果` : `${fs.length - 3} more results`);
  if (parts.length === 0) return item.verdict === 'not-assessed' ? label('notAssessed', lang) : item.rationale;
  return parts.join(' · ');
}

function statusOrder(f: Finding): number {
  return ['fail', 'warn', 'error', 'pass', 'not-applicable'].indexOf(f.status) * 10 - severityRank(f.severity);
}

/** One line per distinct failing result (check and sub-result): the worst severity, where it failed and what to do. */
export function remediationAdvice(
  a: Assessment,
): {
  severity: Finding['severity'];
  title: string;
  ref: string;
  targets: string[];
  count: number;
  remediation: string;
}[] {
  const byRef = new Map<string, Finding[]>();
  for (const f of a.findings) {
    if (f.status !== 'fail' && f.status !== 'warn') continue;
    const ref = f.result ? `${f.checkId}#${f.result}` : f.checkId;
    byRef.set(ref, [...(byRef.get(ref) ?? []), f]);
  }
  return [...byRef]
    .map(([ref, fs]) => {
      const worst = sortedFindings(fs)[0];
      return {
        severity: worst.severity,
        title: worst.title,
        ref,
        targets: [...new Set(fs.map((f) => f.targetId))],
        count: fs.length,
        remediation: worst.remediation,
      };
    })
    .sort((x, y) => severityRank(y.severity) - severityRank(x.severity) || x.ref.localeCompare(y.ref));
}

export function bandText(a: Assessment, lang: Lang): string {
  return `${pick(a.bandTitle, lang)}${a.scoring.cappedBy ? ` (${label('cappedBy', lang)}: ${a.scoring.cappedBy})` : ''}`;
}

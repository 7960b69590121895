import { relative } from 'node:path';
import type { Assessment, ItemAssessment } from '../assess/assess.js';
import {
  SEVERITY_ZH,
  VERDICT_ZH,
  pick,
  severityRank,
  type Finding,
  type Lang,
  type Location,
  type Severity,
  type Status,
  type Verdict,
} from '../model.js';

const LABELS = {
  title: { en: 'chainaudit security assessment', zh: 'chainaudit 安全评估报告' },
  run: { en: 'Run', zh: '运行编号' },
  started: { en: 'Started', zh: '开始时间' },
  finished: { en: 'Finished', zh: '结束时间' },
  score: { en: 'Score', zh: '得分' },
  band: { en: 'Band', zh: '等级' },
  notRated: { en: 'no item could be assessed', zh: '没有可测评的测评项' },
  formula: { en: 'Scoring formula', zh: '评分公式' },
  deduction: { en: 'deduction', zh: '扣分' },
  cappedBy: { en: 'band capped by', zh: '等级封顶原因' },
  targets: { en: 'Targets', zh: '审计对象' },
  targetId: { en: 'Id', zh: '标识' },
  targetKind: { en: 'Kind', zh: '类型' },
  targetName: { en: 'Name', zh: '名称' },
  targetChain: { en: 'Chain', zh: '所属链' },
  summary: { en: 'Summary', zh: '概要' },
  findingsBySeverity: { en: 'Failing findings by severity', zh: '按严重程度统计的失败发现' },
  itemsByVerdict: { en: 'Items by verdict', zh: '按结论统计的测评项' },
  worst: { en: 'Worst failures', zh: '最严重的问题' },
  controlPoints: { en: 'Control points (等保2.0)', zh: '控制点（等保2.0）' },
  controlPoint: { en: 'Control point', zh: '控制点' },
  layers: { en: 'Layers', zh: '层级' },
  layer: { en: 'Layer', zh: '层级' },
  groups: { en: 'Item group ratings', zh: '分组评价' },
  group: { en: 'Group', zh: '分组' },
  rating: { en: 'Rating', zh: '评价' },
  evaluation: { en: 'Blockchain evaluation table (等保 2.0 level 3)', zh: '区块链测评表（等保2.0 第三级）' },
  category: { en: 'Category', zh: '类别' },
  item: { en: 'Item', zh: '测评项' },
  itemId: { en: 'Item id', zh: '测评项编号' },
  procedure: { en: 'Procedure', zh: '实施' },
  expected: { en: 'Expected effect', zh: '预期效果' },
  actual: { en: 'Actual result', zh: '实际测评结果说明' },
  result: { en: 'Result', zh: '结果' },
  yn: { en: 'Y/N', zh: '达标' },
  findings: { en: 'Findings', zh: '发现' },
  noFindings: {
    en: 'No failing, warning or errored result: every check that ran passed or did not apply.',
    zh: '没有失败、警告或出错的结果：运行的检查均通过或不适用。',
  },
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
  moreResults: { en: 'more results', zh: '条其他结果' },
  coverage: { en: 'Coverage', zh: '覆盖范围' },
  complete: {
    en: 'Complete run: every target was reached and every check that was meant to run finished.',
    zh: '本次审计完整：所有对象均可访问，应运行的检查均已完成。',
  },
  incomplete: {
    en: 'Incomplete run: the audit could not look at everything. Verdicts and the score cover only what was observed; items whose checks could not look are not assessed.',
    zh: '本次审计不完整：部分对象或检查未能完成观测。结论与得分仅覆盖已观测部分；检查未能完成的测评项记为未测。',
  },
  whyIncomplete: { en: 'Why', zh: '原因' },
  covTargets: { en: 'Targets reached', zh: '可访问的对象' },
  covChecks: { en: 'Checks completed', zh: '完成的检查' },
  covErrored: { en: 'ended in an error', zh: '出错' },
  covNotRun: { en: 'not run', zh: '未运行' },
  covHeldBack: { en: 'held back (--intrusive / --active not given)', zh: '未启用（未指定 --intrusive / --active）' },
  covItems: { en: 'Items assessed', zh: '已测评的测评项' },
  covNotApplicable: { en: 'not applicable', zh: '不适用' },
  covCouldNotObserve: { en: 'checks could not look', zh: '检查未能完成观测' },
  covUnanswered: {
    en: 'no check result and no manual answer (manual items, or no target of their kinds)',
    zh: '无检查结果亦无人工结论（人工测评项，或范围内无相应类型的对象）',
  },
  scope: { en: 'Scope', zh: '审计范围' },
  conclusion: { en: 'Conclusion', zh: '测评结论' },
  problems: { en: 'Problem summary', zh: '问题汇总' },
  remediationAdvice: { en: 'Remediation advice', zh: '整改建议' },
  evidenceAppendix: { en: 'Appendix: findings and evidence', zh: '附录：发现与证据' },
  contents: { en: 'Contents', zh: '目录' },
  affected: { en: 'Affected', zh: '涉及对象' },
  failingTotal: { en: 'failing findings', zh: '项失败发现' },
  imported: { en: 'Imported reports', zh: '导入的报告' },
  toolVersion: { en: 'chainaudit version', zh: 'chainaudit 版本' },
  covNote: {
    en: 'Verdicts and the score cover only the assessed items.',
    zh: '结论与得分仅覆盖已测评的测评项。',
  },
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

export function severityLabel(s: Severity, lang: Lang): string {
  return lang === 'zh' ? SEVERITY_ZH[s] : s;
}

const STATUS: Record<Status, { en: string; zh: string }> = {
  pass: { en: 'pass', zh: '通过' },
  fail: { en: 'fail', zh: '失败' },
  warn: { en: 'warn', zh: '警告' },
  error: { en: 'error', zh: '出错' },
  'not-applicable': { en: 'not applicable', zh: '不适用' },
};

export function statusLabel(s: Status, lang: Lang): string {
  return STATUS[s][lang];
}

const BASIS: Record<ItemAssessment['basis'], { en: string; zh: string }> = {
  automated: { en: 'automated checks', zh: '自动检查' },
  manual: { en: 'manual answer', zh: '人工结论' },
  none: { en: 'none', zh: '无' },
};

export function basisLabel(b: ItemAssessment['basis'], lang: Lang): string {
  return BASIS[b][lang];
}

export function ratingLabel(a: Assessment, rating: string | null, lang: Lang): string {
  if (rating === null) return '—';
  const r = a.scoring.config.ratings.find((x) => x.rating === rating);
  return r ? pick(r.title, lang) : rating;
}

function countsZh(text: string): string {
  return text.replace(
    /pass (\d+), fail (\d+), warn (\d+), error (\d+), n\/a (\d+)(?:, not run (\d+))?/,
    (_, p, f, w, e, na, nr) => `通过 ${p}，失败 ${f}，警告 ${w}，出错 ${e}，不适用 ${na}${nr ? `，未运行 ${nr}` : ''}`,
  );
}

const moreZh = (reasons: string) => reasons.replace(/; (\d+) more$/, '；另有 $1 条');

const PHRASES: [RegExp, (...m: string[]) => string][] = [
  [
    /^manual answer(?: by (.+?))?(?:; automated results differ \(([^)]*)\))?$/s,
    (by, differ) =>
      `人工结论${by ? `（评估人：${by}）` : ''}${differ ? `；自动检查结果与之不同（${countsZh(differ)}）` : ''}`,
  ],
  [
    /^an observed failure, although not every check could look \(([^)]*)\): (.*)$/s,
    (counts, why) => `已观测到失败，但并非所有检查都完成了观测（${countsZh(counts)}）：${moreZh(why)}`,
  ],
  [
    /^not every check could look \(([^)]*)\): (.*)$/s,
    (counts, why) => `并非所有检查都完成了观测（${countsZh(counts)}）：${moreZh(why)}`,
  ],
  [/^every check found the requirement does not apply$/, () => '所有检查均判定该要求不适用'],
  [/^no check result and no manual answer$/, () => '无检查结果，亦无人工结论'],
  [/^a critical failure \(([^)]*)\)$/, (counts) => `存在严重级别的失败（${countsZh(counts)}）`],
  [/^all results pass \(([^)]*)\)$/, (counts) => `全部结果通过（${countsZh(counts)}）`],
  [/^all results fail \(([^)]*)\)$/, (counts) => `全部结果失败（${countsZh(counts)}）`],
  [/^mixed results \(([^)]*)\)$/, (counts) => `结果不一（${countsZh(counts)}）`],
  [/^target (\S+): (.*)$/s, (id, why) => `对象 ${id}：${why}`],
  [/^(\d+) check run\(s\) ended in an error$/, (n) => `${n} 项检查运行出错`],
  [/^(\d+) check run\(s\) covered only part of their chain$/, (n) => `${n} 项检查仅覆盖了所属链的部分节点`],
  [/^intrusive: enable with --intrusive$/, () => '侵入式检查：以 --intrusive 启用'],
  [/^active: enable with --active$/, () => '主动式检查：以 --active 启用'],
  [
    /^(\d+) open failing finding\(s\) of severity (\w+) or worse$/,
    (n, sev) => `${n} 个未整改的${SEVERITY_ZH[sev as Severity] ?? sev}及以上级别失败发现`,
  ],
];

/**
 * The sentences the engine and the assessment write about a run (item rationales, reasons a run is
 * incomplete, why a band was capped) are English; a Chinese report says them in Chinese. The parts
 * that come from targets and checks (messages, addresses) stay as they were observed.
 */
export function engineText(text: string, lang: Lang): string {
  if (lang === 'en') return text;
  for (const [re, to] of PHRASES) {
    const m = re.exec(text);
    if (m) return to(...m.slice(1));
  }
  return text;
}

export function worstFailures(a: Assessment, n: number): Finding[] {
  return sortedFindings(a.findings.filter((f) => f.status === 'fail')).slice(0, n);
}

const STATUS_ORDER: Status[] = ['fail', 'error', 'warn', 'pass', 'not-applicable'];

/** Findings in the order a reader needs them: worst severity first, then failures before the rest. */
export function sortedFindings(findings: Finding[]): Finding[] {
  return [...findings].sort(
    (x, y) =>
      severityRank(y.severity) - severityRank(x.severity) ||
      STATUS_ORDER.indexOf(x.status) - STATUS_ORDER.indexOf(y.status) ||
      x.checkId.localeCompare(y.checkId) ||
      x.targetId.localeCompare(y.targetId) ||
      x.fingerprint.localeCompare(y.fingerprint),
  );
}

/** The findings a report lists one by one: what needs someone's attention. */
export function reportedFindings(a: Assessment): Finding[] {
  return sortedFindings(a.findings.filter((f) => f.status === 'fail' || f.status === 'warn' || f.status === 'error'));
}

/** "3 errored" in English, "出错 3 项" in Chinese. */
function counted(n: number, key: LabelKey, lang: Lang): string {
  if (lang === 'en') return `${n} ${label(key, lang)}`;
  const [word, note] = label(key, lang).split('（');
  return `${word} ${n} 项${note ? `（${note}` : ''}`;
}

/** The separator after a label: a full-width colon in Chinese. */
export function colon(lang: Lang): string {
  return lang === 'zh' ? '：' : ': ';
}

/** One line on how much of the scope the run observed. */
export function coverageText(a: Assessment, lang: Lang): string {
  return coverageLines(a, lang).facts.slice(0, 3).join(' · ');
}

/** The coverage block every report carries: complete or not, and how much was observed. */
export function coverageLines(a: Assessment, lang: Lang): { headline: string; facts: string[]; reasons: string[] } {
  const c = a.coverage;
  const sep = lang === 'zh' ? '，' : ', ';
  const checkParts = [
    `${c.checks.completed}/${c.checks.planned}`,
    c.checks.errored ? counted(c.checks.errored, 'covErrored', lang) : '',
    c.checks.notRun ? counted(c.checks.notRun, 'covNotRun', lang) : '',
    a.run.checksHeldBack.length ? counted(a.run.checksHeldBack.length, 'covHeldBack', lang) : '',
  ].filter(Boolean);
  const itemParts = [
    `${c.items.assessed}/${c.items.total}`,
    c.items.notApplicable ? counted(c.items.notApplicable, 'covNotApplicable', lang) : '',
    c.items.couldNotObserve ? counted(c.items.couldNotObserve, 'covCouldNotObserve', lang) : '',
    c.items.unanswered ? counted(c.items.unanswered, 'covUnanswered', lang) : '',
  ].filter(Boolean);
  return {
    headline: label(c.complete ? 'complete' : 'incomplete', lang),
    facts: [
      `${label('covTargets', lang)}${colon(lang)}${c.targets.reached}/${c.targets.total}`,
      `${label('covChecks', lang)}${colon(lang)}${checkParts.join(sep)}`,
      `${label('covItems', lang)}${colon(lang)}${itemParts.join(sep)}`,
      label('covNote', lang),
    ],
    reasons: c.reasons.map((r) => engineText(r, lang)),
  };
}

export function findingsOf(a: Assessment, item: ItemAssessment): Finding[] {
  const refs = new Set(item.findingRefs);
  return a.findings.filter((f) => refs.has(f.fingerprint));
}

/** A location as a reader finds it: relative to the scope's folder when it lies there. */
export function locationText(a: Assessment, l: Location): string {
  const rel = a.run.baseDir && l.file.startsWith(`${a.run.baseDir}/`) ? relative(a.run.baseDir, l.file) : l.file;
  return `${rel}${l.line ? `:${l.line}` : ''}`;
}

/** The "actual result" column of an evaluation table: what the checks saw or what the assessor wrote. */
export function actualResult(a: Assessment, item: ItemAssessment, lang: Lang): string {
  const parts: string[] = [];
  if (item.manual?.note) parts.push(item.manual.note);
  const fs = sortedFindings(findingsOf(a, item));
  for (const f of fs.slice(0, 3)) parts.push(`[${statusLabel(f.status, lang)}] ${f.targetId}: ${f.message}`);
  if (fs.length > 3) parts.push(`${lang === 'zh' ? '另有 ' : ''}${fs.length - 3} ${label('moreResults', lang)}`);
  if (parts.length === 0) return engineText(item.rationale, lang);
  return parts.join(' · ');
}

/** What to do about an item: the remediation of its failing and warning findings, each once. */
export function remediationOf(a: Assessment, item: ItemAssessment): string {
  const texts = sortedFindings(findingsOf(a, item))
    .filter((f) => f.status === 'fail' || f.status === 'warn')
    .map((f) => f.remediation)
    .filter((r) => r.trim());
  return [...new Set(texts)].join(' · ') || '—';
}

/** One line per distinct failing result (check and sub-result): the worst severity, where it failed and what to do. */
export function remediationAdvice(a: Assessment): {
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
  if (a.score === null) return `${pick(a.bandTitle, lang)} (${label('notRated', lang)})`;
  return `${pick(a.bandTitle, lang)}${a.scoring.cappedBy ? ` (${label('cappedBy', lang)}${colon(lang)}${engineText(a.scoring.cappedBy, lang)})` : ''}`;
}

export function scoreText(a: Assessment): string {
  return a.score === null ? '—' : String(a.score);
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

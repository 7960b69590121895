import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import type { Assessment, ItemAssessment, Summary } from '../assess/assess.js';
import { compareRuns, COMPARE_FRAMEWORK } from '../assess/compare.js';
import { VERDICTS, VERDICT_ZH, pick, type Lang, type Verdict } from '../model.js';
import { actualResult, bandText, coverageText, findingsOf, label, verdictLabel } from './common.js';

/** The 等保 words for a verdict, in both languages of the workbook: assessors file them as written. */
const VERDICT_CELL: Record<Verdict, string> = {
  conforming: `${VERDICT_ZH.conforming} conforming`,
  'partly-conforming': `${VERDICT_ZH['partly-conforming']} partly conforming`,
  'non-conforming': `${VERDICT_ZH['non-conforming']} non-conforming`,
  'not-applicable': `${VERDICT_ZH['not-applicable']} not applicable`,
  'not-assessed': `${VERDICT_ZH['not-assessed']} not assessed`,
};

const FILL: Record<Verdict, string> = {
  conforming: 'FFC8E6C9',
  'partly-conforming': 'FFFFF0B3',
  'non-conforming': 'FFFFCDD2',
  'not-applicable': 'FFE0E0E0',
  'not-assessed': 'FFECEFF1',
};

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDE3EA' } };

const T = {
  summary: { en: 'Summary', zh: '汇总' },
  comparison: { en: 'Comparison', zh: '对比' },
  scope: { en: 'Scope', zh: '审计范围' },
  run: { en: 'Run', zh: '运行' },
  started: { en: 'Started', zh: '开始时间' },
  finished: { en: 'Finished', zh: '结束时间' },
  score: { en: 'Score', zh: '得分' },
  band: { en: 'Band', zh: '等级' },
  coverage: { en: 'Coverage', zh: '覆盖范围' },
  complete: { en: 'Complete run', zh: '完整运行' },
  incomplete: { en: 'Incomplete run', zh: '不完整运行' },
  formula: { en: 'Scoring formula', zh: '评分公式' },
  controlPoint: { en: 'Control point', zh: '控制点' },
  layer: { en: 'Layer', zh: '层级' },
  rating: { en: 'Rating', zh: '评级' },
  id: { en: 'Id', zh: '编号' },
  category: { en: 'Category', zh: '类别' },
  item: { en: 'Item', zh: '测评项' },
  procedure: { en: 'Procedure', zh: '实施' },
  expected: { en: 'Expected effect', zh: '预期效果' },
  actual: { en: 'Actual result and evidence', zh: '实际测评结果说明（含证据）' },
  result: { en: 'Result', zh: '结果' },
  basis: { en: 'Basis', zh: '依据' },
  checks: { en: 'Checks', zh: '检查' },
  remediation: { en: 'Remediation', zh: '整改建议' },
  framework: { en: 'Framework', zh: '框架' },
  qualified: { en: 'Qualified items', zh: '达标个数' },
  items: { en: 'Items', zh: '测评项数' },
} as const;

type Key = keyof typeof T;
const t = (k: Key, lang: Lang) => T[k][lang];

/** Excel sheet names: at most 31 characters, none of []:*?/\ and unique in the workbook. */
function sheetName(wanted: string, taken: Set<string>): string {
  const base =
    wanted
      .replace(/[[\]:*?/\\]/g, ' ')
      .slice(0, 31)
      .trim() || 'Sheet';
  let name = base;
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base.slice(0, 27)} (${n})`;
  taken.add(name.toLowerCase());
  return name;
}

function header(row: ExcelJS.Row): void {
  row.font = { bold: true };
  row.eachCell((c) => {
    c.fill = HEADER_FILL;
    c.border = { bottom: { style: 'thin' } };
    c.alignment = { vertical: 'top', wrapText: true };
  });
}

/** The "actual result" cell: what the checks saw (or the assessor wrote), then the evidence behind it. */
function actualWithEvidence(a: Assessment, item: ItemAssessment, lang: Lang): string {
  const lines = [actualResult(a, item, lang)];
  for (const f of findingsOf(a, item)
    .filter((f) => f.status !== 'pass' && f.status !== 'not-applicable')
    .slice(0, 3)) {
    for (const e of f.evidence.slice(0, 4)) lines.push(`· ${e.label}: ${e.value}`.slice(0, 400));
    for (const l of f.locations.slice(0, 2)) lines.push(`· ${l.file}${l.line ? `:${l.line}` : ''}`);
  }
  for (const e of item.manual?.evidence ?? []) lines.push(`· ${e}`);
  // a cell holds at most 32,767 characters
  return lines.join('\n').slice(0, 32_000);
}

function remediationOf(a: Assessment, item: ItemAssessment): string {
  const seen = new Set<string>();
  for (const f of findingsOf(a, item)) if (f.status === 'fail' || f.status === 'warn') seen.add(f.remediation);
  return [...seen].slice(0, 3).join('\n');
}

function summaryTable(ws: ExcelJS.Worksheet, title: string, rows: Summary[], lang: Lang): void {
  ws.addRow([]);
  header(ws.addRow([title, ...VERDICTS.map((v) => verdictLabel(v, lang)), t('score', lang), t('rating', lang)]));
  for (const s of rows)
    ws.addRow([pick(s.title, lang), ...VERDICTS.map((v) => s.verdicts[v]), s.score ?? '—', s.rating ?? '—']);
}

function addSummary(wb: ExcelJS.Workbook, a: Assessment, lang: Lang, name: string): void {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 0 }] });
  ws.columns = [{ width: 34 }, ...VERDICTS.map(() => ({ width: 12 })), { width: 10 }, { width: 10 }];
  const title = ws.addRow([`${label('title', lang)}: ${a.run.scopeName}`]);
  title.font = { bold: true, size: 14 };
  const facts: [Key, string | number][] = [
    ['scope', a.run.scopeName],
    ['run', a.run.id],
    ['started', a.run.started],
    ['finished', a.run.finished],
    ['score', a.score ?? '—'],
    ['band', bandText(a, lang)],
    ['coverage', `${t(a.coverage.complete ? 'complete' : 'incomplete', lang)} · ${coverageText(a, lang)}`],
    ['formula', pick(a.scoring.formula, lang)],
  ];
  for (const [k, v] of facts) {
    const row = ws.addRow([t(k, lang), v]);
    row.getCell(1).font = { bold: true };
    ws.mergeCells(row.number, 2, row.number, VERDICTS.length + 3);
    row.getCell(2).alignment = { wrapText: true, vertical: 'top' };
  }
  for (const reason of a.coverage.reasons) ws.addRow(['', `· ${reason}`]);
  summaryTable(ws, t('controlPoint', lang), a.controlPoints, lang);
  summaryTable(
    ws,
    t('layer', lang),
    a.layers.filter((l) => Object.values(l.verdicts).some((n) => n > 0)),
    lang,
  );
  ws.addRow([]);
  header(ws.addRow([t('framework', lang), ...VERDICTS.map((v) => verdictLabel(v, lang)), t('items', lang)]));
  for (const fw of a.frameworks) {
    const items = a.items.filter((i) => i.framework === fw.id);
    ws.addRow([
      pick(fw.title, lang),
      ...VERDICTS.map((v) => items.filter((i) => i.verdict === v).length),
      items.length,
    ]);
  }
}

const COLUMNS: [Key, number][] = [
  ['id', 22],
  ['category', 16],
  ['item', 28],
  ['procedure', 40],
  ['expected', 36],
  ['actual', 60],
  ['result', 16],
  ['basis', 11],
  ['checks', 30],
  ['remediation', 40],
];

function addLayerSheet(wb: ExcelJS.Workbook, a: Assessment, items: ItemAssessment[], name: string, lang: Lang): void {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = COLUMNS.map(([, width]) => ({ width }));
  header(ws.addRow(COLUMNS.map(([k]) => t(k, lang))));
  for (const item of items) {
    const row = ws.addRow([
      item.id,
      pick(item.path[0] ?? item.title, lang),
      pick(item.title, lang),
      pick(item.procedure, lang),
      pick(item.expected, lang),
      actualWithEvidence(a, item, lang),
      VERDICT_CELL[item.verdict],
      item.basis,
      item.checks.join('\n'),
      remediationOf(a, item),
    ]);
    row.alignment = { vertical: 'top', wrapText: true };
    const result = row.getCell(7);
    result.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: FILL[item.verdict] } };
    // the assessor corrects a verdict by picking from the five 等保 answers
    result.dataValidation = {
      type: 'list',
      allowBlank: false,
      formulae: [`"${VERDICTS.map((v) => VERDICT_CELL[v]).join(',')}"`],
    };
  }
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: COLUMNS.length } };
}

function addComparison(wb: ExcelJS.Workbook, runs: Assessment[], framework: string, name: string, lang: Lang): void {
  const cmp = compareRuns(runs, false, framework);
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1, xSplit: 3 }] });
  ws.columns = [{ width: 18 }, { width: 26 }, { width: 36 }, ...cmp.columns.map(() => ({ width: 18 }))];
  header(ws.addRow([t('layer', lang), t('category', lang), t('item', lang), ...cmp.columns.map((c) => c.title)]));
  for (const r of cmp.rows)
    ws.addRow([pick(r.layer, lang), pick(r.category, lang), pick(r.title, lang), ...r.marks]).alignment = {
      vertical: 'top',
      wrapText: true,
    };
  const total = ws.addRow([t('qualified', lang), '', '', ...cmp.qualified]);
  total.font = { bold: true };
}

/** A zip whose entries carry one fixed date, so the same workbook is the same bytes. */
async function deterministicZip(data: Buffer, date: Date): Promise<Buffer> {
  const zip = await JSZip.loadAsync(data);
  const out = new JSZip();
  for (const name of Object.keys(zip.files).sort()) {
    const entry = zip.files[name];
    if (entry.dir) continue;
    out.file(name, await entry.async('uint8array'), { date, createFolders: false });
  }
  return out.generateAsync({
    type: 'nodebuffer',
    compression: 'DEFLATE',
    compressionOptions: { level: 6 },
    platform: 'UNIX',
  });
}

export interface XlsxOptions {
  /** Further runs to compare with the first, item by item (Table 10). */
  compareWith?: Assessment[];
  /** The framework the comparison is drawn on. */
  compareFramework?: string;
}

/**
 * The 等保 evaluation workbook: a summary sheet (control points, layers, score, band, coverage), one
 * sheet per framework layer with each item's procedure, expected effect, actual result with its
 * evidence and the verdict, and the item-by-item comparison when several runs are given. The same
 * assessment always gives the same bytes (dates are the run's, zip entries carry one date).
 */
export async function renderXlsx(a: Assessment, lang: Lang, options: XlsxOptions = {}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const when = new Date(a.run.finished);
  const fixed = Number.isNaN(when.getTime()) ? new Date(0) : when;
  wb.creator = 'chainaudit';
  wb.lastModifiedBy = 'chainaudit';
  wb.created = fixed;
  wb.modified = fixed;
  wb.title = `${label('title', lang)}: ${a.run.scopeName}`;
  const taken = new Set<string>();
  addSummary(wb, a, lang, sheetName(t('summary', lang), taken));
  const others = options.compareWith ?? [];
  if (others.length) {
    const framework = options.compareFramework ?? COMPARE_FRAMEWORK;
    addComparison(wb, [a, ...others], framework, sheetName(t('comparison', lang), taken), lang);
  }
  for (const fw of a.frameworks)
    for (const layer of fw.layers) {
      const items = a.items.filter((i) => i.framework === fw.id && i.layer === layer.id);
      if (!items.length) continue;
      addLayerSheet(wb, a, items, sheetName(pick(layer.title, lang), taken), lang);
    }
  const raw = Buffer.from(await wb.xlsx.writeBuffer());
  return deterministicZip(raw, fixed);
}

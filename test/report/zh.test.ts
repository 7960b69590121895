import { describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/catalog/load.js';
import type { Finding, Text } from '../../src/model.js';
import { renderHtml } from '../../src/report/html.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { SCORING, assessRun, finding, item, runOf, testCatalog } from '../support/fixtures.js';

/** Every bilingual text of the catalog gets Chinese of its own, so English left in a report is ours. */
function chineseOnly<T>(value: T): T {
  if (Array.isArray(value)) return value.map(chineseOnly) as T;
  if (value instanceof Map) return new Map([...value].map(([k, v]) => [k, chineseOnly(v)])) as T;
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o.en === 'string' && typeof o.zh === 'string' && Object.keys(o).length === 2)
      return { en: o.en, zh: '中文内容' } satisfies Text as T;
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, chineseOnly(v)])) as T;
  }
  return value;
}

const items = [
  item('DJCP.P2P.A', 'high'),
  item('DJCP.P2P.B', 'medium', ['CP.DATA_INTEGRITY']),
  item('DJCP.LEDGER.C', 'critical', ['CP.DATA_INTEGRITY'], 'ledger'),
  { ...item('DJCP.LEDGER.D', 'low', ['CP.ACCESS_CONTROL'], 'ledger'), group: 'operations' },
  item('DJCP.LEDGER.E', 'low', ['CP.ACCESS_CONTROL'], 'ledger'),
];
const catalog: Catalog = chineseOnly({ ...testCatalog(items), scoring: SCORING });

function zhFinding(f: Finding): Finding {
  return {
    ...f,
    title: '节点问题',
    message: '节点返回了异常结果',
    remediation: '关闭该接口',
    evidence: [{ label: '请求', value: '返回内容' }],
  };
}

function incompleteAssessment() {
  const findings = [
    zhFinding(finding('evm.rpc.cors', 'fail', 'critical', ['DJCP.P2P.A'])),
    zhFinding(finding('evm.rpc.cors', 'pass', 'high', ['DJCP.P2P.A'], 't1', 'b')),
    zhFinding(finding('evm.rpc.version', 'warn', 'low', ['DJCP.P2P.B'])),
    zhFinding(finding('evm.rpc.sync', 'error', 'medium', ['DJCP.LEDGER.C'])),
    zhFinding(finding('evm.rpc.peers', 'pass', 'low', ['DJCP.LEDGER.D'])),
  ];
  const run = runOf(findings);
  run.scopeName = '测试范围';
  run.targets = [
    { id: 't1', kind: 'evm-node' },
    { id: 't2', kind: 'evm-node' },
  ];
  run.unreachable = [{ targetId: 't2', reason: '无法连接' }];
  run.checksHeldBack = [{ checkId: 'evm.rpc.robustness', reason: 'intrusive: enable with --intrusive' }];
  return assessRun(
    run,
    catalog,
    new Map([['DJCP.LEDGER.E', { verdict: 'conforming', evidence: [], assessor: '张三' }]]),
  );
}

/** Identifiers, numbers, dates and flags are not words to translate; what is left must be Chinese. */
function englishWords(text: string, a: ReturnType<typeof incompleteAssessment>): string[] {
  const ids = [
    a.run.id,
    ...a.items.map((i) => i.id),
    ...a.findings.map((f) => f.checkId),
    ...a.run.checksHeldBack.map((h) => h.checkId),
    ...a.run.targets.flatMap((t) => [t.id, t.kind]),
    ...a.frameworks.map((f) => f.id),
    ...a.groups.map((g) => g.id),
  ].sort((x, y) => y.length - x.length);
  let rest = text
    .replace(/<style>[\s\S]*?<\/style>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&[a-z]+;|&#\d+;/g, ' ')
    .replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, ' ')
    .replace(/--(intrusive|active)\b/g, ' ')
    .replace(/\bchainaudit\b/g, ' ');
  for (const id of ids) rest = rest.split(id).join(' ');
  return [...new Set(rest.match(/[A-Za-z]{2,}/g) ?? [])];
}

describe('--lang zh says everything of its own in Chinese', () => {
  const a = incompleteAssessment();

  it('the assessment under test is incomplete, with a manual answer, groups and held-back checks', () => {
    expect(a.coverage.complete).toBe(false);
    expect(a.items.find((i) => i.id === 'DJCP.LEDGER.E')?.basis).toBe('manual');
    expect(a.groups.length).toBe(1);
  });

  it('Markdown: no English label, verdict, status, severity, coverage or rationale phrase', () => {
    expect(englishWords(renderMarkdown(a, 'zh'), a)).toEqual([]);
  });

  it('HTML: no English label, verdict, status, severity, coverage or rationale phrase', () => {
    expect(englishWords(renderHtml(a, 'zh'), a)).toEqual([]);
  });

  it('the English report of the same run does carry those words (the check above can fail)', () => {
    const words = englishWords(renderMarkdown(a, 'en'), a);
    for (const w of ['Coverage', 'Incomplete', 'Remediation', 'conforming', 'critical']) expect(words).toContain(w);
  });
});

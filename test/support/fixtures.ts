import { assess, type Assessment } from '../../src/assess/assess.js';
import type { ManualAnswer } from '../../src/assess/manual.js';
import type { Catalog } from '../../src/catalog/load.js';
import type { Mapping } from '../../src/catalog/mapping.js';
import type { CatalogItem, Scoring } from '../../src/catalog/schema.js';
import type { Finding, Severity, Status } from '../../src/model.js';
import type { AuditRun } from '../../src/engine/run.js';
import { fingerprint } from '../../src/engine/run.js';

const t = (en: string) => ({ en, zh: `${en}（中文）` });

export const SCORING: Scoring = {
  description: t('test scoring'),
  verdictScore: { conforming: 1, 'partly-conforming': 0.5, 'non-conforming': 0 },
  severityWeight: { info: 0.5, low: 1, medium: 2, high: 3, critical: 4 },
  deduction: { info: 0, low: 0, medium: 0.5, high: 2, critical: 5 },
  maxDeduction: 30,
  bands: [
    { min: 90, band: 'excellent', title: { en: 'Excellent', zh: '优' } },
    { min: 80, band: 'good', title: { en: 'Good', zh: '良' } },
    { min: 70, band: 'fair', title: { en: 'Fair', zh: '中' } },
    { min: 0, band: 'poor', title: { en: 'Poor', zh: '差' } },
  ],
  highRiskCap: { severity: 'high', band: 'poor' },
  ratings: [
    { min: 90, rating: 'Excellent', title: t('Excellent') },
    { min: 75, rating: 'Good', title: t('Good') },
    { min: 60, rating: 'Fair', title: t('Fair') },
    { min: 0, rating: 'Poor', title: t('Poor') },
  ],
};

export function item(
  id: string,
  severity: Severity,
  controlPoints: string[] = ['CP.ACCESS_CONTROL'],
  layer = 'p2p',
): CatalogItem {
  return {
    id,
    layer,
    path: [t('Category')],
    title: t(`Item ${id}`),
    description: t('desc'),
    controlPoints,
    severity,
    procedure: t('procedure'),
    expected: t('expected'),
    evidence: t('evidence'),
    source: 'test',
    checks: [],
  };
}

/** A small hand-built catalog so verdict and score rules are tested on inputs we fully control. */
export function testCatalog(items: CatalogItem[], frameworkId = 'djcp-blockchain'): Catalog {
  return {
    frameworks: [
      {
        id: frameworkId,
        title: t('Test framework'),
        description: t('d'),
        source: 'test',
        layers: [
          { id: 'p2p', title: t('P2P') },
          { id: 'ledger', title: t('Ledger') },
        ],
        file: 'test',
      },
    ],
    items,
    byId: new Map(items.map((i) => [i.id, { ...i, framework: frameworkId }])),
    itemSource: new Map(items.map((i) => [i.id, 'test'])),
    controlPoints: [
      { id: 'CP.ACCESS_CONTROL', title: t('Access control'), sets: ['djcp2-app-data'] },
      { id: 'CP.DATA_INTEGRITY', title: t('Data integrity'), sets: ['djcp2-app-data'] },
    ],
    controlPointComparison: [],
    errorClasses: [],
    scoring: SCORING,
  };
}

export function finding(
  checkId: string,
  status: Status,
  severity: Severity,
  items: string[],
  targetId = 't1',
  key?: string,
): Finding {
  return {
    checkId,
    targetId,
    status,
    severity,
    confidence: 'high',
    items,
    title: `${checkId} title`,
    message: `${checkId} ${status}`,
    evidence: [],
    locations: [],
    remediation: 'fix it',
    fingerprint: fingerprint(checkId, targetId, key),
  };
}

export function runOf(findings: Finding[], id = 'run-1', checksRun?: string[]): AuditRun {
  return {
    id,
    scopeName: 'test scope',
    scopeFile: '/tmp/scope.yaml',
    startedAt: '2026-11-21T10:00:00.000Z',
    finishedAt: '2026-11-21T10:00:05.000Z',
    options: { intrusive: false, active: false },
    targets: [{ id: 't1', kind: 'evm-node' }],
    checksRun: checksRun ?? [...new Set(findings.map((f) => f.checkId))],
    checksHeldBack: [],
    tasks: new Set(findings.map((f) => `${f.checkId}\0${f.targetId}`)).size,
    ran: new Set(findings.map((f) => `${f.checkId}\0${f.targetId}`)).size,
    notRun: [],
    unreachable: [],
    findings,
  };
}

/**
 * The framework mapping these hand-built findings imply: each finding's `items` name the items its
 * check speaks for, as a catalog's `checks:` lists would.
 */
export function mappingOf(findings: Finding[]): Mapping {
  const refsByItem = new Map<string, { checkId: string }[]>();
  const itemsByCheck = new Map<string, string[]>();
  for (const f of findings)
    for (const id of f.items) {
      if (!(refsByItem.get(id) ?? []).some((r) => r.checkId === f.checkId))
        refsByItem.set(id, [...(refsByItem.get(id) ?? []), { checkId: f.checkId }]);
      if (!(itemsByCheck.get(f.checkId) ?? []).includes(id))
        itemsByCheck.set(f.checkId, [...(itemsByCheck.get(f.checkId) ?? []), id]);
    }
  return { refsByItem, itemsByCheck };
}

/** Assesses a hand-built run against a hand-built catalog, with the mapping its findings imply. */
export function assessRun(run: AuditRun, catalog: Catalog, manual?: Map<string, ManualAnswer>): Assessment {
  return assess(run, catalog, mappingOf(run.findings), [], manual, {
    baseDir: '/repo',
    targetLocations: Object.fromEntries(
      [...new Set([...run.targets.map((t) => t.id), ...run.findings.map((f) => f.targetId)])].map((id, i) => [
        id,
        { file: 'scope.yaml', line: 7 + i },
      ]),
    ),
  });
}

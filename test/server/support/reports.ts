import { assess, type Assessment } from '../../../src/assess/assess.js';
import type { ManualAnswer } from '../../../src/assess/manual.js';
import { loadCatalog, type Catalog } from '../../../src/catalog/load.js';
import { resolveMapping, type Mapping } from '../../../src/catalog/mapping.js';
import { registry } from '../../../src/checks/index.js';
import { ENGINE_CHECKS, fingerprint, type AuditRun } from '../../../src/engine/run.js';
import type { Finding, Severity, Status } from '../../../src/model.js';

let loaded: { catalog: Catalog; mapping: Mapping } | undefined;
export function testFrameworks(): { catalog: Catalog; mapping: Mapping } {
  if (!loaded) {
    const catalog = loadCatalog();
    loaded = {
      catalog,
      mapping: resolveMapping(
        catalog,
        registry.map((c) => c.meta),
      ),
    };
  }
  return loaded;
}

export interface ResultSpec {
  checkId: string;
  targetId: string;
  status: Status;
  severity?: Severity;
  key?: string;
  title?: string;
  message?: string;
  evidence?: { label: string; value: string }[];
  result?: string;
}

/**
 * A report.json as `chainaudit audit` writes it: findings completed from the real check metadata
 * (a check that declares sub-results names its first one) and folded by the same `assess` over the
 * real frameworks.
 */
export function buildReport(
  runId: string,
  results: ResultSpec[],
  opts: { targets?: AuditRun['targets']; started?: string; manual?: Map<string, ManualAnswer> } = {},
): Assessment {
  const metas = new Map(registry.map((c) => [c.meta.id, c.meta]));
  const findings: Finding[] = results.map((r) => {
    const meta = metas.get(r.checkId);
    if (!meta) throw new Error(`no check ${r.checkId}`);
    const result = r.result ?? Object.keys(meta.results ?? {})[0];
    return {
      checkId: r.checkId,
      targetId: r.targetId,
      status: r.status,
      severity: r.severity ?? meta.severity,
      confidence: meta.confidence,
      ...(result ? { result } : {}),
      items: [],
      title: r.title ?? meta.title,
      message: r.message ?? `${r.status}: ${meta.title}`,
      evidence: r.evidence ?? [{ label: 'observed', value: `${r.targetId} ${r.key ?? ''}` }],
      locations: [],
      remediation: meta.remediation,
      fingerprint: fingerprint(r.checkId, r.targetId, r.key),
    };
  });
  const targets =
    opts.targets ??
    [...new Set(results.map((r) => r.targetId))].map((id) => ({ id, kind: 'evm-node' as const, name: id }));
  const started = opts.started ?? new Date().toISOString();
  const run: AuditRun = {
    id: runId,
    scopeName: 'test chain',
    scopeFile: '/tmp/scope.yaml',
    startedAt: started,
    finishedAt: started,
    options: { intrusive: false, active: false },
    targets,
    checksRun: [...new Set(results.map((r) => r.checkId))],
    checksHeldBack: [],
    tasks: findings.length,
    ran: findings.length,
    notRun: [],
    unreachable: [],
    findings,
  };
  const { catalog, mapping } = testFrameworks();
  return assess(run, catalog, mapping, [...ENGINE_CHECKS, ...registry.map((c) => c.meta)], opts.manual ?? new Map(), {
    toolVersion: '0.1.0',
  });
}

/** Check ids that assess at least one 等保 blockchain item come first, for realistic reports. */
export function sampleChecks(n: number): string[] {
  const { catalog, mapping } = testFrameworks();
  const djcp = new Set(
    catalog.items.filter((i) => catalog.byId.get(i.id)!.framework === 'djcp-blockchain').map((i) => i.id),
  );
  const withItems = registry
    .filter((c) => (mapping.itemsByCheck.get(c.meta.id) ?? []).some((i) => djcp.has(i)))
    .map((c) => c.meta.id);
  const rest = registry.map((c) => c.meta.id).filter((id) => !withItems.includes(id));
  return [...withItems, ...rest].slice(0, n);
}

import { assess, type Assessment } from '../../../src/assess/assess.js';
import type { ManualAnswer } from '../../../src/assess/manual.js';
import { loadCatalog, type Catalog } from '../../../src/catalog/load.js';
import { registry } from '../../../src/checks/index.js';
import { fingerprint, type AuditRun } from '../../../src/engine/run.js';
import type { Finding, Severity, Status } from '../../../src/model.js';

let catalog: Catalog | undefined;
export function testCatalog(): Catalog {
  return (catalog ??= loadCatalog());
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
 * and folded by the same `assess` over the real catalog.
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
    return {
      checkId: r.checkId,
      targetId: r.targetId,
      status: r.status,
      severity: r.severity ?? meta.severity,
      confidence: meta.confidence,
      items: meta.items ?? [],
      title: r.title ?? meta.title,
      message: r.message ?? `${r.status}: ${meta.title}`,
      evidence: r.evidence ?? [{ label: 'observed', value: `${r.targetId} ${r.key ?? ''}` }],
      locations: [],
      remediation: meta.remediation,
      fingerprint: fingerprint(r.checkId, r.targetId, r.key),
      ...(r.result ? { result: r.result } : {}),
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
    findings,
  };
  return assess(
    run,
    testCatalog(),
    registry.map((c) => c.meta),
    opts.manual ?? new Map(),
    { toolVersion: '0.1.0' },
  );
}

/** Check ids that exist in the registry and assess at least one 等保 blockchain item, for realistic reports. */
export function sampleChecks(n: number): string[] {
  const djcp = new Set(
    testCatalog()
      .items.filter((i) => testCatalog().byId.get(i.id)!.framework === 'djcp-blockchain')
      .map((i) => i.id),
  );
  const withItems = registry.filter((c) => (c.meta.items ?? []).some((i) => djcp.has(i))).map((c) => c.meta.id);
  const rest = registry.map((c) => c.meta.id).filter((id) => !withItems.includes(id));
  return [...withItems, ...rest].slice(0, n);
}

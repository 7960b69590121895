import type { CheckMeta } from '../checks/types.js';
import type { Finding, Location, Severity } from '../model.js';

const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '1.0',
};
const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};

export interface SarifOptions {
  toolVersion?: string;
  /** Where to point a finding that has no file location of its own, e.g. the target's entry in the scope file. */
  fallbackLocation?: (f: Finding) => Location | undefined;
  /** Makes artifact URIs relative to this folder, as code-scanning services expect. */
  baseDir?: string;
}

function uriOf(file: string, baseDir?: string): string {
  let p = file;
  if (baseDir && p.startsWith(`${baseDir.replace(/\/$/, '')}/`)) p = p.slice(baseDir.replace(/\/$/, '').length + 1);
  return p.split('/').map(encodeURIComponent).join('/');
}

function region(l: Location) {
  if (!l.line) return undefined;
  return {
    startLine: l.line,
    ...(l.endLine ? { endLine: l.endLine } : {}),
    ...(l.column ? { startColumn: l.column } : {}),
    ...(l.endColumn ? { endColumn: l.endColumn } : {}),
  };
}

/**
 * SARIF 2.1.0 for failing and warning findings that can be placed in a file; one rule per check
 * (or per check and title, for checks that emit several kinds of result).
 */
export function renderSarif(findings: Finding[], checks: CheckMeta[], opts: SarifOptions = {}): object {
  const metaById = new Map(checks.map((c) => [c.id, c]));
  const rules: object[] = [];
  const ruleIndex = new Map<string, number>();
  const results: object[] = [];
  for (const f of findings) {
    if (f.status !== 'fail' && f.status !== 'warn') continue;
    const locs = f.locations.length
      ? f.locations
      : [opts.fallbackLocation?.(f)].filter((l): l is Location => Boolean(l));
    if (locs.length === 0) continue;
    const ruleId = f.checkId;
    if (!ruleIndex.has(ruleId)) {
      const m = metaById.get(ruleId);
      ruleIndex.set(ruleId, rules.length);
      rules.push({
        id: ruleId,
        name: ruleId.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : '')),
        shortDescription: { text: m?.title ?? f.title },
        fullDescription: { text: m?.description ?? f.title },
        help: {
          text: m?.remediation ?? f.remediation,
          markdown: `**Remediation.** ${m?.remediation ?? f.remediation}`,
        },
        helpUri: m?.references[0],
        defaultConfiguration: { level: LEVEL[m?.severity ?? f.severity] },
        properties: {
          tags: ['security', ...(m?.tags ?? [])],
          precision: { high: 'high', medium: 'medium', low: 'low' }[m?.confidence ?? f.confidence],
          'security-severity': SECURITY_SEVERITY[m?.severity ?? f.severity],
          catalogItems: m?.items ?? f.items,
        },
      });
    }
    results.push({
      ruleId,
      ruleIndex: ruleIndex.get(ruleId),
      level: f.status === 'warn' ? 'warning' : LEVEL[f.severity],
      message: { text: `${f.title}: ${f.message}` },
      locations: locs.map((l) => ({
        physicalLocation: {
          artifactLocation: { uri: uriOf(l.file, opts.baseDir) },
          ...(region(l) ? { region: region(l) } : {}),
        },
      })),
      partialFingerprints: { 'chainaudit/v1': f.fingerprint },
      properties: {
        targetId: f.targetId,
        severity: f.severity,
        'security-severity': SECURITY_SEVERITY[f.severity],
        catalogItems: f.items,
      },
    });
  }
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'chainaudit', version: opts.toolVersion ?? '0.0.0', rules } },
        results,
        columnKind: 'unicodeCodePoints',
      },
    ],
  };
}

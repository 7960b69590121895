import type { Assessment } from '../assess/assess.js';
import type { Finding, Severity } from '../model.js';
import { sortedFindings } from './common.js';

const SEVERITY: Record<Severity, string> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
  info: 'Info',
};

/** Checks that read code or configuration files; the rest looked at running systems. */
const STATIC_DOMAINS = ['contracts', 'configs', 'secrets', 'ledger', 'logs', 'kubernetes', 'cloud', 'import'];

function description(f: Finding): string {
  return [
    f.message,
    '',
    `Check: ${f.checkId}${f.result ? `#${f.result}` : ''} on ${f.targetId} (${f.status})`,
    ...(f.items.length ? [`Framework items: ${f.items.join(', ')}`] : []),
    ...f.evidence.map((e) => `- ${e.label}: ${e.value}`),
  ].join('\n');
}

/**
 * DefectDojo's "Generic Findings Import" JSON: failing and warning findings, each with its
 * fingerprint as the tool's unique id so a re-import closes what was fixed.
 */
export function renderDefectDojo(a: Assessment): object {
  const date = a.run.finished.slice(0, 10);
  const findings = sortedFindings(a.findings)
    .filter((f) => f.status === 'fail' || f.status === 'warn')
    .map((f) => {
      const loc = f.locations[0];
      const cves = [...new Set(f.evidence.filter((e) => /^CVE-\d{4}-\d+$/.test(e.value)).map((e) => e.value))];
      return {
        title: `${f.title} — ${f.targetId}`.slice(0, 511),
        description: description(f),
        severity: SEVERITY[f.severity],
        mitigation: f.remediation,
        date,
        active: true,
        verified: false,
        static_finding: STATIC_DOMAINS.includes(f.checkId.split('.')[0]),
        dynamic_finding: !STATIC_DOMAINS.includes(f.checkId.split('.')[0]),
        unique_id_from_tool: f.fingerprint,
        vuln_id_from_tool: f.result ? `${f.checkId}#${f.result}` : f.checkId,
        ...(loc ? { file_path: loc.file, ...(loc.line ? { line: loc.line } : {}) } : {}),
        ...(cves.length ? { vulnerability_ids: cves } : {}),
        tags: [f.checkId.split('.')[0], ...f.items.slice(0, 10)],
      };
    });
  return {
    name: `chainaudit ${a.run.scopeName}`,
    type: 'chainaudit',
    version: a.tool.version,
    description: `chainaudit run ${a.run.id} of ${a.run.scopeName}${a.coverage.complete ? '' : ' (incomplete run)'}`,
    findings,
  };
}

import { z } from 'zod';
import type { Location, Status } from '../model.js';
import { clip, severityOf, validate } from './common.js';
import type { ImportedResult, ToolImporter } from './types.js';

const vulnerability = z.object({
  VulnerabilityID: z.string(),
  PkgName: z.string().default(''),
  PkgPath: z.string().optional(),
  InstalledVersion: z.string().default(''),
  FixedVersion: z.string().optional(),
  Severity: z.string().default('UNKNOWN'),
  Title: z.string().optional(),
  Description: z.string().optional(),
  PrimaryURL: z.string().optional(),
});

const misconfiguration = z.object({
  ID: z.string(),
  AVDID: z.string().optional(),
  Type: z.string().optional(),
  Title: z.string().default(''),
  Description: z.string().optional(),
  Message: z.string().optional(),
  Resolution: z.string().optional(),
  Severity: z.string().default('UNKNOWN'),
  PrimaryURL: z.string().optional(),
  Status: z.string().default('FAIL'),
  CauseMetadata: z
    .object({ Resource: z.string().optional(), StartLine: z.number().optional(), EndLine: z.number().optional() })
    .partial()
    .optional(),
});

const secret = z.object({
  RuleID: z.string(),
  Category: z.string().optional(),
  Severity: z.string().default('UNKNOWN'),
  Title: z.string().default(''),
  StartLine: z.number().optional(),
  EndLine: z.number().optional(),
  Match: z.string().optional(),
});

const license = z.object({
  Name: z.string(),
  Severity: z.string().default('UNKNOWN'),
  PkgName: z.string().optional(),
  Category: z.string().optional(),
});

const targetResult = z.object({
  Target: z.string(),
  Class: z.string().optional(),
  Type: z.string().optional(),
  Vulnerabilities: z.array(vulnerability).nullable().optional(),
  Misconfigurations: z.array(misconfiguration).nullable().optional(),
  Secrets: z.array(secret).nullable().optional(),
  Licenses: z.array(license).nullable().optional(),
});

const resource = z.object({
  Namespace: z.string().optional(),
  Kind: z.string().optional(),
  Name: z.string().optional(),
  Results: z.array(targetResult).nullable().optional(),
  Error: z.string().optional(),
});

const MISCONF_STATUS: Record<string, Status> = { FAIL: 'fail', PASS: 'pass', EXCEPTION: 'not-applicable' };

/** Trivy masks the secret in `Match` itself; long unmasked runs are masked again before they are kept. */
function remask(match: string): string {
  return match.replace(/[A-Za-z0-9+/=_\-.]{12,}/g, (m) =>
    /\*{3,}/.test(m) ? m : `${m.slice(0, 2)}${'*'.repeat(Math.min(m.length - 4, 16))}${m.slice(-2)}`,
  );
}

function resultsOf(t: z.infer<typeof targetResult>, where: string, out: (r: ImportedResult) => void): void {
  const file = t.Target;
  for (const v of t.Vulnerabilities ?? []) {
    out({
      rule: `vuln/${v.VulnerabilityID}`,
      status: 'fail',
      severity: severityOf(v.Severity),
      title: `${v.VulnerabilityID} in ${v.PkgName} ${v.InstalledVersion}`,
      message: clip(v.Title ?? v.Description ?? v.VulnerabilityID, 1000),
      locations: [{ file: v.PkgPath || file }],
      evidence: [
        { label: 'package', value: `${v.PkgName} ${v.InstalledVersion}${t.Type ? ` (${t.Type})` : ''}` },
        { label: 'fixed in', value: v.FixedVersion || 'no fixed version published' },
        ...(v.PrimaryURL ? [{ label: 'advisory', value: v.PrimaryURL }] : []),
      ],
      remediation: v.FixedVersion
        ? `Upgrade ${v.PkgName} to ${v.FixedVersion} or later.`
        : `No fixed version of ${v.PkgName} is published yet; remove the package or mitigate ${v.VulnerabilityID} otherwise.`,
      key: `${where}:${file}:${v.PkgName}:${v.InstalledVersion}:${v.VulnerabilityID}`,
    });
  }
  for (const m of t.Misconfigurations ?? []) {
    const start = m.CauseMetadata?.StartLine;
    const location: Location = {
      file,
      ...(start ? { line: start } : {}),
      ...(m.CauseMetadata?.EndLine ? { endLine: m.CauseMetadata.EndLine } : {}),
    };
    out({
      rule: `misconf/${m.ID}`,
      status: MISCONF_STATUS[m.Status] ?? 'warn',
      severity: severityOf(m.Severity),
      title: `${m.ID}: ${clip(m.Title, 200)}`,
      message: clip(m.Message || m.Description || m.Title, 1000),
      locations: [location],
      evidence: [
        { label: 'check', value: `${m.ID}${m.AVDID ? ` (${m.AVDID})` : ''}${m.Type ? `, ${m.Type}` : ''}` },
        ...(m.CauseMetadata?.Resource ? [{ label: 'resource', value: m.CauseMetadata.Resource }] : []),
        ...(m.PrimaryURL ? [{ label: 'reference', value: m.PrimaryURL }] : []),
      ],
      ...(m.Resolution ? { remediation: clip(m.Resolution, 1000) } : {}),
      key: `${where}:${file}:${m.ID}:${m.CauseMetadata?.Resource ?? ''}:${start ?? ''}`,
    });
  }
  for (const s of t.Secrets ?? []) {
    out({
      rule: `secret/${s.RuleID}`,
      status: 'fail',
      severity: severityOf(s.Severity, 'high'),
      title: `Secret: ${s.Title || s.RuleID}`,
      message: `${s.Title || s.RuleID} in ${file}${s.StartLine ? ` line ${s.StartLine}` : ''}`,
      locations: [{ file, ...(s.StartLine ? { line: s.StartLine } : {}) }],
      evidence: [
        { label: 'rule', value: `${s.RuleID}${s.Category ? ` (${s.Category})` : ''}` },
        ...(s.Match ? [{ label: 'match (masked)', value: clip(remask(s.Match), 300) }] : []),
      ],
      remediation:
        'Remove the secret from the file and its history, revoke it, and issue a new one kept in a secret store.',
      key: `${where}:${file}:${s.RuleID}:${s.StartLine ?? ''}`,
    });
  }
  for (const l of t.Licenses ?? []) {
    out({
      rule: `license/${l.Name}`,
      status: 'warn',
      severity: severityOf(l.Severity),
      title: `License ${l.Name}${l.PkgName ? ` (${l.PkgName})` : ''}`,
      message: `${l.PkgName ?? file} is under ${l.Name}${l.Category ? ` (${l.Category})` : ''}`,
      locations: [{ file }],
      key: `${where}:${file}:${l.PkgName ?? ''}:${l.Name}`,
    });
  }
}

export const trivy: ToolImporter = {
  tool: 'trivy',
  title: 'Trivy',
  describes: 'a Trivy JSON report (trivy fs|config|image|k8s --format json)',
  async read(input, fail, emit) {
    let schema: unknown;
    let cluster: unknown;
    let artifact = '';
    let version: string | undefined;
    for await (const s of input.select([
      ['SchemaVersion'],
      ['ArtifactName'],
      ['Results', '*'],
      ['ClusterName'],
      ['Resources', '*'],
      ['Vulnerabilities', '*'],
      ['Misconfigurations', '*'],
      ['Trivy', 'Version'],
    ])) {
      switch (s.pattern) {
        case 0:
          schema = s.value;
          break;
        case 1:
          artifact = String(s.value);
          break;
        case 2:
          resultsOf(validate(targetResult, s.value, s.path, fail), artifact, emit);
          break;
        case 3:
          cluster = s.value;
          break;
        case 7:
          version = String(s.value);
          break;
        default: {
          const r = validate(resource, s.value, s.path, fail);
          const where = `${r.Namespace ?? ''}/${r.Kind ?? ''}/${r.Name ?? ''}`;
          for (const t of r.Results ?? []) resultsOf(t, where, emit);
          if (r.Error)
            emit({
              rule: 'scan-error',
              status: 'error',
              severity: 'medium',
              title: `Trivy could not scan ${where}`,
              message: clip(r.Error, 1000),
              key: `${where}:error`,
            });
        }
      }
    }
    if (schema === undefined && cluster === undefined) fail('it has neither "SchemaVersion" nor "ClusterName"');
    if (schema !== undefined && schema !== 2) fail(`SchemaVersion ${JSON.stringify(schema)} is not 2`);
    return { toolVersion: version };
  },
};

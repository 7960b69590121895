import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { Location, Severity, Status } from '../model.js';
import { clip, severityOf, validate } from './common.js';
import type { ImportedResult, ToolImporter } from './types.js';

const text = z.object({ text: z.string().optional(), markdown: z.string().optional() }).partial();

const physical = z.object({
  artifactLocation: z.object({ uri: z.string().optional(), uriBaseId: z.string().optional() }).partial().optional(),
  region: z
    .object({ startLine: z.number(), startColumn: z.number(), endLine: z.number(), endColumn: z.number() })
    .partial()
    .optional(),
});

const location = z.object({ physicalLocation: physical.optional() });

const result = z.object({
  ruleId: z.string().optional(),
  ruleIndex: z.number().optional(),
  rule: z.object({ id: z.string().optional(), index: z.number().optional() }).optional(),
  kind: z.string().optional(),
  level: z.string().optional(),
  message: text.default({}),
  locations: z.array(location).default([]),
  relatedLocations: z.array(location).default([]),
  partialFingerprints: z.record(z.string(), z.string()).optional(),
  fingerprints: z.record(z.string(), z.string()).optional(),
  suppressions: z.array(z.object({ status: z.string().optional() }).partial()).optional(),
  properties: z.record(z.string(), z.unknown()).optional(),
});

const rule = z.object({
  id: z.string(),
  name: z.string().optional(),
  shortDescription: text.optional(),
  fullDescription: text.optional(),
  help: text.optional(),
  helpUri: z.string().optional(),
  defaultConfiguration: z.object({ level: z.string().optional() }).optional(),
  properties: z.record(z.string(), z.unknown()).optional(),
});

const tool = z.object({
  driver: z.object({
    name: z.string(),
    version: z.string().optional(),
    semanticVersion: z.string().optional(),
    rules: z.array(rule).default([]),
  }),
});

const invocation = z.object({
  executionSuccessful: z.boolean().optional(),
  toolExecutionNotifications: z.array(z.object({ message: text.optional(), level: z.string().optional() })).optional(),
});

/** Drivers whose SARIF logs count under the tool's own mapping, and how their rule ids read there. */
const KNOWN_DRIVERS: { match: RegExp; tool: string; rule: (id: string) => string }[] = [
  { match: /^slither$/i, tool: 'slither', rule: (id) => id.replace(/^\d+-\d+-/, '') },
  { match: /^aderyn$/i, tool: 'aderyn', rule: (id) => id },
  { match: /^semgrep/i, tool: 'semgrep', rule: (id) => id },
  { match: /^gitleaks$/i, tool: 'gitleaks', rule: (id) => id },
];

type Rule = z.infer<typeof rule>;
type Pending = { run: number; r: z.infer<typeof result> };

function uriToFile(uri: string | undefined): string | undefined {
  if (!uri) return undefined;
  if (uri.startsWith('file:')) {
    try {
      return fileURLToPath(uri);
    } catch {
      return uri;
    }
  }
  try {
    return decodeURIComponent(uri);
  } catch {
    return uri;
  }
}

function locationOf(l: z.infer<typeof location>): Location | undefined {
  const p = l.physicalLocation;
  const file = uriToFile(p?.artifactLocation?.uri);
  if (!file) return undefined;
  const r = p?.region;
  return {
    file,
    ...(r?.startLine ? { line: r.startLine } : {}),
    ...(r?.endLine ? { endLine: r.endLine } : {}),
    ...(r?.startColumn ? { column: r.startColumn } : {}),
    ...(r?.endColumn ? { endColumn: r.endColumn } : {}),
  };
}

/** CVSS-like `security-severity` (GitHub code scanning) when present, else the level. */
function severityFrom(level: string, props: Record<string, unknown> | undefined): Severity {
  const score = Number(props?.['security-severity']);
  if (Number.isFinite(score) && score > 0)
    return score >= 9 ? 'critical' : score >= 7 ? 'high' : score >= 4 ? 'medium' : 'low';
  return level === 'error' ? 'high' : level === 'warning' ? 'medium' : level === 'note' ? 'low' : 'info';
}

function statusFrom(kind: string | undefined, level: string): Status {
  if (kind === 'pass') return 'pass';
  if (kind === 'notApplicable') return 'not-applicable';
  if (kind && kind !== 'fail') return 'warn';
  return level === 'error' || level === 'warning' ? 'fail' : 'warn';
}

export const sarif: ToolImporter = {
  tool: 'sarif',
  title: 'SARIF 2.1.0',
  describes: 'a SARIF 2.1.0 log',
  async read(input, fail) {
    let version: unknown;
    const tools = new Map<number, z.infer<typeof tool>>();
    const pending: Pending[] = [];
    const failedRuns: { run: number; why: string }[] = [];
    for await (const s of input.select([
      ['version'],
      ['runs', '*', 'tool'],
      ['runs', '*', 'results', '*'],
      ['runs', '*', 'invocations', '*'],
    ])) {
      const run = s.path[1] as number;
      if (s.pattern === 0) version = s.value;
      else if (s.pattern === 1) tools.set(run, validate(tool, s.value, s.path, fail));
      else if (s.pattern === 2) pending.push({ run, r: validate(result, s.value, s.path, fail) });
      else {
        const inv = validate(invocation, s.value, s.path, fail);
        if (inv.executionSuccessful === false)
          failedRuns.push({
            run,
            why:
              (inv.toolExecutionNotifications ?? [])
                .filter((n) => n.level !== 'note')
                .map((n) => n.message?.text ?? '')
                .filter(Boolean)
                .slice(0, 3)
                .join('; ') || 'no reason given',
          });
      }
    }
    if (version !== '2.1.0')
      fail(version === undefined ? 'it has no "version"' : `version ${JSON.stringify(version)} is not 2.1.0`);
    if (pending.length && tools.size === 0) fail('its runs have no "tool"');

    const drivers = [...new Set([...tools.values()].map((t) => t.driver.name))];
    const known = drivers.length === 1 ? KNOWN_DRIVERS.find((k) => k.match.test(drivers[0])) : undefined;
    const rulesOf = new Map<number, { byIndex: Rule[]; byId: Map<string, Rule> }>();
    for (const [run, t] of tools)
      rulesOf.set(run, { byIndex: t.driver.rules, byId: new Map(t.driver.rules.map((r) => [r.id, r])) });

    const results: ImportedResult[] = [];
    for (const { run, r } of pending) {
      if (r.suppressions?.some((x) => x.status === undefined || x.status === 'accepted')) continue;
      const driver = tools.get(run)?.driver.name ?? 'unknown';
      const rules = rulesOf.get(run);
      const index = r.ruleIndex ?? r.rule?.index;
      const id = r.ruleId ?? r.rule?.id ?? (index !== undefined ? rules?.byIndex[index]?.id : undefined) ?? 'unnamed';
      const meta = (index !== undefined ? rules?.byIndex[index] : undefined) ?? rules?.byId.get(id);
      const level = r.level ?? meta?.defaultConfiguration?.level ?? 'warning';
      const severity = severityFrom(level, { ...meta?.properties, ...r.properties });
      const locations = r.locations.map(locationOf).filter((l): l is Location => Boolean(l));
      const first = locations[0];
      const fingerprint = r.partialFingerprints ?? r.fingerprints;
      const fp = fingerprint
        ? Object.entries(fingerprint)
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([k, v]) => `${k}=${v}`)
            .join(';')
        : `${first ? `${first.file}:${first.line ?? ''}:${first.column ?? ''}` : ''}:${(r.message.text ?? '').slice(0, 200)}`;
      const title = meta?.shortDescription?.text ?? meta?.name ?? id;
      results.push({
        rule: known ? known.rule(id) : `${driver}/${id}`,
        status: statusFrom(r.kind, level),
        severity: severityOf(severity),
        title: `${driver} ${id}${title !== id ? `: ${clip(title, 200)}` : ''}`,
        message: clip(r.message.text ?? r.message.markdown ?? title),
        locations: first ? [first] : [],
        related: [
          ...locations.slice(1),
          ...r.relatedLocations.map(locationOf).filter((l): l is Location => Boolean(l)),
        ].slice(0, 5),
        evidence: [
          { label: 'tool and rule', value: `${driver} ${id} (level ${level})` },
          ...(meta?.helpUri ? [{ label: 'rule help', value: meta.helpUri }] : []),
        ],
        ...(meta?.help?.text ? { remediation: clip(meta.help.text, 1000) } : {}),
        key: `${driver}:${fp}`,
      });
    }
    for (const f of failedRuns) {
      const driver = tools.get(f.run)?.driver.name ?? 'unknown';
      results.push({
        rule: known ? 'execution' : `${driver}/execution`,
        status: 'error',
        severity: 'medium',
        title: `${driver} did not run successfully`,
        message: `the SARIF log says run ${f.run} of ${driver} was not successful: ${clip(f.why, 1000)}`,
        key: `${driver}:execution:${f.run}`,
      });
    }
    const first = [...tools.values()][0]?.driver;
    return { results, tool: known?.tool, toolVersion: first?.semanticVersion ?? first?.version };
  },
};

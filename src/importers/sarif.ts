import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { Location, Severity, Status } from '../model.js';
import { clip, severityOf, validate } from './common.js';
import type { Emit, ToolImporter } from './types.js';

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

/** A run's driver and rules; a driver we know routes the run's results to that tool's mapping. */
interface Run {
  driver: string;
  /** Per rule, the strings and evidence every result of it shares. */
  shared: Map<
    string,
    { rule: string; title: string; remediation?: string; evidence: { label: string; value: string }[] }
  >;
  known?: (typeof KNOWN_DRIVERS)[number];
  byIndex: Rule[];
  byId: Map<string, Rule>;
}

/** The first run decides where the log's results count: a log mixing drivers keeps the first one's tool. */
function runOf(t: z.infer<typeof tool>, first: z.infer<typeof tool>): Run {
  const known = KNOWN_DRIVERS.find((k) => k.match.test(first.driver.name));
  return {
    driver: t.driver.name,
    shared: new Map(),
    known: known && known.match.test(t.driver.name) ? known : undefined,
    byIndex: t.driver.rules,
    byId: new Map(t.driver.rules.map((r) => [r.id, r])),
  };
}

function emitResult(run: Run, r: z.infer<typeof result>, emit: Emit): void {
  if (r.suppressions?.some((x) => x.status === undefined || x.status === 'accepted')) return;
  const driver = run.driver;
  const index = r.ruleIndex ?? r.rule?.index;
  const id = r.ruleId ?? r.rule?.id ?? (index !== undefined ? run.byIndex[index]?.id : undefined) ?? 'unnamed';
  const meta = (index !== undefined ? run.byIndex[index] : undefined) ?? run.byId.get(id);
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
  const sharedKey = `${id}\0${level}`;
  let shared = run.shared.get(sharedKey);
  if (!shared) {
    shared = {
      rule: run.known ? run.known.rule(id) : `${driver}/${id}`,
      title: `${driver} ${id}${title !== id ? `: ${clip(title, 200)}` : ''}`,
      ...(meta?.help?.text ? { remediation: clip(meta.help.text, 1000) } : {}),
      evidence: [
        { label: 'tool and rule', value: `${driver} ${id} (level ${level})` },
        ...(meta?.helpUri ? [{ label: 'rule help', value: meta.helpUri }] : []),
      ],
    };
    run.shared.set(sharedKey, shared);
  }
  emit(
    {
      rule: shared.rule,
      status: statusFrom(r.kind, level),
      severity: severityOf(severity),
      title: shared.title,
      message: clip(r.message.text ?? r.message.markdown ?? title),
      locations: first ? [first] : [],
      ...(locations.length > 1 || r.relatedLocations.length
        ? {
            related: [
              ...locations.slice(1),
              ...r.relatedLocations.map(locationOf).filter((l): l is Location => Boolean(l)),
            ].slice(0, 5),
          }
        : {}),
      evidence: shared.evidence,
      ...(shared.remediation ? { remediation: shared.remediation } : {}),
      key: `${driver}:${fp}`,
    },
    run.known?.tool,
  );
}

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
  async read(input, fail, emit) {
    let version: unknown;
    const tools = new Map<number, Run>();
    let first: z.infer<typeof tool> | undefined;
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
      else if (s.pattern === 1) {
        const t = validate(tool, s.value, s.path, fail);
        first ??= t;
        tools.set(run, runOf(t, first));
      } else if (s.pattern === 2) {
        const r = validate(result, s.value, s.path, fail);
        const known = tools.get(run);
        if (known) emitResult(known, r, emit);
        else pending.push({ run, r });
      } else {
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
    for (const { run, r } of pending) {
      const known = tools.get(run) ?? fail(`run ${run} has results but no "tool"`);
      emitResult(known, r, emit);
    }
    for (const f of failedRuns) {
      const t = tools.get(f.run);
      const driver = t?.driver ?? 'unknown';
      emit(
        {
          rule: t?.known ? 'execution' : `${driver}/execution`,
          status: 'error',
          severity: 'medium',
          title: `${driver} did not run successfully`,
          message: `the SARIF log says run ${f.run} of ${driver} was not successful: ${clip(f.why, 1000)}`,
          key: `${driver}:execution:${f.run}`,
        },
        t?.known?.tool,
      );
    }
    return { toolVersion: first?.driver.semanticVersion ?? first?.driver.version };
  },
};

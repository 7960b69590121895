import { isAbsolute, resolve } from 'node:path';
import type { Assessment, CheckSummary } from '../assess/assess.js';
import type { Finding, Location, Severity } from '../model.js';
import { coverageText, sortedFindings } from './common.js';

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

/** All artifact paths are relative to this base, which the log declares (SARIF §3.14.14). */
const BASE_ID = 'SCOPEROOT';

/**
 * A location's file as a SARIF URI: relative to the scope's folder (with the base id) when it lies
 * under it, an absolute file URI otherwise. Relative file names in findings are relative to that
 * same folder.
 */
function uriOf(file: string, baseDir: string): { uri: string; uriBaseId?: string } {
  const base = baseDir.replace(/\/+$/, '');
  const abs = isAbsolute(file) || !base ? file : resolve(base, file);
  const encode = (p: string) => p.split('/').map(encodeURIComponent).join('/');
  if (base && abs.startsWith(`${base}/`)) return { uri: encode(abs.slice(base.length + 1)), uriBaseId: BASE_ID };
  return isAbsolute(abs) ? { uri: `file://${encode(abs)}` } : { uri: encode(abs) };
}

function baseUri(dir: string): string {
  return `file://${dir.replace(/\/?$/, '/').split('/').map(encodeURIComponent).join('/')}`;
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

function physical(l: Location, baseDir: string) {
  const r = region(l);
  return {
    physicalLocation: {
      artifactLocation: uriOf(l.file, baseDir),
      ...(r ? { region: r } : {}),
    },
  };
}

const isUri = (s: string) => /^https?:\/\/\S+$/.test(s);

function ruleName(id: string): string {
  return id.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : ''));
}

/** One reporting descriptor per check, and one per declared sub-result (`check#sub`). */
function ruleOf(c: CheckSummary | undefined, f: Finding, ruleId: string, items: string[]) {
  const sub = f.result ? c?.results?.[f.result] : undefined;
  const severity = sub?.severity ?? c?.severity ?? f.severity;
  const remediation = sub?.remediation ?? c?.remediation ?? f.remediation;
  const title = sub ? `${c?.title ?? f.title}: ${sub.title}` : (c?.title ?? f.title);
  const help = c?.references.find(isUri);
  return {
    id: ruleId,
    name: ruleName(ruleId),
    shortDescription: { text: title },
    fullDescription: { text: c?.description ?? title },
    help: { text: remediation, markdown: `**Remediation.** ${remediation}` },
    ...(help ? { helpUri: help } : {}),
    defaultConfiguration: { level: LEVEL[severity] },
    properties: {
      tags: ['security', ...(c?.tags ?? [])],
      precision: c?.confidence ?? f.confidence,
      'security-severity': SECURITY_SEVERITY[severity],
      frameworkItems: items,
    },
  };
}

/** What a SARIF log is made of; an assessment has all of it, standalone commands build it directly. */
export interface SarifInput {
  findings: Finding[];
  checks: CheckSummary[];
  /** Framework items with their resolved `checks:`, to list on each rule. */
  items: { id: string; checks: string[] }[];
  toolVersion: string;
  baseDir: string;
  targetLocations: Record<string, Location>;
  complete: boolean;
  /** How much the run observed, one line each; an incomplete run's reasons follow. */
  coverage?: { summary: string; reasons: string[] };
  started?: string;
  finished?: string;
}

export function sarifInputOf(a: Assessment): SarifInput {
  return {
    findings: a.findings,
    checks: a.checks,
    items: a.items,
    toolVersion: a.tool.version,
    baseDir: a.run.baseDir,
    targetLocations: a.run.targetLocations,
    complete: a.coverage.complete,
    coverage: { summary: coverageText(a, 'en'), reasons: a.coverage.reasons },
    started: a.run.started,
    finished: a.run.finished,
  };
}

/**
 * SARIF 2.1.0 from an assessment alone, so a stored run renders the same log as the audit did:
 * failing and warning findings as results (placed at their file, or at the target's entry in the
 * scope file), errors as tool notifications, and `executionSuccessful: false` when the run was
 * incomplete.
 */
export function renderSarif(a: SarifInput): object {
  const metaById = new Map(a.checks.map((c) => [c.id, c]));
  const rules: object[] = [];
  const ruleIndex = new Map<string, number>();
  const results: object[] = [];
  const notifications: object[] = [];
  const baseDir = a.baseDir;
  if (a.coverage)
    notifications.push(
      {
        level: a.complete ? 'note' : 'warning',
        message: {
          text: `${a.complete ? 'Complete run' : 'Incomplete run: verdicts cover only what was observed'}. ${a.coverage.summary}.`,
        },
        descriptor: { id: 'coverage' },
      },
      ...a.coverage.reasons.map((r) => ({ level: 'warning', message: { text: r }, descriptor: { id: 'coverage' } })),
    );
  for (const f of sortedFindings(a.findings)) {
    if (f.status === 'error') {
      notifications.push({
        level: 'error',
        message: { text: `${f.checkId} @ ${f.targetId}: ${f.message}` },
        descriptor: { id: f.checkId },
      });
      continue;
    }
    if (f.status !== 'fail' && f.status !== 'warn') continue;
    const fallback = a.targetLocations[f.targetId];
    const locs = f.locations.length ? f.locations : fallback ? [fallback] : [];
    const ruleId = f.result ? `${f.checkId}#${f.result}` : f.checkId;
    if (!ruleIndex.has(ruleId)) {
      const items = a.items.filter((i) => i.checks.includes(ruleId) || i.checks.includes(f.checkId)).map((i) => i.id);
      ruleIndex.set(ruleId, rules.length);
      rules.push(ruleOf(metaById.get(f.checkId), f, ruleId, items));
    }
    results.push({
      ruleId,
      ruleIndex: ruleIndex.get(ruleId),
      level: f.status === 'warn' ? 'warning' : LEVEL[f.severity],
      message: { text: `${f.title}: ${f.message}` },
      ...(locs.length ? { locations: locs.map((l) => physical(l, baseDir)) } : {}),
      ...(f.related?.length
        ? { relatedLocations: f.related.map((l, i) => ({ id: i + 1, ...physical(l, baseDir) })) }
        : {}),
      partialFingerprints: { 'chainaudit/v1': f.fingerprint },
      properties: {
        targetId: f.targetId,
        severity: f.severity,
        'security-severity': SECURITY_SEVERITY[f.severity],
        frameworkItems: f.items,
      },
    });
  }
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'chainaudit', version: a.toolVersion, rules } },
        ...(baseDir ? { originalUriBaseIds: { [BASE_ID]: { uri: baseUri(baseDir) } } } : {}),
        invocations: [
          {
            executionSuccessful: a.complete,
            ...(a.started ? { startTimeUtc: a.started } : {}),
            ...(a.finished ? { endTimeUtc: a.finished } : {}),
            ...(notifications.length ? { toolExecutionNotifications: notifications } : {}),
          },
        ],
        results,
        columnKind: 'unicodeCodePoints',
      },
    ],
  };
}

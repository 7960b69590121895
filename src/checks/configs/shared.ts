import { relative } from 'node:path';
import { readConfigText } from '../../analyzers/configs/common.js';
import {
  auditConfigFile,
  detectConfigFormat,
  type ConfigFinding,
  type ConfigReport,
} from '../../analyzers/configs/index.js';
import type { ConfigFormat } from '../../analyzers/configs/index.js';
import { errorMessage, InputError } from '../../errors.js';
import type { Location } from '../../model.js';
import type { Scope } from '../../scope/schema.js';
import {
  defineCheck,
  type Check,
  type CheckContext,
  type CheckMeta,
  type CheckResult,
  type ResultMeta,
} from '../types.js';

/** The analyzer rules a check reports, by rule id (`sshd.root-login`), declared as its sub-results. */
export type ConfigRules = Record<string, ResultMeta>;

/** `sshd.root-login` → `root-login`; with `keepFamily`, `sshd-root-login` (checks that judge several families). */
export function ruleResultId(rule: string, keepFamily = false): string {
  return (keepFamily ? rule : rule.slice(rule.indexOf('.') + 1)).replace(/[._]/g, '-');
}

export function declareRules(rules: ConfigRules, keepFamily = false): Record<string, ResultMeta> {
  return Object.fromEntries(Object.entries(rules).map(([rule, meta]) => [ruleResultId(rule, keepFamily), meta]));
}

export function toResult(f: ConfigFinding, file: string, scope: Scope, keepFamily = false): CheckResult {
  const shown = (p: string) => (p.startsWith('/') ? relative(scope.dir, p) || p : p);
  const locations: Location[] =
    f.line || f.file ? [{ file: shown(f.file ?? file), line: f.line }] : [{ file: shown(file) }];
  return {
    status: f.status,
    severity: f.status === 'pass' ? 'info' : f.severity,
    message: f.message,
    evidence: f.setting ? [{ label: 'setting', value: f.setting }] : [],
    locations,
    remediation: f.fix || undefined,
    result: ruleResultId(f.rule, keepFamily),
    key: `${f.rule}${f.key ? `:${f.key}` : ''}`,
  };
}

/** Audits each configuration target once per run, shared by every check of the family. */
export function configReport(
  ctx: CheckContext<Extract<Scope['targets'][number], { kind: 'config' }>>,
): Promise<ConfigReport | { error: string; format?: string }> {
  const t = ctx.target;
  return ctx.memo(`config-report:${t.id}`, async () => {
    try {
      return await auditConfigFile(ctx.path(t.path), t.format);
    } catch (e) {
      const error = e instanceof InputError ? e.message : `${t.path}: ${errorMessage(e)}`;
      return { error, format: t.format === 'auto' ? formatOf(ctx.path(t.path)) : t.format };
    }
  });
}

function formatOf(path: string): string | undefined {
  try {
    return detectConfigFormat(path, readConfigText(path));
  } catch {
    return undefined;
  }
}

/**
 * A check over `config` targets of the given formats. Targets of other formats get no result; a file
 * of this check's format that does not parse is an error here (a missing or unreadable file, or one
 * of no known format, is reported once by the engine before any check runs).
 */
export function configCheck(
  meta: Omit<CheckMeta, 'targetKinds' | 'level' | 'results'>,
  formats: ConfigFormat[],
  rules: ConfigRules,
): Check {
  return defineCheck(
    { ...meta, targetKinds: ['config'], level: 'passive', results: declareRules(rules) },
    async (ctx) => {
      const report = await configReport(ctx);
      if ('error' in report)
        return formats.includes(report.format as ConfigFormat) ? [{ status: 'error', message: report.error }] : [];
      if (!formats.includes(report.format as ConfigFormat)) return [];
      const file = ctx.path(ctx.target.path);
      return report.findings.map((f) => toResult(f, file, ctx.scope));
    },
  );
}

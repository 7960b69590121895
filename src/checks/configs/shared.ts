import { relative } from 'node:path';
import { auditConfigFile, type ConfigFinding, type ConfigReport } from '../../analyzers/configs/index.js';
import type { ConfigFormat } from '../../analyzers/configs/index.js';
import { errorMessage, InputError } from '../../errors.js';
import type { Location } from '../../model.js';
import type { Scope } from '../../scope/schema.js';
import { defineCheck, type Check, type CheckContext, type CheckMeta, type CheckResult } from '../types.js';

/** Catalog items each analyzer rule gives evidence for. */
export type RuleItems = Record<string, string[]>;

export function toResult(f: ConfigFinding, items: RuleItems, file: string, scope: Scope): CheckResult {
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
    items: items[f.rule],
    key: `${f.rule}${f.key ? `:${f.key}` : ''}`,
  };
}

/** Audits each configuration target once per run, shared by every check of the family. */
export function configReport(
  ctx: CheckContext<Extract<Scope['targets'][number], { kind: 'config' }>>,
): Promise<ConfigReport | { error: string }> {
  const t = ctx.target;
  return ctx.memo(`config-report:${t.id}`, async () => {
    try {
      return await auditConfigFile(ctx.path(t.path), t.format);
    } catch (e) {
      if (e instanceof InputError) return { error: e.message };
      return { error: `${t.path}: ${errorMessage(e)}` };
    }
  });
}

/**
 * A check over `config` targets of the given formats. Targets of other formats get no result;
 * unreadable files are reported once, by `configs.input`.
 */
export function configCheck(
  meta: Omit<CheckMeta, 'targetKinds' | 'items' | 'level'>,
  formats: ConfigFormat[],
  items: RuleItems,
): Check {
  return defineCheck(
    { ...meta, targetKinds: ['config'], items: [...new Set(Object.values(items).flat())], level: 'passive' },
    async (ctx) => {
      const report = await configReport(ctx);
      if ('error' in report) return [];
      if (!formats.includes(report.format as ConfigFormat)) return [];
      const file = ctx.path(ctx.target.path);
      return report.findings.map((f) => toResult(f, items, file, ctx.scope));
    },
  );
}

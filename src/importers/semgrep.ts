import { z } from 'zod';
import type { Confidence, Severity } from '../model.js';
import { clip, severityOf, validate } from './common.js';
import type { ToolImporter } from './types.js';

const position = z.object({ line: z.number(), col: z.number().optional() });

const finding = z.object({
  check_id: z.string(),
  path: z.string(),
  start: position,
  end: position.optional(),
  extra: z.object({
    message: z.string().default(''),
    severity: z.string().default('WARNING'),
    fingerprint: z.string().optional(),
    lines: z.string().optional(),
    is_ignored: z.boolean().optional(),
    metadata: z
      .object({
        confidence: z.string().optional(),
        references: z.array(z.string()).optional(),
        cwe: z.union([z.string(), z.array(z.string())]).optional(),
        owasp: z.union([z.string(), z.array(z.string())]).optional(),
        fix: z.string().optional(),
      })
      .partial()
      .passthrough()
      .optional(),
  }),
});

const error = z.object({
  level: z.string().optional(),
  type: z.union([z.string(), z.array(z.unknown())]).optional(),
  message: z.string().optional(),
  path: z.string().optional(),
});

const SEVERITY: Record<string, Severity> = {
  ERROR: 'high',
  WARNING: 'medium',
  INFO: 'low',
  INVENTORY: 'info',
  EXPERIMENT: 'info',
};
const CONFIDENCE: Record<string, Confidence> = { HIGH: 'high', MEDIUM: 'medium', LOW: 'low' };

const list = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

export const semgrep: ToolImporter = {
  tool: 'semgrep',
  title: 'Semgrep',
  describes: 'a Semgrep JSON report (semgrep scan --json)',
  async read(input, fail, emit) {
    let version: string | undefined;
    const seen = new Set<number>();
    for await (const s of input.select([['version'], ['results', '*'], ['errors', '*']], [['results'], ['errors']])) {
      if (s.pattern === 0) version = String(s.value);
      else if (s.pattern >= 3) seen.add(s.pattern);
      else if (s.pattern === 1) {
        const f = validate(finding, s.value, s.path, fail);
        if (f.extra.is_ignored) continue;
        const md = f.extra.metadata ?? {};
        const fp = f.extra.fingerprint && f.extra.fingerprint !== 'requires login' ? f.extra.fingerprint : undefined;
        emit({
          rule: f.check_id,
          status: 'fail',
          severity: SEVERITY[f.extra.severity.toUpperCase()] ?? severityOf(f.extra.severity, 'medium'),
          confidence: CONFIDENCE[(md.confidence ?? '').toUpperCase()] ?? 'medium',
          title: `Semgrep ${f.check_id}`,
          message: clip(f.extra.message || f.check_id),
          locations: [
            {
              file: f.path,
              line: f.start.line,
              ...(f.start.col ? { column: f.start.col } : {}),
              ...(f.end ? { endLine: f.end.line } : {}),
            },
          ],
          evidence: [
            { label: 'rule', value: f.check_id },
            ...[...list(md.cwe), ...list(md.owasp)].slice(0, 4).map((v) => ({ label: 'classification', value: v })),
            ...(f.extra.lines && f.extra.lines !== 'requires login'
              ? [{ label: 'code', value: clip(f.extra.lines, 500) }]
              : []),
          ],
          ...(md.fix ? { remediation: clip(md.fix, 1000) } : {}),
          key: fp ?? `${f.path}:${f.start.line}:${f.start.col ?? ''}`,
        });
      } else {
        const e = validate(error, s.value, s.path, fail);
        if ((e.level ?? 'error').toLowerCase() !== 'error') continue;
        const type = Array.isArray(e.type) ? String(e.type[0]) : (e.type ?? 'error');
        emit({
          rule: 'scan-error',
          status: 'error',
          severity: 'medium',
          title: `Semgrep could not analyse ${e.path ?? 'part of the code'}`,
          message: clip(`${type}: ${e.message ?? 'no message'}`, 1000),
          ...(e.path ? { locations: [{ file: e.path }] } : {}),
          key: `error:${e.path ?? ''}:${type}`,
        });
      }
    }
    if (seen.size < 2) fail('it lacks "results" or "errors"');
    return { toolVersion: version };
  },
};

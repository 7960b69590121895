import { z } from 'zod';
import type { Location, Severity } from '../model.js';
import { clip, severityOf, validate } from './common.js';
import type { ToolImporter } from './types.js';

/** `myth analyze -o json`: one object, issues with a line number when the source was given. */
const issueV1 = z.object({
  'swc-id': z.union([z.string(), z.number()]),
  title: z.string(),
  severity: z.string(),
  description: z.string(),
  contract: z.string().optional(),
  function: z.string().optional(),
  filename: z.string().optional(),
  lineno: z.number().optional(),
  address: z.number().optional(),
  code: z.string().optional(),
});

/** `myth analyze -o jsonv2`: a list of reports, issues placed by source maps into `sourceList`. */
const issueV2 = z.object({
  swcID: z.string(),
  swcTitle: z.string().optional(),
  severity: z.string(),
  description: z.object({ head: z.string(), tail: z.string().optional() }),
  locations: z.array(z.object({ sourceMap: z.string() })).default([]),
});

function swc(id: string | number): string {
  const digits = String(id).replace(/^SWC-/i, '');
  return `SWC-${digits}`;
}

function status(sev: Severity) {
  return sev === 'info' ? ('warn' as const) : ('fail' as const);
}

export const mythril: ToolImporter = {
  tool: 'mythril',
  title: 'Mythril',
  describes: 'a Mythril JSON report (myth analyze -o json or -o jsonv2)',
  async read(input, fail, emit) {
    if ((await input.firstByte()) === '{') {
      let success: unknown;
      let error: unknown;
      let hasIssues = false;
      for await (const s of input.select([['success'], ['error'], ['issues', '*']], [['issues']])) {
        if (s.pattern === 0) success = s.value;
        else if (s.pattern === 1) error = s.value;
        else if (s.pattern === 3) hasIssues = true;
        else {
          const i = validate(issueV1, s.value, s.path, fail);
          const severity = severityOf(i.severity, 'medium');
          const where: Location | undefined = i.filename
            ? { file: i.filename, ...(i.lineno ? { line: i.lineno } : {}) }
            : undefined;
          emit({
            rule: swc(i['swc-id']),
            status: status(severity),
            severity,
            title: `Mythril ${swc(i['swc-id'])}: ${i.title}`,
            message: clip(i.description),
            locations: where ? [where] : [],
            evidence: [
              { label: 'contract and function', value: `${i.contract ?? '?'}.${i.function ?? '?'}` },
              ...(i.address !== undefined ? [{ label: 'bytecode address', value: String(i.address) }] : []),
              ...(i.code ? [{ label: 'code', value: clip(i.code, 500) }] : []),
            ],
            key: `${swc(i['swc-id'])}:${i.contract ?? ''}:${i.function ?? ''}:${i.filename ?? ''}:${i.lineno ?? i.address ?? ''}`,
          });
        }
      }
      if (typeof success !== 'boolean') fail('it has no "success" field');
      if (success && !hasIssues) fail('it has no "issues"');
      if (success === false) fail(`Mythril reported that it failed: ${clip(String(error ?? 'no reason given'), 500)}`);
      return {};
    }
    const pending: { report: number; issue: z.infer<typeof issueV2> }[] = [];
    const sourceLists = new Map<number, string[]>();
    let reports = 0;
    for await (const s of input.select([
      ['*', 'issues', '*'],
      ['*', 'sourceList'],
      ['*', 'sourceType'],
    ])) {
      const report = s.path[0] as number;
      if (s.pattern === 0) pending.push({ report, issue: validate(issueV2, s.value, s.path, fail) });
      else if (s.pattern === 1) sourceLists.set(report, validate(z.array(z.string()), s.value, s.path, fail));
      else reports++;
    }
    if (reports === 0 && pending.length === 0) fail('it has neither "issues" nor "sourceType" in any report');
    for (const { report, issue } of pending) {
      const sources = sourceLists.get(report) ?? [];
      const locations: Location[] = [];
      for (const l of issue.locations) {
        const [, , index] = l.sourceMap.split(':');
        const file = sources[Number(index)];
        if (file) locations.push({ file });
      }
      const severity = severityOf(issue.severity, 'medium');
      const rule = swc(issue.swcID);
      emit({
        rule,
        status: status(severity),
        severity,
        title: `Mythril ${rule}${issue.swcTitle ? `: ${issue.swcTitle}` : ''}`,
        message: clip(`${issue.description.head} ${issue.description.tail ?? ''}`),
        locations: locations.slice(0, 1),
        related: locations.slice(1, 6),
        evidence: issue.locations.slice(0, 5).map((l) => ({ label: 'source map', value: l.sourceMap })),
        key: `${rule}:${issue.locations.map((l) => l.sourceMap).join(',')}:${issue.description.head.slice(0, 200)}`,
      });
    }
    return {};
  },
};

import { z } from 'zod';
import type { Status } from '../model.js';
import { clip, validate } from './common.js';
import type { ToolImporter } from './types.js';

const test = z.object({
  test_number: z.string(),
  test_desc: z.string().default(''),
  audit: z.string().optional(),
  remediation: z.string().optional(),
  status: z.string(),
  actual_value: z.string().optional(),
  expected_result: z.string().optional(),
  reason: z.string().optional(),
  scored: z.boolean().optional(),
});

const control = z.object({
  id: z.string(),
  version: z.string().optional(),
  detected_version: z.string().optional(),
  text: z.string().default(''),
  node_type: z.string(),
  tests: z
    .array(
      z.object({ section: z.string(), desc: z.string().default(''), results: z.array(test).nullable().default([]) }),
    )
    .nullable(),
});

/** kube-bench PASS, FAIL and WARN (a manual check it cannot decide) are observations; INFO asserts nothing. */
const STATUS: Record<string, Status | undefined> = { PASS: 'pass', FAIL: 'fail', WARN: 'warn' };

export const kubeBench: ToolImporter = {
  tool: 'kube-bench',
  title: 'kube-bench',
  describes: 'a kube-bench JSON report (kube-bench --json)',
  async read(input, fail, emit) {
    const wrapped = (await input.firstByte()) === '{';

    let controls = 0;
    let version: string | undefined;
    for await (const s of input.select(wrapped ? [['Controls', '*']] : [['*']])) {
      const c = validate(control, s.value, s.path, fail);
      controls++;
      version ??= c.version;
      for (const group of c.tests ?? [])
        for (const t of group.results ?? []) {
          const status = STATUS[t.status.toUpperCase()];
          if (!status) continue;
          emit({
            rule: t.test_number,
            status,
            severity: t.scored === false ? 'low' : 'medium',
            title: `CIS ${t.test_number}: ${clip(t.test_desc, 200)}`,
            message: clip(
              `${t.test_desc}${t.actual_value ? `; actual: ${t.actual_value}` : ''}${t.reason ? `; ${t.reason}` : ''}`,
              1000,
            ),
            evidence: [
              { label: 'benchmark', value: `${c.version ?? 'cis'} ${c.node_type} ${c.id} ${c.text}`.trim() },
              ...(t.audit ? [{ label: 'audit command', value: clip(t.audit, 500) }] : []),
              ...(t.expected_result ? [{ label: 'expected', value: clip(t.expected_result, 300) }] : []),
              ...(t.actual_value ? [{ label: 'actual', value: clip(t.actual_value, 300) }] : []),
            ],
            ...(t.remediation ? { remediation: clip(t.remediation, 1000) } : {}),
            key: `${c.node_type}:${t.test_number}`,
          });
        }
    }
    if (wrapped && controls === 0) fail('it has no "Controls"');
    return { toolVersion: version };
  },
};

import { z } from 'zod';
import { clip, severityOf, validate } from './common.js';
import type { ImportedResult, ToolImporter } from './types.js';
import type { Selected } from './json-stream.js';

const match = z.object({
  'template-id': z.string(),
  info: z.object({
    name: z.string().default(''),
    severity: z.string().default('unknown'),
    description: z.string().optional(),
    remediation: z.string().optional(),
    reference: z
      .union([z.array(z.string()), z.string()])
      .nullable()
      .optional(),
    classification: z
      .object({
        'cve-id': z.array(z.string()).nullable().optional(),
        'cwe-id': z.array(z.string()).nullable().optional(),
      })
      .partial()
      .nullable()
      .optional(),
  }),
  'matcher-name': z.string().optional(),
  type: z.string().optional(),
  host: z.string().optional(),
  'matched-at': z.string().optional(),
  ip: z.string().optional(),
  'extracted-results': z.array(z.string()).nullable().optional(),
});

function resultOf(m: z.infer<typeof match>): ImportedResult {
  const severity = severityOf(m.info.severity);
  const at = m['matched-at'] ?? m.host ?? '';
  const rule = m['matcher-name'] ? `${m['template-id']}:${m['matcher-name']}` : m['template-id'];
  const cves = m.info.classification?.['cve-id'] ?? [];
  return {
    rule,
    status: severity === 'info' ? 'warn' : 'fail',
    severity,
    title: `Nuclei ${rule}${m.info.name ? `: ${clip(m.info.name, 200)}` : ''}`,
    message: clip(
      `${m.info.name || m['template-id']} at ${at}${m.info.description ? `: ${m.info.description}` : ''}`,
      1000,
    ),
    evidence: [
      { label: 'matched at', value: at },
      ...(m.ip ? [{ label: 'address', value: m.ip }] : []),
      ...cves.slice(0, 5).map((c) => ({ label: 'CVE', value: c })),
      ...(m['extracted-results'] ?? []).slice(0, 5).map((x) => ({ label: 'extracted', value: clip(x, 300) })),
    ],
    ...(m.info.remediation ? { remediation: clip(m.info.remediation, 1000) } : {}),
    key: `${rule}:${at}`,
  };
}

export const nuclei: ToolImporter = {
  tool: 'nuclei',
  title: 'Nuclei',
  describes: 'Nuclei JSON lines (nuclei -jsonl) or a Nuclei JSON export (-json-export)',
  async read(input, fail, emit) {
    if ((await input.firstByte()) === '[') {
      for await (const s of input.select([['*']]) as AsyncGenerator<Selected>)
        emit(resultOf(validate(match, s.value, s.path, fail)));
      return {};
    }
    for await (const { line, value } of input.lines()) emit(resultOf(validate(match, value, [`line ${line}`], fail)));
    return {};
  },
};

import { z } from 'zod';
import type { Status } from '../model.js';
import { clip, severityOf, validate } from './common.js';
import type { ToolImporter } from './types.js';

/** One OCSF Detection Finding (class 2004) as Prowler writes them with `--output-formats json-ocsf`. */
const finding = z.object({
  class_uid: z.number().optional(),
  class_name: z.string().optional(),
  metadata: z.object({
    event_code: z.string(),
    product: z.object({ name: z.string().optional(), version: z.string().optional() }).partial().optional(),
  }),
  severity: z.string().optional(),
  status_code: z.string(),
  status_detail: z.string().optional(),
  risk_details: z.string().optional(),
  finding_info: z.object({ uid: z.string(), title: z.string().optional(), desc: z.string().optional() }),
  resources: z
    .array(
      z
        .object({
          uid: z.string().optional(),
          name: z.string().optional(),
          type: z.string().optional(),
          region: z.string().optional(),
        })
        .partial(),
    )
    .default([]),
  remediation: z
    .object({ desc: z.string().optional(), references: z.array(z.string()).optional() })
    .partial()
    .optional(),
  cloud: z
    .object({
      provider: z.string().optional(),
      region: z.string().optional(),
      account: z.object({ uid: z.string().optional() }).partial().optional(),
    })
    .partial()
    .optional(),
  unmapped: z.object({ muted: z.boolean().optional() }).partial().passthrough().optional(),
});

/** PASS and FAIL are observations; MANUAL asks a person and asserts nothing. */
const STATUS: Record<string, Status | undefined> = { PASS: 'pass', FAIL: 'fail' };

export const prowler: ToolImporter = {
  tool: 'prowler',
  title: 'Prowler',
  describes: 'a Prowler OCSF JSON report (prowler --output-formats json-ocsf)',
  async read(input, fail, emit) {
    if ((await input.firstByte()) !== '[') fail('a Prowler OCSF report is a JSON array of findings');

    let version: string | undefined;
    for await (const s of input.select([['*']])) {
      const f = validate(finding, s.value, s.path, fail);
      if (f.class_uid !== undefined && f.class_uid !== 2004)
        fail(`${s.path.join('.')}: class_uid ${f.class_uid} is not a Detection Finding (2004)`);
      version ??= f.metadata.product?.version;
      const status = STATUS[f.status_code.toUpperCase()];
      if (!status || f.unmapped?.muted) continue;
      const r = f.resources[0] ?? {};
      const resource = r.uid || r.name || '';
      emit({
        rule: f.metadata.event_code,
        status,
        severity: severityOf(f.severity, 'medium'),
        title: `Prowler ${f.metadata.event_code}${f.finding_info.title ? `: ${clip(f.finding_info.title, 200)}` : ''}`,
        message: clip(f.status_detail || f.finding_info.desc || f.finding_info.title || f.metadata.event_code, 1000),
        evidence: [
          ...(resource ? [{ label: 'resource', value: `${resource}${r.type ? ` (${r.type})` : ''}` }] : []),
          ...(f.cloud?.account?.uid || r.region
            ? [
                {
                  label: 'account and region',
                  value:
                    `${f.cloud?.provider ?? ''} ${f.cloud?.account?.uid ?? ''} ${r.region ?? f.cloud?.region ?? ''}`.trim(),
                },
              ]
            : []),
          ...(f.risk_details ? [{ label: 'risk', value: clip(f.risk_details, 500) }] : []),
        ],
        ...(f.remediation?.desc ? { remediation: clip(f.remediation.desc, 1000) } : {}),
        key: f.finding_info.uid,
      });
    }
    return { toolVersion: version };
  },
};

import { z } from 'zod';
import { CONFIDENCES, SEVERITIES, STATUSES } from '../model.js';

const MAX_TEXT = 1_000_000;
const text = z.string().max(MAX_TEXT);
const bilingual = z.object({ en: text, zh: text }).loose();

/**
 * The report.json the CLI writes (schemas/report.schema.json), as the server accepts it: the fields
 * it reads are checked, everything else is kept as sent, so newer CLIs adding fields still upload.
 */
export const reportFinding = z
  .object({
    checkId: z.string().min(1).max(200),
    targetId: z.string().min(1).max(500),
    status: z.enum(STATUSES),
    severity: z.enum(SEVERITIES),
    confidence: z.enum(CONFIDENCES).default('medium'),
    items: z.array(z.string().max(200)).max(1000).default([]),
    title: z.string().max(2000),
    message: text,
    evidence: z
      .array(z.object({ label: z.string().max(2000), value: text }).loose())
      .max(1000)
      .default([]),
    locations: z
      .array(z.object({ file: z.string().max(4000) }).loose())
      .max(1000)
      .default([]),
    remediation: text.default(''),
    fingerprint: z.string().regex(/^[0-9a-f]{16,64}$/, 'expected a hex fingerprint'),
    result: z.string().max(200).optional(),
  })
  .loose();

export const reportSchema = z
  .object({
    schemaVersion: z.string().regex(/^[12]\./, 'this server reads report schemas 1.x and 2.x'),
    tool: z.object({ name: z.literal('chainaudit'), version: z.string().max(100) }).loose(),
    run: z
      .object({
        id: z.string().min(1).max(200),
        scopeName: z.string().max(500),
        scopeFile: z.string().max(4000).default(''),
        started: z.iso.datetime({ offset: true }),
        finished: z.iso.datetime({ offset: true }),
        options: z
          .object({ intrusive: z.boolean(), active: z.boolean() })
          .loose()
          .default({ intrusive: false, active: false }),
        targets: z
          .array(
            z
              .object({
                id: z.string().min(1).max(500),
                kind: z.string().max(100),
                name: z.string().max(2000).optional(),
                chain: z.string().max(500).optional(),
              })
              .loose(),
          )
          .max(100_000),
        checksRun: z.array(z.string().max(200)).default([]),
        checksHeldBack: z.array(z.object({ checkId: z.string(), reason: z.string() }).loose()).default([]),
        notRun: z
          .array(z.object({ checkId: z.string(), targetId: z.string(), reason: z.string() }).loose())
          .default([]),
        targetLocations: z.record(z.string(), z.object({ file: z.string() }).loose()).default({}),
        baseDir: z.string().max(4000).default(''),
      })
      .loose(),
    score: z.number().min(0).max(100).nullable(),
    band: z.string().max(100),
    bandTitle: bilingual,
    /** How much of the scope the run observed (reports of schema 1.1 on). */
    coverage: z
      .object({
        complete: z.boolean(),
        targets: z
          .object({ unreachable: z.array(z.object({ targetId: z.string(), reason: z.string() }).loose()).default([]) })
          .loose(),
        checks: z
          .object({
            planned: z.number().int().min(0),
            completed: z.number().int().min(0),
            errored: z.number().int().min(0),
          })
          .loose(),
      })
      .loose()
      .optional(),
    frameworks: z.array(z.object({ id: z.string().max(200) }).loose()).max(1000),
    items: z.array(z.object({ id: z.string().max(200), framework: z.string().max(200) }).loose()).max(100_000),
    findings: z.array(reportFinding).max(500_000),
  })
  .loose();

export type ReportInput = z.infer<typeof reportSchema>;
export type ReportFindingInput = z.infer<typeof reportFinding>;

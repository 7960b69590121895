import { z } from 'zod';
import { SEVERITIES } from '../model.js';

export const text = z.object({ en: z.string().min(1), zh: z.string().min(1) }).strict();

export const itemId = z.string().regex(/^[A-Z][A-Z0-9]*(\.[A-Z0-9_]+)+$/, 'item ids are upper-case dotted, e.g. TECH.RPC.CORS');
export const controlPointId = z.string().regex(/^CP\.[A-Z_]+$/);

export const checkRef = z
  .string()
  .regex(/^[a-z0-9*?][a-z0-9.*?-]*(#[a-z0-9*?][a-z0-9*?-]*)?$/, 'a check reference is a check id or glob, optionally #sub-result, e.g. configs.sshd#root-login');

export const catalogItem = z
  .object({
    id: itemId,
    /** The layer within the framework (business, technology, p2p, ledger, …); see framework.layers. */
    layer: z.string().min(1),
    /** Ancestors in the framework's tree, outermost first (e.g. classification, category). */
    path: z.array(text).default([]),
    title: text,
    description: text,
    controlPoints: z.array(controlPointId).default([]),
    severity: z.enum(SEVERITIES),
    /** How an assessor establishes the verdict by hand, and what evidence proves it. Checks mapped to the item add automated evidence. */
    procedure: text,
    expected: text,
    evidence: text,
    /** Where the item comes from (source document, table, clause). */
    source: z.string().min(1),
    /** Published results for reference systems, e.g. the 等保 blockchain evaluation's Table 10 (true = qualified). */
    reference: z.record(z.string(), z.boolean()).optional(),
    /** Item groups rated Excellent/Good/Fair/Poor in the monitoring report. */
    group: z.string().optional(),
    /**
     * The checks whose results decide this item: check ids or globs (`configs.*`), optionally narrowed
     * to one declared sub-result (`configs.sshd#root-login`). Empty or missing: the item is manual.
     */
    checks: z.array(checkRef).default([]),
  })
  .strict();
export type CatalogItem = z.infer<typeof catalogItem>;

export const frameworkFile = z
  .object({
    framework: z
      .object({
        id: z.string().regex(/^[a-z0-9-]+$/),
        title: text,
        description: text,
        source: z.string().min(1),
        layers: z.array(z.object({ id: z.string().min(1), title: text }).strict()).min(1),
        /** Columns for a comparison table of several chains, e.g. the 等保 blockchain evaluation's Table 10. */
        referenceSystems: z.array(z.object({ id: z.string(), title: text }).strict()).optional(),
      })
      .strict(),
    items: z.array(catalogItem).min(1),
  })
  .strict();
export type FrameworkFile = z.infer<typeof frameworkFile>;
export type Framework = FrameworkFile['framework'] & { file: string };

export const controlPointsFile = z
  .object({
    controlPoints: z
      .array(
        z
          .object({
            id: controlPointId,
            title: text,
            /** Which requirement sets name this control point (e.g. djcp2-app-data, djcp3-computing-env). */
            sets: z.array(z.string()).min(1),
          })
          .strict(),
      )
      .min(1),
    /** The 等保 blockchain evaluation's Table 2: control points of the application layer in 等保 1.0 and 2.0. */
    comparison: z
      .array(z.object({ version: z.string(), category: text, controlPoints: z.array(text) }).strict())
      .default([]),
  })
  .strict();

export const gradingFile = z
  .object({
    /** The 等保 blockchain evaluation's Table 1: damage degree × object harmed → protection level. */
    grading: z
      .object({
        objects: z.array(text),
        degrees: z.array(z.object({ degree: text, levels: z.array(z.number().int().min(1).max(5)) }).strict()),
        note: text.optional(),
      })
      .strict(),
  })
  .strict();

const errorClassId = z.string().regex(/^[a-z-]+$/);
const errorPhrase = z
  .string()
  .min(3)
  .refine((s) => !s.includes('\n'), 'one line of text');

/** One client family's rules for classifying log lines into the error classes; see catalog/error-audit.yaml. */
export const errorRuleSet = z
  .object({
    client: z.string().regex(/^[a-z0-9-]+$/, 'a client id is lower-case, e.g. bitcoin-core'),
    title: z.string().min(1).optional(),
    /** A built-in client whose rules this one adds to (a fork names its parent). */
    extends: z.string().optional(),
    /** Log formats (see src/analyzers/logs/formats.ts) whose lines these rules read; inherited when extending. */
    formats: z.array(z.string().min(1)).optional(),
    markers: z.array(errorPhrase).default([]),
    reasons: z.record(errorClassId, z.array(errorPhrase)).default({}),
    messages: z.record(errorClassId, z.array(errorPhrase)).default({}),
  })
  .strict();
export type ErrorRuleSet = z.infer<typeof errorRuleSet>;

export const errorAuditFile = z
  .object({
    /** Table 9 of the evaluation method: classes of error a blockchain node reports, with the function raising each. */
    errorClasses: z
      .array(
        z
          .object({
            id: errorClassId,
            title: text,
            functions: z.array(z.object({ name: z.string(), description: text }).strict()).min(1),
          })
          .strict(),
      )
      .min(1),
    errorRules: z.array(errorRuleSet).default([]),
  })
  .strict();

/** A user's own rules (for a fork or another client), loaded beside the built-in ones. */
export const errorRulesFile = z.object({ errorRules: z.array(errorRuleSet).min(1) }).strict();

export const scoringFile = z
  .object({
    scoring: z
      .object({
        description: text,
        verdictScore: z
          .object({ conforming: z.number(), 'partly-conforming': z.number(), 'non-conforming': z.number() })
          .strict(),
        severityWeight: z.record(z.enum(SEVERITIES), z.number().positive()),
        /** Points taken off the score for each failing finding still open, by severity. */
        deduction: z.record(z.enum(SEVERITIES), z.number().nonnegative()),
        maxDeduction: z.number().nonnegative(),
        bands: z.array(z.object({ min: z.number(), band: z.string(), title: text }).strict()).min(1),
        /** Band forced when any failing finding of this severity or worse remains. */
        highRiskCap: z.object({ severity: z.enum(SEVERITIES), band: z.string() }).strict().optional(),
        ratings: z.array(z.object({ min: z.number(), rating: z.string(), title: text }).strict()).min(1),
      })
      .strict(),
  })
  .strict();
export type Scoring = z.infer<typeof scoringFile>['scoring'];

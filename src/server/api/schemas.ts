import { z } from 'zod';
import { SEVERITIES, VERDICTS } from '../../model.js';
import { PROJECT_ROLES, TOKEN_SCOPES } from '../auth/roles.js';
import { FINDING_STATES, FP_SCOPES } from '../findings/lifecycle.js';

export const idParam = z.string().min(1).max(100);
/** A yes/no field from JSON or from a page's form ("true"/"false"). */
export const flag = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);
export const ok = z.object({ ok: z.literal(true) });

const slaDays = z.number().int().min(1).max(3650).nullable();
export const slaSchema = z.object({
  critical: slaDays.optional(),
  high: slaDays.optional(),
  medium: slaDays.optional(),
  low: slaDays.optional(),
  info: slaDays.optional(),
});

export const project = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  sla: slaSchema,
  createdAt: z.string(),
  role: z.string().nullable().describe('the caller’s role in this project'),
});

export const severityCounts = z.record(z.enum(SEVERITIES), z.number());

export const runSummary = z.object({
  id: z.string(),
  reportRunId: z.string(),
  scopeName: z.string(),
  started: z.string(),
  finished: z.string(),
  score: z.number().nullable(),
  band: z.string(),
  failing: z.number(),
  complete: z.boolean().nullable(),
  uploadedBy: z.string(),
  uploadedAt: z.string(),
});

export const findingState = z.enum(FINDING_STATES);

export const finding = z.object({
  id: z.string(),
  fingerprint: z.string(),
  checkId: z.string(),
  result: z.string().nullable(),
  targetId: z.string(),
  title: z.string(),
  severity: z.enum(SEVERITIES),
  state: findingState,
  lastStatus: z.string(),
  firstRunId: z.string(),
  lastRunId: z.string(),
  firstSeenAt: z.string(),
  lastSeenAt: z.string(),
  dueAt: z.string().nullable(),
  overdue: z.boolean(),
  stateChangedAt: z.string(),
  justification: z.string().nullable(),
  approver: z.string().nullable(),
  acceptedUntil: z.string().nullable(),
  falsePositiveScope: z.enum(FP_SCOPES).nullable(),
});

const list = (v: string | string[] | undefined) =>
  v === undefined ? undefined : (Array.isArray(v) ? v : [v]).flatMap((x) => x.split(',')).filter(Boolean);

export const findingQuery = z.object({
  state: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform(list)
    .pipe(z.array(findingState).optional())
    .describe('comma-separated states'),
  severity: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform(list)
    .pipe(z.array(z.enum(SEVERITIES)).optional())
    .describe('comma-separated severities'),
  check: z.string().max(200).optional(),
  target: z.string().max(500).optional(),
  overdue: z
    .enum(['true', 'false', '1', '0'])
    .optional()
    .transform((v) => v === 'true' || v === '1'),
  q: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
});

export const transitionBody = z.object({
  to: findingState,
  note: z.string().max(10_000).optional(),
  justification: z.string().max(10_000).optional(),
  expires: z.string().max(40).optional().describe('acceptance expiry (ISO date), required for risk-accepted'),
  scope: z.enum(FP_SCOPES).optional().describe('false-positive scope: this target, the project, or all projects'),
});

export const findingEvent = z.object({
  at: z.string(),
  actor: z.string(),
  from: z.string().nullable(),
  to: z.string(),
  note: z.string(),
  runId: z.string().nullable(),
});

export const manualAnswerBody = z.object({
  verdict: z.enum(VERDICTS),
  note: z.string().max(20_000).default(''),
  evidence: z.array(z.string().max(2000)).max(100).default([]),
});

export const attachmentBody = z.object({
  name: z.string().min(1).max(255),
  contentType: z.string().max(200).default('application/octet-stream'),
  dataBase64: z.string().max(7_000_000).describe('file content, base64 (at most 5 MB decoded)'),
});

export const tokenScope = z.enum(TOKEN_SCOPES);
export const projectRole = z.enum(PROJECT_ROLES);

export const tokenInfo = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(tokenScope),
  projectId: z.string().nullable(),
  expiresAt: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});

export const userInfo = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  isAdmin: z.boolean(),
  disabled: z.boolean(),
  sso: z.boolean(),
  pendingSetup: z.boolean(),
  createdAt: z.string(),
});

export const auditEntry = z.object({
  seq: z.number(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string(),
  projectId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  prevHash: z.string(),
  hash: z.string(),
});

export const verification = z.object({
  ok: z.boolean(),
  entries: z.number(),
  headHash: z.string(),
  problems: z.array(z.object({ seq: z.number(), problem: z.string() })),
});

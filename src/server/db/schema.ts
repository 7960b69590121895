import type { Generated } from 'kysely';

/**
 * Table shapes as Kysely sees them. Both engines store timestamps as ISO-8601 UTC text (sortable,
 * comparable as strings) and booleans as 0/1 integers, so one set of queries serves both.
 */
export interface ProjectTable {
  id: string;
  name: string;
  description: string;
  /** JSON: days to fix per severity, overriding DEFAULT_SLA_DAYS. */
  sla: string | null;
  created_at: string;
}

export interface UserTable {
  id: string;
  username: string;
  display_name: string;
  password_hash: string | null;
  is_admin: number;
  oidc_issuer: string | null;
  oidc_subject: string | null;
  disabled: number;
  setup_token_hash: string | null;
  setup_expires_at: string | null;
  created_at: string;
}

export interface MembershipTable {
  project_id: string;
  user_id: string;
  role: string;
}

export interface SessionTable {
  id_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
}

export interface ApiTokenTable {
  id: string;
  user_id: string;
  name: string;
  prefix: string;
  token_hash: string;
  /** JSON array of scopes. */
  scopes: string;
  project_id: string | null;
  expires_at: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface TargetTable {
  project_id: string;
  target_id: string;
  kind: string;
  name: string | null;
  chain: string | null;
  last_run_id: string;
  last_seen_at: string;
}

export interface ScopeTable {
  project_id: string;
  name: string;
  yaml: string;
  updated_at: string;
}

export interface RunTable {
  id: string;
  project_id: string;
  report_run_id: string;
  scope_name: string;
  started: string;
  finished: string;
  score: number | null;
  band: string;
  failing: number;
  /** 1 when every planned check ran; null when the report does not say. */
  complete: number | null;
  uploaded_by: string;
  uploaded_at: string;
  /** The report.json as uploaded (extra fields kept). */
  report: string;
}

export interface FindingTable {
  id: string;
  project_id: string;
  fingerprint: string;
  check_id: string;
  result: string | null;
  target_id: string;
  title: string;
  severity: string;
  severity_rank: number;
  state: string;
  last_status: string;
  /** The latest observation's message, cut for lists. */
  message: string;
  /** JSON: message, evidence, locations, remediation, items, confidence of the latest observation. */
  detail: string;
  first_run_id: string;
  last_run_id: string;
  first_seen_at: string;
  last_seen_at: string;
  due_at: string | null;
  state_changed_at: string;
  justification: string | null;
  approver: string | null;
  accepted_until: string | null;
  fp_scope: string | null;
  updated_at: string;
}

export interface FindingResultTable {
  run_id: string;
  finding_id: string;
  status: string;
  severity: string;
}

export interface FindingEventTable {
  id: Generated<number>;
  finding_id: string;
  project_id: string;
  at: string;
  actor: string;
  from_state: string | null;
  to_state: string;
  note: string;
  run_id: string | null;
}

export interface SuppressionTable {
  id: string;
  /** null: every project. */
  project_id: string | null;
  check_id: string;
  result: string | null;
  /** null: every target. */
  target_id: string | null;
  justification: string;
  created_by: string;
  created_at: string;
  source_finding_id: string;
}

export interface ManualAnswerTable {
  project_id: string;
  item_id: string;
  verdict: string;
  note: string;
  /** JSON array of evidence strings. */
  evidence: string;
  assessor: string;
  date: string;
  updated_at: string;
}

export interface AttachmentTable {
  id: string;
  project_id: string;
  item_id: string;
  name: string;
  content_type: string;
  size: number;
  /** base64 */
  data: string;
  created_by: string;
  created_at: string;
}

export interface AuditLogTable {
  seq: number;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entity_id: string;
  project_id: string | null;
  before: string | null;
  after: string | null;
  prev_hash: string;
  hash: string;
}

export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
}

export interface SettingTable {
  key: string;
  value: string;
}

export interface Database {
  projects: ProjectTable;
  users: UserTable;
  memberships: MembershipTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
  targets: TargetTable;
  scopes: ScopeTable;
  runs: RunTable;
  findings: FindingTable;
  finding_results: FindingResultTable;
  finding_events: FindingEventTable;
  suppressions: SuppressionTable;
  manual_answers: ManualAnswerTable;
  attachments: AttachmentTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
  settings: SettingTable;
}

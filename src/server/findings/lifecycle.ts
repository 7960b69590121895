import type { Severity } from '../../model.js';
import type { Permission } from '../auth/roles.js';

/**
 * A finding's life on the server. People move it along TRANSITIONS; runs move it on their own:
 * a failing result on a fixed or verified finding reopens it (regression), a passing result on an
 * active or fixed finding verifies it, and an acceptance past its expiry reopens it.
 */
export const FINDING_STATES = [
  'new',
  'open',
  'in-remediation',
  'risk-accepted',
  'false-positive',
  'out-of-scope',
  'fixed',
  'verified',
  'reopened',
] as const;
export type FindingState = (typeof FINDING_STATES)[number];

const WORKING: FindingState[] = ['in-remediation', 'risk-accepted', 'false-positive', 'out-of-scope', 'fixed'];

export const TRANSITIONS: Record<FindingState, readonly FindingState[]> = {
  new: ['open', ...WORKING],
  open: WORKING,
  reopened: WORKING,
  'in-remediation': ['open', 'fixed', 'risk-accepted', 'false-positive', 'out-of-scope'],
  'risk-accepted': ['open'],
  'false-positive': ['open'],
  'out-of-scope': ['open'],
  fixed: ['verified', 'reopened'],
  verified: ['reopened'],
};

/** The permission a person needs to move a finding into each state. */
export const TRANSITION_PERMISSION: Record<FindingState, Permission> = {
  new: 'finding:triage',
  open: 'finding:triage',
  'in-remediation': 'finding:remediate',
  'risk-accepted': 'finding:accept',
  'false-positive': 'finding:triage',
  'out-of-scope': 'finding:triage',
  fixed: 'finding:remediate',
  verified: 'finding:verify',
  reopened: 'finding:verify',
};

/** States in which a finding still needs work and its SLA clock runs. */
export const ACTIVE_STATES: readonly FindingState[] = ['new', 'open', 'reopened', 'in-remediation'];

export const FP_SCOPES = ['target', 'project', 'all'] as const;
export type FalsePositiveScope = (typeof FP_SCOPES)[number];

export const DEFAULT_SLA_DAYS: Record<Severity, number | null> = {
  critical: 7,
  high: 30,
  medium: 90,
  low: 180,
  info: null,
};

export function dueDate(from: Date, severity: Severity, sla: Partial<Record<Severity, number | null>>): string | null {
  const days = severity in sla ? sla[severity] : DEFAULT_SLA_DAYS[severity];
  if (days === null || days === undefined) return null;
  return new Date(from.getTime() + days * 86_400_000).toISOString();
}

export function isOverdue(f: { state: string; due_at: string | null }, now: Date): boolean {
  return (ACTIVE_STATES as readonly string[]).includes(f.state) && f.due_at !== null && f.due_at < now.toISOString();
}

export interface TransitionRequest {
  to: FindingState;
  note?: string;
  justification?: string;
  /** Acceptance expiry, ISO date or date-time. */
  expires?: string;
  scope?: FalsePositiveScope;
}

/** Refuses moves the machine does not allow and moves missing what they must carry; returns the reason. */
export function checkTransition(from: FindingState, req: TransitionRequest, now: Date): string | null {
  if (!TRANSITIONS[from].includes(req.to))
    return `a ${from} finding cannot move to ${req.to} (allowed: ${TRANSITIONS[from].join(', ') || 'none'})`;
  if (req.to === 'risk-accepted') {
    if (!req.justification?.trim()) return 'accepting a risk needs a justification';
    if (!req.expires) return 'accepting a risk needs an expiry date';
    const exp = new Date(req.expires);
    if (Number.isNaN(exp.getTime())) return `expiry "${req.expires}" is not a date`;
    if (exp <= now) return 'the acceptance expiry must be in the future';
  }
  if (req.to === 'false-positive') {
    if (!req.justification?.trim()) return 'marking a false positive needs a justification';
    if (!req.scope) return 'marking a false positive needs a scope: target, project or all';
  }
  return null;
}

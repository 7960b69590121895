import type { z } from 'zod';
import { maskSecret } from '../mask.js';
import type { Severity } from '../model.js';
import { pathText, type PathSegment } from './json-stream.js';

/** A tool's rule id as a sub-result id: lower-case, runs of anything else turned into one hyphen. */
export function normalizeRule(rule: string): string {
  return (
    rule
      .toLowerCase()
      .replace(/[^a-z0-9*]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'unnamed'
  );
}

/** Validates one value of a report against its schema; a mismatch names where it is and what is wrong. */
export function validate<S extends z.ZodType>(
  schema: S,
  value: unknown,
  path: PathSegment[],
  fail: (reason: string) => never,
): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const at = pathText([...path, ...(issue.path as PathSegment[])]);
  return fail(`${at}: ${issue.message}`);
}

export function clip(text: string, max = 2000): string {
  const t = text.trim();
  return t.length > max ? `${t.slice(0, max)}…` : t;
}

const WORDS: Record<string, Severity> = {
  critical: 'critical',
  high: 'high',
  error: 'high',
  medium: 'medium',
  moderate: 'medium',
  warning: 'medium',
  low: 'low',
  note: 'low',
  info: 'info',
  informational: 'info',
  information: 'info',
  optimization: 'info',
  none: 'info',
  unknown: 'info',
};

/** Severity words the tools use (Critical, HIGH, Informational, …), ours for the rest: info. */
export function severityOf(word: string | undefined, fallback: Severity = 'info'): Severity {
  return (word && WORDS[word.trim().toLowerCase()]) || fallback;
}

/** Masks each secret wherever it appears in the text. */
export function maskIn(text: string, secrets: string[]): string {
  let out = text;
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join(maskSecret(s));
  return out;
}

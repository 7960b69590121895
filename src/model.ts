/** Shared vocabulary of the whole pipeline: scope → checks → findings → assessment → reports. */

export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const SEVERITY_ZH: Record<Severity, string> = {
  info: '信息',
  low: '低危',
  medium: '中危',
  high: '高危',
  critical: '严重',
};

export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

export const STATUSES = ['pass', 'fail', 'warn', 'error', 'not-applicable'] as const;
export type Status = (typeof STATUSES)[number];

export const CONFIDENCES = ['low', 'medium', 'high'] as const;
export type Confidence = (typeof CONFIDENCES)[number];

export const VERDICTS = [
  'conforming',
  'partly-conforming',
  'non-conforming',
  'not-applicable',
  'not-assessed',
] as const;
export type Verdict = (typeof VERDICTS)[number];

export const VERDICT_ZH: Record<Verdict, string> = {
  conforming: '符合',
  'partly-conforming': '部分符合',
  'non-conforming': '不符合',
  'not-applicable': '不适用',
  'not-assessed': '未测',
};

export type Lang = 'en' | 'zh';
export interface Text {
  en: string;
  zh: string;
}

export function pick(text: Text, lang: Lang): string {
  return text[lang] || text.en;
}

/** One observation backing a finding: what was sent, what came back, which value was read. */
export interface Evidence {
  label: string;
  value: string;
}

export interface Location {
  /** Absolute, or relative to the scope file's folder (the one base SARIF declares). */
  file: string;
  line?: number;
  endLine?: number;
  column?: number;
  endColumn?: number;
}

export interface Finding {
  checkId: string;
  targetId: string;
  status: Status;
  severity: Severity;
  confidence: Confidence;
  /** The declared sub-result of the check this result belongs to; absent: it speaks for the whole check. */
  result?: string;
  /** Framework items this finding counts for, filled in by the assessment from the frameworks' mappings. */
  items: string[];
  title: string;
  message: string;
  evidence: Evidence[];
  locations: Location[];
  /** Other places that matter to the finding (the missing guard, the call that re-enters). */
  related?: Location[];
  remediation: string;
  /** Stable identity across runs, used by diff: check, target and the check's own discriminator. */
  fingerprint: string;
  durationMs?: number;
}

export const TARGET_KINDS = [
  'evm-node',
  'bitcoin-node',
  'host',
  'web',
  'contracts',
  'logs',
  'ledger',
  'kubernetes',
  'terraform',
  'config',
  'secrets',
] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

/** Vocabulary of the Solidity analyzer; independent of the catalog and the check engine. */

export const CATEGORIES = [
  'access_control',
  'arithmetic',
  'bad_randomness',
  'denial_of_service',
  'front_running',
  'reentrancy',
  'short_addresses',
  'time_manipulation',
  'unchecked_low_level_calls',
  'other',
] as const;
export type Category = (typeof CATEGORIES)[number];

export type Impact = 'high' | 'medium' | 'low' | 'informational';
export type DetectorConfidence = 'high' | 'medium' | 'low';

export interface DetectorMeta {
  id: string;
  title: string;
  /** SWC registry id such as `SWC-107`, or null where the weakness has none. */
  swc: string | null;
  category: Category;
  impact: Impact;
  confidence: DetectorConfidence;
  description: string;
  exploitScenario: string;
  recommendation: string;
  /** Where the finding is placed: the one line an auditor would point at. */
  placement: string;
}

/** A syntax node from @solidity-parser/parser; kept loose because detectors inspect many node kinds. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Node = {
  type: string;
  loc: { start: { line: number; column: number }; end: { line: number; column: number } };
  range: [number, number];
  [key: string]: any;
};

export interface SolidityFinding {
  detector: string;
  title: string;
  category: Category;
  swc: string | null;
  severity: 'info' | 'low' | 'medium' | 'high';
  confidence: DetectorConfidence;
  file: string;
  line: number;
  endLine: number;
  column: number;
  endColumn: number;
  contract?: string;
  function?: string;
  message: string;
  /** The flagged source, whitespace collapsed, at most 120 characters. */
  excerpt: string;
  /**
   * Identity of the finding across runs: detector, file, contract, function and a digest of the
   * flagged source (with an ordinal for identical code in one function), so it survives edits elsewhere.
   */
  key: string;
  /** Other places in the same file that matter to the finding. */
  related?: RelatedLocation[];
}

export interface RelatedLocation {
  line: number;
  endLine: number;
  column: number;
  endColumn: number;
  note: string;
}

export interface NotAnalysed {
  file: string;
  reason: string;
}

export interface AnalysisResult {
  findings: SolidityFinding[];
  notAnalysed: NotAnalysed[];
  files: { file: string; contracts: number; ms: number }[];
}

export function severityOfImpact(impact: Impact): SolidityFinding['severity'] {
  return impact === 'informational' ? 'info' : impact;
}

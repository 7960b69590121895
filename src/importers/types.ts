import type { Confidence, Evidence, Location, Severity, Status } from '../model.js';
import type { PathSegment, Selected } from './json-stream.js';

/** One result of another tool, in our words, before it becomes a finding. */
export interface ImportedResult {
  /** The tool's own rule id, as its mapping file names it (`reentrancy-eth`, `SWC-107`, `misconf/KSV017`). */
  rule: string;
  status: Status;
  severity: Severity;
  confidence?: Confidence;
  title: string;
  message: string;
  locations?: Location[];
  related?: Location[];
  evidence?: Evidence[];
  remediation?: string;
  /** What tells this result apart from others of the same rule: a file:line, a resource, the tool's own fingerprint. */
  key: string;
  /** Secret values found by the tool, masked wherever they would appear. */
  secrets?: string[];
}

/** What an importer reads the file through: a streaming JSON selection, or JSON lines. */
export interface ImportInput {
  /**
   * Yields the values at the given paths (`*` for any key or index), in document order; a `presence`
   * path yields once, with no value, where a value starts there (pattern index after the others).
   */
  select(patterns: PathSegment[][], presence?: PathSegment[][]): AsyncGenerator<Selected>;
  /** Yields one parsed value per non-empty line. */
  lines(): AsyncGenerator<{ line: number; value: unknown }>;
  /** The first non-whitespace byte of the file (`{`, `[`), to tell variants apart. */
  firstByte(): Promise<string>;
}

export interface ImportOutput {
  /** The producing tool's version, when the file says. */
  toolVersion?: string;
}

/**
 * Hands one result over as soon as it is read, so a large report is never held twice. `tool`: a
 * SARIF log of a tool we know counts under that tool's mapping.
 */
export type Emit = (result: ImportedResult, tool?: string) => void;

export interface ToolImporter {
  /** The name on the command line and in `import.<tool>`. */
  tool: string;
  title: string;
  /** What the file is and how it is made, for help and error messages. */
  describes: string;
  read(input: ImportInput, fail: (reason: string) => never, emit: Emit): Promise<ImportOutput>;
}

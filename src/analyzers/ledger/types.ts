/**
 * What a ledger verification produces. A block is `valid` only for what was actually checked;
 * everything a static verifier cannot establish is listed in `notVerified`, never counted as passed.
 */

export type LedgerChain = 'bitcoin' | 'ethereum' | 'fabric';

/** Which audit concern an issue belongs to; checks map these to catalog items. */
export type Aspect =
  | 'storage-integrity' // hashes, Merkle/trie roots, data hash, framing
  | 'format' // encoding and field rules of the format standard
  | 'non-repudiation' // signatures and sender recovery
  | 'consensus' // proof of work, difficulty, timestamps, fee and gas rules
  | 'linkage' // previous-hash chain, gaps, reorgs inside one source
  | 'synchronization'; // disagreement between sources

export interface LedgerIssue {
  height: number | null;
  hash: string | null;
  /** The header field or part of the block at fault, e.g. `merkleRoot`, `tx[3].signature`. */
  field: string;
  /** A stable machine name of the rule, e.g. `merkle-root-mismatch`. */
  rule: string;
  aspect: Aspect;
  expected?: string;
  actual?: string;
  message: string;
  /** Where in a file the block starts. */
  offset?: number;
}

export interface NotVerified {
  what: string;
  reason: string;
}

export interface BlockSummary {
  height: number | null;
  hash: string;
  offset?: number;
}

/** Chain-shape observations inside one source: not block failures, but reported as such. */
export interface LedgerEvent {
  kind: 'gap' | 'reorg' | 'duplicate' | 'unlinked-start';
  height: number | null;
  hash: string;
  message: string;
}

export interface LedgerReport {
  chain: LedgerChain;
  source: string;
  format: string;
  blocks: number;
  failedBlocks: number;
  firstHeight: number | null;
  lastHeight: number | null;
  issues: LedgerIssue[];
  /** Issues beyond the kept ones are counted, not stored, so memory stays flat on huge inputs. */
  issuesDropped: number;
  events: LedgerEvent[];
  /** What could not be verified, with the number of blocks or items concerned. */
  notVerified: Array<NotVerified & { count: number }>;
  /** Counts of what was verified: e.g. `merkleRoot: 256`, `signatures: 4211`. */
  verified: Record<string, number>;
  /** Height → hash of every block seen, bounded; used for cross-source comparison. */
  heights: Map<number, string>;
  heightsDropped: boolean;
  bytes: number;
  durationMs: number;
}

const MAX_KEPT_ISSUES = 2000;
const MAX_KEPT_HEIGHTS = 2_000_000;

/** Accumulates a report while blocks stream past; holds only bounded state. */
export class ReportBuilder {
  readonly report: LedgerReport;
  private readonly notVerifiedIndex = new Map<string, NotVerified & { count: number }>();
  private readonly failed = new Set<string>();
  private readonly started = Date.now();

  constructor(chain: LedgerChain, source: string, format: string) {
    this.report = {
      chain,
      source,
      format,
      blocks: 0,
      failedBlocks: 0,
      firstHeight: null,
      lastHeight: null,
      issues: [],
      issuesDropped: 0,
      events: [],
      notVerified: [],
      verified: {},
      heights: new Map(),
      heightsDropped: false,
      bytes: 0,
      durationMs: 0,
    };
  }

  block(b: BlockSummary, bytes: number): void {
    const r = this.report;
    r.blocks++;
    r.bytes += bytes;
    if (b.height !== null) {
      if (r.firstHeight === null || b.height < r.firstHeight) r.firstHeight = b.height;
      if (r.lastHeight === null || b.height > r.lastHeight) r.lastHeight = b.height;
      this.height(b.height, b.hash);
    }
  }

  height(height: number, hash: string): void {
    const r = this.report;
    if (r.firstHeight === null || height < r.firstHeight) r.firstHeight = height;
    if (r.lastHeight === null || height > r.lastHeight) r.lastHeight = height;
    if (r.heights.size < MAX_KEPT_HEIGHTS || r.heights.has(height)) r.heights.set(height, hash);
    else r.heightsDropped = true;
  }

  issue(i: LedgerIssue): void {
    const key = i.hash ?? `${i.height}@${i.offset}`;
    if (!this.failed.has(key)) {
      this.failed.add(key);
      this.report.failedBlocks++;
    }
    if (this.report.issues.length < MAX_KEPT_ISSUES) this.report.issues.push(i);
    else this.report.issuesDropped++;
  }

  event(e: LedgerEvent): void {
    if (this.report.events.length < MAX_KEPT_ISSUES) this.report.events.push(e);
    else this.report.issuesDropped++;
  }

  /** Whether a block already has an issue (a child of a failed block builds on an invalid chain). */
  isFailed(hash: string): boolean {
    return this.failed.has(hash);
  }

  verified(what: string, n = 1): void {
    this.report.verified[what] = (this.report.verified[what] ?? 0) + n;
  }

  notVerified(what: string, reason: string, n = 1): void {
    const key = `${what}\u0000${reason}`;
    let entry = this.notVerifiedIndex.get(key);
    if (!entry) {
      entry = { what, reason, count: 0 };
      this.notVerifiedIndex.set(key, entry);
      this.report.notVerified.push(entry);
    }
    entry.count += n;
  }

  finish(): LedgerReport {
    this.report.durationMs = Date.now() - this.started;
    return this.report;
  }
}

/** Thrown for input that cannot be read as the claimed format at all (not for invalid blocks). */
export class LedgerInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LedgerInputError';
  }
}

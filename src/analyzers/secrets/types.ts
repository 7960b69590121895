import type { FileProblem, SkippedEntry } from '../../clients/files.js';
import type { Confidence } from '../../model.js';

/** Families of secrets the scanner recognises; one `kind` per family in every output. */
export const SECRET_KINDS = [
  'raw-private-key',
  'wif-private-key',
  'bip32-extended-private-key',
  'bip39-mnemonic',
  'keystore-weak-kdf',
  'pem-private-key',
  'fabric-msp-key',
  'validator-key',
  'node-key',
  'solana-keypair',
  'wallet-file',
  'rpc-provider-key',
  'aws-credentials',
  'gcp-service-account',
  'azure-connection-string',
  'access-token',
] as const;
export type SecretKind = (typeof SECRET_KINDS)[number];

export interface SecretFinding {
  kind: SecretKind;
  /** Path relative to the scanned root, with `/` separators. */
  file: string;
  line: number;
  column: number;
  confidence: Confidence;
  /** The secret as shown to people: masked, never usable. */
  preview: string;
  /** What was validated, e.g. "WIF, mainnet, compressed; base58check valid". */
  detail: string;
  /** Short hash of kind and secret: identifies a secret across files and runs without revealing it. */
  fingerprint: string;
  /** Set for findings read from git history: the commit that added the blob. */
  commit?: string;
  /** The file lies under a test or fixture folder; confidence is lowered one step. */
  testPath?: boolean;
  /** The value is public (documentation example, development-chain default account). */
  wellKnown?: string;
  /** Key material whose block does not parse whole (damaged or truncated): reported, as a warning. */
  damaged?: boolean;
}

/** Encrypted key material seen during a scan: not a finding, but evidence of encrypted storage. */
export interface EncryptedKeyRecord {
  kind: 'keystore' | 'pem-encrypted' | 'wallet-encrypted';
  file: string;
  line: number;
  detail: string;
  commit?: string;
}

export interface ScanStats {
  /** Files read and scanned (text and binary). */
  files: number;
  bytes: number;
  skippedBinary: number;
  skippedSymlinks: number;
  /** FIFOs, sockets and devices in the tree: named in `skipped`, never opened. */
  skippedSpecial: number;
  /** Inputs that could not be scanned (listed in `problems`). */
  notScanned: number;
  gitBlobs: number;
  gitBytes: number;
  durationMs: number;
}

export interface ScanResult {
  root: string;
  findings: SecretFinding[];
  encrypted: EncryptedKeyRecord[];
  stats: ScanStats;
  /** False when any input could not be scanned: then no finding-free result may be read as clean. */
  complete: boolean;
  /** What could not be scanned, one named entry each (permission denied, vanished, too large, git limits). */
  problems: FileProblem[];
  /** What was deliberately not read: symbolic links, FIFOs, sockets, devices, excluded folders. */
  skipped: SkippedEntry[];
}

export interface ScanOptions {
  /** Also scan every blob reachable in the repository's history. */
  git?: boolean;
  /** Text files above this size are not scanned (a problem, named); binary files are recognised whatever their size. */
  maxFileBytes?: number;
  /** Bound on folder entries walked. */
  maxEntries?: number;
  /** Folder names never entered (the history is scanned through `git`, not `.git/`). */
  excludeDirs?: string[];
  /** Upper bound on blobs read from history. */
  maxGitBlobs?: number;
  /** Worker threads for the files (1 scans in this thread); by default one per core for large trees. */
  workers?: number;
  signal?: AbortSignal;
  onProgress?(text: string): void;
}

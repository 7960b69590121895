import { FileInputError, readTextFileSync } from '../../clients/files.js';
import { InputError } from '../../errors.js';
import type { Severity } from '../../model.js';

/** `error`: the file gives nothing to judge (no server block, no services): the rules could not look. */
export type RuleStatus = 'pass' | 'fail' | 'warn' | 'error';

/** One rule evaluated on one configuration: the exact setting seen, where, and how to fix it. */
export interface ConfigFinding {
  rule: string;
  status: RuleStatus;
  severity: Severity;
  message: string;
  /** The setting as written (`PermitRootLogin yes`), or the default that applies when absent. */
  setting?: string;
  line?: number;
  /** Set when the finding sits in another file than the one audited (nginx -T, included files). */
  file?: string;
  fix: string;
  /** Discriminates several findings of one rule (one per location, port or subject). */
  key?: string;
}

export interface ConfigReport {
  format: string;
  findings: ConfigFinding[];
}

export const MAX_CONFIG_BYTES = 4 * 1024 * 1024;

/** Reads a configuration file as text, refusing special files, binary data and oversized files with a clear message. */
export function readConfigText(path: string, maxBytes = MAX_CONFIG_BYTES): string {
  try {
    return readTextFileSync(path, { maxBytes });
  } catch (e) {
    if (e instanceof FileInputError && e.problem.reason === 'not-text')
      throw new InputError(`${path}: binary data, not a text configuration file`);
    throw e;
  }
}

export interface Entry {
  key: string;
  value: string;
  line: number;
  raw: string;
  section?: string;
}

/**
 * Line-oriented `key value` / `key = value` files (sshd_config, redis.conf, postgresql.conf,
 * bitcoin.conf, my.cnf, local.ini). `[section]` headers are recorded when `sections` is set.
 */
export function parseEntries(
  text: string,
  opts: { separator: 'space' | 'equals' | 'either'; comment?: RegExp; sections?: boolean },
): Entry[] {
  const comment = opts.comment ?? /^\s*[#;]/;
  const entries: Entry[] = [];
  let section: string | undefined;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    const trimmed = raw.trim();
    if (!trimmed || comment.test(raw)) continue;
    if (opts.sections) {
      const sec = /^\[([^\]]*)\]/.exec(trimmed);
      if (sec) {
        section = sec[1].trim();
        continue;
      }
    }
    let key: string;
    let value: string;
    const eq = trimmed.indexOf('=');
    const sp = trimmed.search(/\s/);
    const useEquals =
      opts.separator === 'equals' ||
      (opts.separator === 'either' && eq > 0 && (sp < 0 || eq < sp || /^\s*=/.test(trimmed.slice(sp))));
    if (useEquals) {
      if (eq < 0) {
        key = trimmed;
        value = '';
      } else {
        key = trimmed.slice(0, eq).trim();
        value = trimmed.slice(eq + 1).trim();
      }
    } else if (sp < 0) {
      key = trimmed;
      value = '';
    } else {
      key = trimmed.slice(0, sp);
      value = trimmed.slice(sp).trim();
    }
    entries.push({ key, value, line: i + 1, raw: trimmed, section });
  }
  return entries;
}

/** Drops a trailing `# comment` and surrounding quotes from a value. */
export function cleanValue(v: string): string {
  let s = v;
  const hash = s.search(/\s#/);
  if (hash >= 0) s = s.slice(0, hash);
  s = s.trim();
  if ((s.startsWith("'") && s.endsWith("'")) || (s.startsWith('"') && s.endsWith('"'))) s = s.slice(1, -1);
  return s;
}

/** Whether an address string means every interface. */
export function isAllInterfaces(addr: string): boolean {
  const a = addr
    .trim()
    .replace(/^\[|\]$/g, '')
    .toLowerCase();
  return a === '0.0.0.0' || a === '*' || a === '::' || a === '' || a === '0.0.0.0/0' || a === '::/0' || a === '0/0';
}

export function isLoopback(addr: string): boolean {
  const a = addr
    .trim()
    .replace(/^\[|\]$/g, '')
    .replace(/^-/, '')
    .toLowerCase();
  return a === 'localhost' || a.startsWith('127.') || a === '::1' || a === '0:0:0:0:0:0:0:1';
}

/** Builds a finding; keeps rule code short. */
export function finding(
  rule: string,
  status: RuleStatus,
  severity: Severity,
  message: string,
  fix: string,
  at?: { setting?: string; line?: number; file?: string; key?: string },
): ConfigFinding {
  return { rule, status, severity, message, fix, ...(at ?? {}) };
}

/** Ports whose exposure matters, by role; sources: each project's documented defaults. */
export const RPC_PORTS: Record<number, string> = {
  8545: 'Ethereum JSON-RPC (HTTP)',
  8546: 'Ethereum JSON-RPC (WebSocket)',
  8551: 'Ethereum engine API (authrpc)',
  8332: 'Bitcoin Core RPC',
  18332: 'Bitcoin Core testnet RPC',
  18443: 'Bitcoin Core regtest RPC',
  9332: 'Litecoin RPC',
  19332: 'Litecoin testnet RPC',
  19443: 'Litecoin regtest RPC',
  26657: 'CometBFT RPC',
  9650: 'Avalanche RPC',
  9933: 'Substrate RPC',
  9944: 'Substrate RPC (WebSocket)',
  9443: 'Fabric operations endpoint',
  8899: 'Solana RPC',
  2375: 'Docker API (plain)',
  6443: 'Kubernetes API',
  10250: 'kubelet API',
};
export const P2P_PORTS: Record<number, string> = {
  30303: 'Ethereum devp2p',
  8333: 'Bitcoin P2P',
  18333: 'Bitcoin testnet P2P',
  9333: 'Litecoin P2P',
  26656: 'CometBFT P2P',
  7050: 'Fabric orderer',
  7051: 'Fabric peer',
  30333: 'Substrate P2P',
};
export const DB_PORTS: Record<number, string> = {
  5432: 'PostgreSQL',
  3306: 'MySQL/MariaDB',
  6379: 'Redis',
  5984: 'CouchDB',
  27017: 'MongoDB',
  9200: 'Elasticsearch',
  11211: 'memcached',
  2379: 'etcd',
};
export const SSH_PORTS: Record<number, string> = { 22: 'SSH' };

export type PortRole = 'rpc' | 'p2p' | 'db' | 'ssh';
export function portRole(port: number): { role: PortRole; name: string } | undefined {
  if (RPC_PORTS[port]) return { role: 'rpc', name: RPC_PORTS[port] };
  if (DB_PORTS[port]) return { role: 'db', name: DB_PORTS[port] };
  if (SSH_PORTS[port]) return { role: 'ssh', name: SSH_PORTS[port] };
  if (P2P_PORTS[port]) return { role: 'p2p', name: P2P_PORTS[port] };
  return undefined;
}

/** Every sensitive port inside [from, to]; a range that covers everything is reported compactly. */
export function sensitivePortsIn(from: number, to: number): { port: number; role: PortRole; name: string }[] {
  const all = [RPC_PORTS, DB_PORTS, SSH_PORTS, P2P_PORTS].flatMap((m) => Object.keys(m).map(Number));
  return all
    .filter((p) => p >= from && p <= to)
    .sort((a, b) => a - b)
    .map((p) => ({ port: p, ...portRole(p)! }));
}

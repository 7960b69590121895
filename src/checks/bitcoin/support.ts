import { readFileSync, statSync } from 'node:fs';
import type { BitcoinNodeTarget } from '../../scope/schema.js';
import type { CheckContext } from '../types.js';

/** What the Bitcoin-family checks (Bitcoin Core and its forks: Litecoin Core, …) share beyond the node probes. */

export type BitcoinContext = CheckContext<BitcoinNodeTarget>;

const MAX_CONFIG_BYTES = 256 * 1024;

export function basicAuth(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

export interface NodeConfig {
  file: string;
  /** Values of each key as the node would read them for its chain: the top level plus the chain's section. */
  values: Map<string, string[]>;
}

const CHAIN_SECTIONS: Record<string, string> = {
  main: 'main',
  test: 'test',
  testnet: 'test',
  regtest: 'regtest',
  signet: 'signet',
};

/**
 * Reads a bitcoin.conf-style file (`key=value`, `#` comments, `[section]` headers). Settings in the
 * section of another chain are ignored, as the node itself ignores them.
 */
export function parseNodeConfig(text: string, chain?: string): Map<string, string[]> {
  const values = new Map<string, string[]>();
  let section = '';
  const topChain = (() => {
    for (const raw of text.split(/\r?\n/)) {
      const line = raw.replace(/#.*/, '').trim();
      if (/^\[/.test(line)) break;
      if (/^(regtest|testnet|signet)\s*=\s*1$/.test(line)) return line.split('=')[0].trim();
    }
    return undefined;
  })();
  const wanted = CHAIN_SECTIONS[chain ?? topChain ?? 'main'] ?? 'main';
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) continue;
    const header = /^\[([^\]]*)\]$/.exec(line);
    if (header) {
      section = header[1].trim();
      continue;
    }
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    let key = line.slice(0, eq).trim().replace(/^-/, '');
    const value = line.slice(eq + 1).trim();
    const dotted = /^(main|test|regtest|signet)\.(.+)$/.exec(key);
    let keySection = section;
    if (dotted) {
      keySection = dotted[1];
      key = dotted[2];
    }
    if (keySection && CHAIN_SECTIONS[keySection] !== wanted) continue;
    values.set(key, [...(values.get(key) ?? []), value]);
  }
  return values;
}

/** The node's configuration file named in the scope, if any; a missing or oversized file is reported, not thrown. */
export function readNodeConfig(ctx: BitcoinContext, chain?: string): { config?: NodeConfig; problem?: string } {
  const ref = ctx.target.configFile;
  if (!ref) return {};
  const file = ctx.path(ref);
  try {
    const size = statSync(file).size;
    if (size > MAX_CONFIG_BYTES)
      return {
        problem: `${ref}: ${size} bytes is larger than the ${MAX_CONFIG_BYTES}-byte limit for a node configuration`,
      };
    return { config: { file: ref, values: parseNodeConfig(readFileSync(file, 'utf8'), chain) } };
  } catch {
    return { problem: `${ref}: cannot read the node configuration` };
  }
}

export function lastValue(cfg: NodeConfig | undefined, key: string): string | undefined {
  const v = cfg?.values.get(key);
  return v?.[v.length - 1];
}

export interface BlockchainInfo {
  chain: string;
  blocks: number;
  headers: number;
  bestblockhash: string;
  mediantime: number;
  verificationprogress: number;
  initialblockdownload: boolean;
}

export interface NetworkInfo {
  version: number;
  subversion: string;
  protocolversion: number;
  localservicesnames?: string[];
  timeoffset: number;
  networkactive: boolean;
  connections: number;
  connections_in?: number;
  connections_out?: number;
  networks: { name: string; limited: boolean; reachable: boolean; proxy: string }[];
  relayfee: number;
  localaddresses: { address: string; port: number; score: number }[];
  warnings: string;
}

export interface PeerInfo {
  id: number;
  addr: string;
  inbound: boolean;
  connection_type?: string;
  transport_protocol_type?: string;
  lastsend: number;
  lastrecv: number;
  conntime: number;
  pingtime?: number;
  pingwait?: number;
  subver?: string;
  permissions?: string[];
  startingheight?: number;
  synced_blocks?: number;
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Narrows an answer to the fields a check reads; a hostile node's odd shapes fail here, not deeper. */
export function asBlockchainInfo(v: unknown): BlockchainInfo | undefined {
  if (
    !isObject(v) ||
    typeof v.chain !== 'string' ||
    typeof v.blocks !== 'number' ||
    typeof v.bestblockhash !== 'string'
  )
    return undefined;
  return v as unknown as BlockchainInfo;
}

export function asNetworkInfo(v: unknown): NetworkInfo | undefined {
  if (!isObject(v) || typeof v.subversion !== 'string' || typeof v.connections !== 'number') return undefined;
  return v as unknown as NetworkInfo;
}

export function asPeers(v: unknown): PeerInfo[] | undefined {
  if (!Array.isArray(v)) return undefined;
  return v
    .filter((p): p is PeerInfo => isObject(p) && typeof p.addr === 'string' && typeof p.inbound === 'boolean')
    .slice(0, 10_000);
}

/** Parsers for local host state: /proc/net sockets, passwd, sudoers, apt periodic settings. */

export interface ListeningSocket {
  protocol: 'tcp' | 'udp';
  address: string;
  port: number;
  process?: string;
  pid?: number;
}

/** A 32-bit word of /proc/net as the kernel prints it: host (little-endian) order. */
function wordBytes(hex: string): number[] {
  const n = parseInt(hex, 16);
  return [n & 255, (n >>> 8) & 255, (n >>> 16) & 255, (n >>> 24) & 255];
}

/** Formats a /proc/net address: 8 hex digits (IPv4) or 32 (IPv6, four words), IPv4-mapped shown as IPv4. */
export function procNetAddress(hex: string): string {
  if (hex.length === 8) return wordBytes(hex).join('.');
  const bytes = [0, 8, 16, 24].flatMap((i) => wordBytes(hex.slice(i, i + 8)));
  if (bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 255 && bytes[11] === 255)
    return bytes.slice(12).join('.');
  const groups = Array.from({ length: 8 }, (_, i) => ((bytes[2 * i] << 8) | bytes[2 * i + 1]).toString(16));
  let best = { at: -1, len: 0 };
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > best.len && j - i > 1) best = { at: i, len: j - i };
    i = j === i ? i + 1 : j;
  }
  if (best.at < 0) return groups.join(':');
  return `${groups.slice(0, best.at).join(':')}::${groups.slice(best.at + best.len).join(':')}`;
}

/**
 * Sockets waiting for peers in /proc/net/{tcp,tcp6,udp,udp6}: TCP in state 0A (LISTEN), UDP
 * bound to a port with no peer (state 07, remote address zero). Addresses are kernel-order hex.
 */
export function parseProcNet(text: string, protocol: 'tcp' | 'udp'): (ListeningSocket & { inode: string })[] {
  const out: (ListeningSocket & { inode: string })[] = [];
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 10) continue;
    const [addrHex, portHex] = f[1].split(':');
    const [remAddr, remPort] = f[2].split(':');
    const listening =
      protocol === 'tcp' ? f[3] === '0A' : f[3] === '07' && /^0+$/.test(remAddr) && /^0+$/.test(remPort);
    if (!listening || !/^([0-9A-Fa-f]{8}|[0-9A-Fa-f]{32})$/.test(addrHex)) continue;
    out.push({ protocol, address: procNetAddress(addrHex), port: parseInt(portHex, 16), inode: f[9] });
  }
  return out;
}

export interface PasswdEntry {
  name: string;
  uid: number;
  gid: number;
  shell: string;
  line: number;
}

export function parsePasswd(text: string): PasswdEntry[] {
  return text
    .split('\n')
    .map((l, i) => ({ f: l.split(':'), i }))
    .filter(({ f }) => f.length >= 7 && f[0] && !f[0].startsWith('#'))
    .map(({ f, i }) => ({ name: f[0], uid: Number(f[2]), gid: Number(f[3]), shell: f[6].trim(), line: i + 1 }));
}

export interface SudoRule {
  line: number;
  text: string;
}

/** Sudoers lines granting NOPASSWD (comments, Defaults and aliases excluded). */
export function sudoNopasswd(text: string): SudoRule[] {
  const out: SudoRule[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i].trim();
    if (!t || t.startsWith('#') || /^Defaults/.test(t)) continue;
    if (/\bNOPASSWD\s*:/.test(t)) out.push({ line: i + 1, text: t });
  }
  return out;
}

/** apt's periodic settings: `APT::Periodic::Unattended-Upgrade "1";` (later files override earlier ones). */
export function aptPeriodic(texts: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of texts) {
    for (const m of t.matchAll(/^\s*APT::Periodic::([\w-]+)\s+"([^"]*)"\s*;/gm)) out[m[1]] = m[2];
  }
  return out;
}

/** Blockchain node and validator daemons whose process should never run as root. */
export const NODE_PROCESS_NAMES = [
  'geth',
  'bitcoind',
  'litecoind',
  'dogecoind',
  'anvil',
  'besu',
  'nethermind',
  'Nethermind.Runner',
  'erigon',
  'reth',
  'lighthouse',
  'prysm',
  'beacon-chain',
  'validator',
  'teku',
  'nimbus_beacon_node',
  'lodestar',
  'peer',
  'orderer',
  'cometbft',
  'tendermint',
  'gaiad',
  'polkadot',
  'solana-validator',
  'agave-validator',
  'monerod',
  'bcoin',
  'ganache',
  'hardhat',
];

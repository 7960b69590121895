/** Parsers for local host state: ss output, /proc/net/tcp, passwd, sudoers, apt periodic settings. */

export interface ListeningSocket {
  address: string;
  port: number;
  process?: string;
  pid?: number;
}

/** `ss -tlnpH` lines: State Recv-Q Send-Q Local:Port Peer:Port [users:(("name",pid=N,fd=M))]. */
export function parseSsListening(text: string): ListeningSocket[] {
  const out: ListeningSocket[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 4 || f[0] !== 'LISTEN') continue;
    const local = f[3];
    const m = /^(.*):(\d+|\*)$/.exec(local);
    if (!m || m[2] === '*') continue;
    const proc = /users:\(\("([^"]*)",pid=(\d+)/.exec(line);
    out.push({
      address: m[1].replace(/^\[|\]$/g, '').replace(/%.*$/, ''),
      port: Number(m[2]),
      process: proc?.[1],
      pid: proc ? Number(proc[2]) : undefined,
    });
  }
  return out;
}

function hexToIpv4(hex: string): string {
  const n = parseInt(hex, 16);
  return [n & 255, (n >>> 8) & 255, (n >>> 16) & 255, (n >>> 24) & 255].join('.');
}

/** /proc/net/tcp and tcp6: state 0A is LISTEN; addresses are little-endian hex words. */
export function parseProcNetTcp(text: string, v6: boolean): (ListeningSocket & { inode: string })[] {
  const out: (ListeningSocket & { inode: string })[] = [];
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 10 || f[3] !== '0A') continue;
    const [addrHex, portHex] = f[1].split(':');
    let address: string;
    if (!v6) address = hexToIpv4(addrHex);
    else if (/^0+$/.test(addrHex)) address = '::';
    else if (addrHex === '00000000000000000000000001000000') address = '::1';
    else if (addrHex.startsWith('0000000000000000FFFF0000')) address = hexToIpv4(addrHex.slice(24));
    else address = addrHex.toLowerCase();
    out.push({ address, port: parseInt(portHex, 16), inode: f[9] });
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

import { lstatSync, readdirSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { defineCheck, type CheckResult } from '../types.js';
import { isLocal, listDir, readSmall, REMOTE_ONLY } from './local.js';

const KEY_NAME =
  /(_sk$|\.key$|\.pem$|^id_(rsa|dsa|ecdsa|ed25519)$|^ssh_host_.*_key$|^UTC--|^priv_validator_key\.json$|^node_key\.json$|^nodekey$|^jwtsecret$|^jwt\.hex$|^wallet\.dat$|\.wif$|keystore\.json$)/i;
const SECRET_SETTING =
  /^\s*(rpcpassword|requirepass|masterauth|password|passwd|secret|api[_-]?key|private[_-]?key)\s*[=:\s]/im;
const MAX_ENTRIES = 5_000;
const MAX_DEPTH = 6;

/** Places where node keys, SSH keys and TLS keys live by convention. */
function wellKnownRoots(): string[] {
  const homes = ['/root', ...listDir('/home').map((h) => `/home/${h}`)];
  return [
    '/etc/ssh',
    '/etc/ssl/private',
    '/etc/hyperledger',
    '/var/hyperledger',
    ...homes.flatMap((h) => [
      `${h}/.ssh`,
      `${h}/.ethereum/keystore`,
      `${h}/.ethereum/geth/nodekey`,
      `${h}/.bitcoin/wallet.dat`,
      `${h}/.bitcoin/wallets`,
      `${h}/.litecoin/wallet.dat`,
      `${h}/.cometbft/config`,
      `${h}/.tendermint/config`,
      `${h}/.lighthouse`,
    ]),
  ];
}

interface Seen {
  path: string;
  mode: number;
  key: boolean;
}

function walk(root: string, out: Seen[], budget: { left: number }, forceKey: boolean, depth = 0): void {
  if (budget.left <= 0 || depth > MAX_DEPTH) return;
  let st: Stats;
  try {
    st = lstatSync(root);
  } catch {
    return;
  }
  budget.left--;
  if (st.isSymbolicLink()) return;
  if (st.isFile()) {
    const name = root.split('/').pop() ?? '';
    out.push({ path: root, mode: st.mode & 0o777, key: forceKey || KEY_NAME.test(name) || /\/keystore\//.test(root) });
    return;
  }
  if (!st.isDirectory()) return;
  let entries: string[] = [];
  try {
    entries = readdirSync(root).sort();
  } catch {
    return;
  }
  for (const e of entries) {
    if (e === 'node_modules' || e === '.git') continue;
    walk(join(root, e), out, budget, forceKey, depth + 1);
  }
}

export default defineCheck(
  {
    id: 'host.file-permissions',
    title: 'Key and configuration files are not world-readable',
    description:
      'Checks the permission bits of key files in well-known places (SSH host and user keys, TLS private keys, Ethereum keystores, node keys, Fabric MSP keystores, validator keys, wallets) and of every path the scope names (config and secrets targets): world-readable keys, world-writable files, and world-readable configuration files that hold passwords.',
    targetKinds: ['host'],
    severity: 'critical',
    confidence: 'high',
    tags: ['host', 'keys', 'permissions', 'local'],
    remediation:
      'chmod 600 key files (700 their folders) and chown them to the service user; chmod 640 configuration files holding passwords, group = the service.',
    references: [],
    level: 'passive',
  },
  async (ctx) => {
    if (!isLocal(ctx.target)) return REMOTE_ONLY;
    const seen: Seen[] = [];
    const budget = { left: MAX_ENTRIES };
    for (const r of wellKnownRoots()) walk(r, seen, budget, false);
    for (const t of ctx.scope.targets) {
      if (t.kind === 'config' || t.kind === 'secrets') walk(ctx.path(t.path), seen, budget, false);
    }
    const results: CheckResult[] = [];
    const uniq = new Map(seen.map((s) => [s.path, s]));
    for (const s of uniq.values()) {
      const mode = `0${s.mode.toString(8).padStart(3, '0')}`;
      const evidence = [{ label: 'mode', value: `${mode} ${s.path}` }];
      if (s.mode & 0o002)
        results.push({
          status: 'fail',
          message: `${s.path} is world-writable (${mode})`,
          evidence,
          locations: [{ file: s.path }],
          key: `w:${s.path}`,
        });
      if (s.key && s.mode & 0o004)
        results.push({
          status: 'fail',
          message: `key file ${s.path} is readable by every local user (${mode})`,
          evidence,
          locations: [{ file: s.path }],
          key: `r:${s.path}`,
        });
      else if (
        !s.key &&
        s.mode & 0o004 &&
        !/\.pub$|\.crt$|known_hosts|authorized_keys/.test(s.path) &&
        SECRET_SETTING.test(readSmall(s.path, 256 * 1024) ?? '')
      )
        results.push({
          status: 'warn',
          severity: 'high',
          message: `${s.path} holds a password setting and is readable by every local user (${mode})`,
          evidence,
          locations: [{ file: s.path }],
          key: `c:${s.path}`,
        });
    }
    const keys = [...uniq.values()].filter((s) => s.key).length;
    if (!results.length)
      results.push({
        status: 'pass',
        message: `${uniq.size} file(s) checked (${keys} key files): none world-readable or world-writable where it matters`,
        key: 'summary',
      });
    if (budget.left <= 0)
      results.push({
        status: 'warn',
        severity: 'low',
        message: `stopped after ${MAX_ENTRIES} entries; some files were not checked`,
        key: 'truncated',
      });
    return results;
  },
);

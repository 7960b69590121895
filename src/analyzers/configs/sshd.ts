import { readdirSync } from 'node:fs';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { finding, parseEntries, readConfigText, type ConfigFinding, type ConfigReport, type Entry } from './common.js';

/** Algorithms OpenSSH itself deprecates or that rely on SHA-1, CBC, RC4, 3DES or 1024-bit groups. */
export const WEAK_SSH_ALGORITHMS = {
  ciphers: (a: string) => /-cbc$|^3des|arcfour|blowfish|cast128|^des/.test(a),
  kex: (a: string) => /sha1|group1-|^gss-/.test(a),
  macs: (a: string) => /md5|sha1|ripemd|-96|umac-64/.test(a),
  hostKeys: (a: string) => a === 'ssh-rsa' || a.startsWith('ssh-dss') || a === 'ssh-rsa-cert-v01@openssh.com',
};

/** OpenSSH 9.x defaults for the settings judged here, used when a file leaves them out. */
const DEFAULTS: Record<string, string> = {
  permitrootlogin: 'prohibit-password',
  passwordauthentication: 'yes',
  kbdinteractiveauthentication: 'yes',
  pubkeyauthentication: 'yes',
  permitemptypasswords: 'no',
  port: '22',
  maxauthtries: '6',
  clientaliveinterval: '0',
  clientalivecountmax: '3',
  loglevel: 'INFO',
  x11forwarding: 'no',
};

const MAX_INCLUDED_FILES = 32;

interface Setting {
  value: string;
  line?: number;
  file?: string;
  raw: string;
  /** True when nothing set it and the OpenSSH default applies. */
  isDefault: boolean;
}

function expandInclude(pattern: string, baseDir: string): string[] {
  const p = isAbsolute(pattern) ? pattern : join(baseDir, pattern);
  if (!p.includes('*')) return [p];
  const dir = dirname(p);
  const re = new RegExp(
    `^${basename(p)
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
  try {
    return readdirSync(dir)
      .filter((f) => re.test(f))
      .sort()
      .map((f) => join(dir, f));
  } catch {
    return [];
  }
}

/**
 * Global settings in sshd's order: the first value obtained wins, `Include` is read in place,
 * and everything after the first `Match` is conditional and left out of the global view.
 */
function collect(
  text: string,
  file: string | undefined,
  settings: Map<string, Setting>,
  matchBlocks: Entry[],
  budget: { files: number },
): boolean {
  const entries = parseEntries(text, { separator: 'either' });
  for (const e of entries) {
    const key = e.key.toLowerCase();
    if (key === 'match') {
      matchBlocks.push(e);
      return true;
    }
    if (key === 'include' && file) {
      for (const pattern of e.value.split(/\s+/)) {
        for (const inc of expandInclude(pattern, '/etc/ssh')) {
          if (budget.files-- <= 0) return false;
          let incText: string;
          try {
            incText = readConfigText(inc);
          } catch {
            continue;
          }
          if (collect(incText, inc, settings, matchBlocks, budget)) return true;
        }
      }
      continue;
    }
    const value = e.value.replace(/^=\s*/, '').replace(/^"(.*)"$/, '$1');
    if (key === 'port' || key === 'listenaddress') {
      const prev = settings.get(key);
      if (prev && !prev.isDefault && prev.file === file) {
        prev.value += ` ${value}`;
        continue;
      }
    }
    if (!settings.has(key)) settings.set(key, { value, line: e.line, file, raw: e.raw, isDefault: false });
  }
  return false;
}

function algorithmList(value: string, kind: keyof typeof WEAK_SSH_ALGORITHMS): string[] {
  if (value.startsWith('-')) return [];
  return value
    .replace(/^[+^]/, '')
    .split(',')
    .map((a) => a.trim().toLowerCase())
    .filter((a) => a && WEAK_SSH_ALGORITHMS[kind](a));
}

/**
 * Audits an sshd_config file or the output of `sshd -T` (the effective configuration of the
 * running daemon, all keys lower-case, defaults filled in).
 */
export function auditSshd(text: string, opts: { file?: string; followIncludes?: boolean } = {}): ConfigReport {
  const settings = new Map<string, Setting>();
  const matchBlocks: Entry[] = [];
  collect(text, opts.followIncludes === false ? undefined : (opts.file ?? undefined), settings, matchBlocks, {
    files: MAX_INCLUDED_FILES,
  });
  const get = (k: string): Setting =>
    settings.get(k) ?? {
      value: DEFAULTS[k] ?? '',
      raw: `${k} ${DEFAULTS[k] ?? ''} (OpenSSH default)`,
      isDefault: true,
    };
  const at = (s: Setting, key?: string) => ({
    setting: s.raw,
    line: s.line,
    file: s.file && s.file !== opts.file ? s.file : undefined,
    key,
  });
  const out: ConfigFinding[] = [];

  const root = get('permitrootlogin');
  const rootVal = root.value.toLowerCase();
  if (rootVal === 'yes')
    out.push(
      finding(
        'sshd.root-login',
        'fail',
        'high',
        'root may log in over SSH with a password',
        'Set `PermitRootLogin no` and administer through a named account with sudo.',
        at(root),
      ),
    );
  else if (rootVal === 'no')
    out.push(finding('sshd.root-login', 'pass', 'info', 'root login over SSH is disabled', '', at(root)));
  else
    out.push(
      finding(
        'sshd.root-login',
        'warn',
        'medium',
        `root may still log in with a key (PermitRootLogin ${root.value})`,
        'Set `PermitRootLogin no`; keys of personal accounts leave a trail of who logged in.',
        at(root),
      ),
    );

  const pw = get('passwordauthentication');
  const kbd =
    settings.get('kbdinteractiveauthentication') ??
    settings.get('challengeresponseauthentication') ??
    get('kbdinteractiveauthentication');
  const pubkey = get('pubkeyauthentication');
  const passwordOn = pw.value.toLowerCase() === 'yes';
  const kbdOn = kbd.value.toLowerCase() === 'yes' && get('usepam').value.toLowerCase() === 'yes';
  if (pubkey.value.toLowerCase() === 'no')
    out.push(
      finding(
        'sshd.key-only',
        'fail',
        'high',
        'public-key authentication is disabled',
        'Set `PubkeyAuthentication yes` and `PasswordAuthentication no`.',
        at(pubkey),
      ),
    );
  else if (passwordOn)
    out.push(
      finding(
        'sshd.key-only',
        'fail',
        'high',
        'password logins are accepted, so SSH can be brute-forced',
        'Set `PasswordAuthentication no` (and `KbdInteractiveAuthentication no`) once every administrator has a key.',
        at(pw),
      ),
    );
  else if (kbdOn)
    out.push(
      finding(
        'sshd.key-only',
        'fail',
        'high',
        'keyboard-interactive logins through PAM still accept passwords',
        'Set `KbdInteractiveAuthentication no`.',
        at(kbd),
      ),
    );
  else out.push(finding('sshd.key-only', 'pass', 'info', 'only key-based logins are accepted', '', at(pw)));

  const empty = get('permitemptypasswords');
  if (empty.value.toLowerCase() === 'yes')
    out.push(
      finding(
        'sshd.empty-passwords',
        'fail',
        'critical',
        'accounts without a password may log in',
        'Set `PermitEmptyPasswords no`.',
        at(empty),
      ),
    );

  const port = get('port');
  const ports = port.value.split(/\s+/).filter(Boolean);
  if (ports.includes('22'))
    out.push(
      finding(
        'sshd.port',
        'warn',
        'low',
        'SSH listens on the default port 22, the first one scanners try',
        'Move SSH to a non-default port (and allow only that port in the firewall); it cuts scan noise, it is no substitute for keys.',
        at(port),
      ),
    );
  else out.push(finding('sshd.port', 'pass', 'info', `SSH listens on port ${ports.join(', ')}`, '', at(port)));

  const algos: [string, keyof typeof WEAK_SSH_ALGORITHMS, string][] = [
    [
      'ciphers',
      'ciphers',
      'Ciphers chacha20-poly1305@openssh.com,aes256-gcm@openssh.com,aes128-gcm@openssh.com,aes256-ctr,aes128-ctr',
    ],
    [
      'kexalgorithms',
      'kex',
      'KexAlgorithms sntrup761x25519-sha512@openssh.com,curve25519-sha256,curve25519-sha256@libssh.org,diffie-hellman-group16-sha512,diffie-hellman-group18-sha512',
    ],
    ['macs', 'macs', 'MACs hmac-sha2-256-etm@openssh.com,hmac-sha2-512-etm@openssh.com,umac-128-etm@openssh.com'],
    ['hostkeyalgorithms', 'hostKeys', 'HostKeyAlgorithms ssh-ed25519,rsa-sha2-512,rsa-sha2-256,ecdsa-sha2-nistp256'],
  ];
  for (const [key, kind, fix] of algos) {
    const s = settings.get(key);
    if (!s) continue;
    const weak = algorithmList(s.value, kind);
    if (weak.length)
      out.push(
        finding(
          'sshd.weak-algorithms',
          'fail',
          'medium',
          `weak ${key} allowed: ${weak.join(', ')}`,
          `Remove them, e.g. \`${fix}\`.`,
          at(s, key),
        ),
      );
    else out.push(finding('sshd.weak-algorithms', 'pass', 'info', `${key} lists no weak algorithm`, '', at(s, key)));
  }

  const tries = get('maxauthtries');
  const n = Number(tries.value);
  if (Number.isFinite(n) && n > 4)
    out.push(
      finding(
        'sshd.max-auth-tries',
        'warn',
        'low',
        `MaxAuthTries ${n} allows many guesses per connection`,
        'Set `MaxAuthTries 3` and pair it with fail2ban or a similar lockout.',
        at(tries),
      ),
    );
  else out.push(finding('sshd.max-auth-tries', 'pass', 'info', `MaxAuthTries ${tries.value}`, '', at(tries)));

  const interval = get('clientaliveinterval');
  const count = get('clientalivecountmax');
  const iv = Number(interval.value);
  const idle = iv * Math.max(1, Number(count.value) || 0);
  if (!iv)
    out.push(
      finding(
        'sshd.idle-timeout',
        'warn',
        'low',
        'idle SSH sessions are never closed (ClientAliveInterval 0)',
        'Set `ClientAliveInterval 300` and `ClientAliveCountMax 2` (or a shell TMOUT) to end abandoned sessions.',
        at(interval),
      ),
    );
  else if (idle > 1800)
    out.push(
      finding(
        'sshd.idle-timeout',
        'warn',
        'low',
        `idle sessions stay open ${idle} s`,
        'Keep ClientAliveInterval × ClientAliveCountMax at or below 900 s.',
        at(interval),
      ),
    );
  else
    out.push(finding('sshd.idle-timeout', 'pass', 'info', `idle sessions end after about ${idle} s`, '', at(interval)));

  const allow = ['allowusers', 'allowgroups'].map((k) => settings.get(k)).find(Boolean);
  if (allow) out.push(finding('sshd.allow-list', 'pass', 'info', `logins restricted: ${allow.raw}`, '', at(allow)));
  else
    out.push(
      finding(
        'sshd.allow-list',
        'warn',
        'low',
        'no AllowUsers / AllowGroups: every system account with a credential may log in',
        'List the administrators: `AllowGroups sshusers` (or AllowUsers).',
        {},
      ),
    );

  const log = get('loglevel');
  if (/^(quiet|silent|fatal|error)$/i.test(log.value))
    out.push(
      finding(
        'sshd.log-level',
        'fail',
        'medium',
        `LogLevel ${log.value} drops login records`,
        'Set `LogLevel VERBOSE` so each login records the key fingerprint used.',
        at(log),
      ),
    );
  else out.push(finding('sshd.log-level', 'pass', 'info', `LogLevel ${log.value}`, '', at(log)));

  for (const m of matchBlocks)
    out.push(
      finding(
        'sshd.match-override',
        'warn',
        'low',
        `settings after \`${m.raw}\` apply conditionally and may re-enable what the global section disables`,
        'Review each Match block with `sshd -T -C user=…,host=…,addr=…`.',
        { setting: m.raw, line: m.line, key: `match:${m.line}` },
      ),
    );
  return { format: 'sshd', findings: out };
}

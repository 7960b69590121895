import { readdirSync } from 'node:fs';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { finding, parseEntries, readConfigText, type ConfigFinding, type ConfigReport } from './common.js';

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

/** A `Match` block: its criteria and the settings it overrides for connections that satisfy them. */
export interface MatchBlock {
  criteria: string;
  raw: string;
  line?: number;
  file?: string;
  settings: Map<string, Setting>;
}

/**
 * Settings in sshd's order: the first value obtained wins, `Include` is read in place, and lines
 * after a `Match` belong to that block until the next `Match`.
 */
function collect(
  text: string,
  file: string | undefined,
  settings: Map<string, Setting>,
  blocks: MatchBlock[],
  budget: { files: number },
): void {
  for (const e of parseEntries(text, { separator: 'either' })) {
    const key = e.key.toLowerCase();
    const value = e.value.replace(/^=\s*/, '').replace(/^"(.*)"$/, '$1');
    if (key === 'match') {
      blocks.push({ criteria: value, raw: e.raw.trim(), line: e.line, file, settings: new Map() });
      continue;
    }
    if (key === 'include' && file) {
      for (const pattern of e.value.split(/\s+/)) {
        for (const inc of expandInclude(pattern, '/etc/ssh')) {
          if (budget.files-- <= 0) return;
          let incText: string;
          try {
            incText = readConfigText(inc);
          } catch {
            continue;
          }
          collect(incText, inc, settings, blocks, budget);
        }
      }
      continue;
    }
    const target = blocks.at(-1)?.settings ?? settings;
    if (target === settings && (key === 'port' || key === 'listenaddress')) {
      const prev = settings.get(key);
      if (prev && !prev.isDefault && prev.file === file) {
        prev.value += ` ${value}`;
        continue;
      }
    }
    if (!target.has(key)) target.set(key, { value, line: e.line, file, raw: e.raw, isDefault: false });
  }
}

const ANY_PATTERN = /^(\*|0\.0\.0\.0\/0|::\/0)$/;

/** What a Match line limits: the source (address, host, local address/port) and the users it applies to. */
export function matchReach(criteria: string): { everySource: boolean; users?: string[]; groups?: string[] } {
  const words = criteria.trim().split(/\s+/);
  let everySource = true;
  let users: string[] | undefined;
  let groups: string[] | undefined;
  for (let i = 0; i < words.length; i++) {
    const kind = words[i].toLowerCase();
    if (kind === 'all') continue;
    const patterns = (words[++i] ?? '').split(',').filter(Boolean);
    const positive = patterns.filter((p) => !p.startsWith('!'));
    if (kind === 'user') users = positive;
    else if (kind === 'group') groups = positive;
    else if (!positive.some((p) => ANY_PATTERN.test(p))) everySource = false;
  }
  return { everySource, users, groups };
}

function wildcardMatch(pattern: string, name: string): boolean {
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
  return re.test(name);
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
/** The Match blocks of an sshd_config file and the files it includes. */
export function sshdMatchBlocks(text: string, file: string): MatchBlock[] {
  const blocks: MatchBlock[] = [];
  collect(text, file, new Map(), blocks, { files: MAX_INCLUDED_FILES });
  return blocks;
}

export function auditSshd(text: string, opts: { file?: string; followIncludes?: boolean } = {}): ConfigReport {
  const settings = new Map<string, Setting>();
  const blocks: MatchBlock[] = [];
  collect(text, opts.followIncludes === false ? undefined : (opts.file ?? undefined), settings, blocks, {
    files: MAX_INCLUDED_FILES,
  });
  const out = judge(settings, opts.file);
  for (const block of blocks) out.push(...judgeMatchBlock(block, settings, out, opts.file));
  return { format: 'sshd', findings: out };
}

const RANK: Record<string, number> = { pass: 0, warn: 1, fail: 2, error: 2 };

/**
 * Judges the settings a Match block gives the connections it matches (the block overrides the
 * global value, sshd_config(5)) and reports every rule that comes out worse than globally: as
 * enabled (the same verdict) when the block matches connections from every address, as a warning
 * naming the block when it only matches some sources.
 */
function judgeMatchBlock(
  block: MatchBlock,
  global: Map<string, Setting>,
  globalFindings: ConfigFinding[],
  file: string | undefined,
): ConfigFinding[] {
  const merged = new Map(global);
  for (const [k, v] of block.settings) merged.set(k, v);
  return worseUnderMatch(block, judge(merged, file), globalFindings, file);
}

/**
 * Compares the findings for the connections a Match block matches (from the file, or from
 * `sshd -T -C` with a connection that satisfies the block) with the global ones.
 */
export function worseUnderMatch(
  block: Pick<MatchBlock, 'criteria' | 'raw' | 'line' | 'file'>,
  underBlock: ConfigFinding[],
  globalFindings: ConfigFinding[],
  file?: string,
): ConfigFinding[] {
  const reach = matchReach(block.criteria);
  const rootExcluded = reach.users !== undefined && !reach.users.some((u) => wildcardMatch(u, 'root'));
  const where = `\`${block.raw}\`${block.line ? ` (line ${block.line})` : ''}`;
  const worse = underBlock.filter((f) => {
    if (f.rule === 'sshd.root-login' && rootExcluded) return false;
    if (f.rule === 'sshd.match-override') return false;
    const before = globalFindings.find((g) => g.rule === f.rule && g.key === f.key);
    return RANK[f.status] > RANK[before?.status ?? 'pass'];
  });
  const out: ConfigFinding[] = worse.map((f) => ({
    ...f,
    status: reach.everySource ? f.status : 'warn',
    severity: reach.everySource
      ? f.severity
      : f.severity === 'critical'
        ? 'high'
        : f.severity === 'high'
          ? 'medium'
          : 'low',
    message: `from ${reach.everySource ? 'every address' : 'some addresses'}${reach.users ? ` for user ${reach.users.join(', ')}` : ''}${reach.groups ? ` for group ${reach.groups.join(', ')}` : ''}, under ${where}: ${f.message}`,
    key: `match:${block.file ?? ''}:${block.line ?? ''}${f.key ? `:${f.key}` : ''}`,
  }));
  out.push(
    worse.length
      ? finding(
          'sshd.match-override',
          reach.everySource ? 'fail' : 'warn',
          'medium',
          `${where} re-enables for ${reach.everySource ? 'connections from every address' : 'the connections it matches'} what the global section judges better: ${[...new Set(worse.map((f) => f.rule))].join(', ')}`,
          'Remove the setting from the Match block, or narrow the block to the management network; check the result with `sshd -T -C user=…,host=…,addr=…`.',
          {
            setting: block.raw,
            line: block.line,
            file: block.file && block.file !== file ? block.file : undefined,
            key: `match:${block.file ?? ''}:${block.line ?? ''}`,
          },
        )
      : finding(
          'sshd.match-override',
          'pass',
          'info',
          `${where} makes no rule judged here worse for the connections it matches`,
          '',
          {
            setting: block.raw,
            line: block.line,
            file: block.file && block.file !== file ? block.file : undefined,
            key: `match:${block.file ?? ''}:${block.line ?? ''}`,
          },
        ),
  );
  return out;
}

/** Every rule over one set of settings (the global ones, or those a Match block gives its connections). */
function judge(settings: Map<string, Setting>, file: string | undefined): ConfigFinding[] {
  const get = (k: string): Setting =>
    settings.get(k) ?? {
      value: DEFAULTS[k] ?? '',
      raw: `${k} ${DEFAULTS[k] ?? ''} (OpenSSH default)`,
      isDefault: true,
    };
  const at = (s: Setting, key?: string) => ({
    setting: s.raw,
    line: s.line,
    file: s.file && s.file !== file ? s.file : undefined,
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

  const x11 = get('x11forwarding');
  if (x11.value.toLowerCase() === 'yes')
    out.push(
      finding(
        'sshd.x11-forwarding',
        'fail',
        'medium',
        'X11 forwarding is on: a compromised server session can reach the X display of every administrator who forwards it (keystrokes, screen)',
        'Set `X11Forwarding no`; forward X only from hosts that need it, in a Match block for those users.',
        at(x11),
      ),
    );
  else out.push(finding('sshd.x11-forwarding', 'pass', 'info', 'X11 forwarding is off', '', at(x11)));
  return out;
}

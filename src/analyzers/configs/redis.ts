import { finding, isAllInterfaces, isLoopback, parseEntries, type ConfigFinding, type ConfigReport } from './common.js';
import { maskSecret } from '../../mask.js';

export interface RedisSetting {
  value: string;
  line?: number;
  raw: string;
}

/** redis.conf: `directive args…`; repeated directives (bind, rename-command, user) accumulate. */
export function parseRedisConf(text: string): Map<string, RedisSetting[]> {
  const m = new Map<string, RedisSetting[]>();
  for (const e of parseEntries(text, { separator: 'space' })) {
    const k = e.key.toLowerCase();
    m.set(k, [...(m.get(k) ?? []), { value: e.value, line: e.line, raw: e.raw }]);
  }
  return m;
}

/** The pairs a `CONFIG GET *` reply carries, as the same map (no lines: it is the running server). */
export function redisSettingsFromPairs(pairs: [string, string][]): Map<string, RedisSetting[]> {
  const m = new Map<string, RedisSetting[]>();
  for (const [k, v] of pairs)
    m.set(k.toLowerCase(), [
      { value: v, raw: `${k} ${k === 'requirepass' || k === 'masterauth' ? (v ? maskSecret(v) : '""') : v}` },
    ]);
  return m;
}

/** Commands no application needs and every attacker wants, available unless renamed away or denied by ACL. */
const DANGEROUS_COMMANDS = ['FLUSHALL', 'FLUSHDB', 'CONFIG', 'KEYS', 'SHUTDOWN'];
/**
 * Commands Redis 7.0+ refuses unless the configuration opts in (`enable-debug-command` and
 * `enable-module-command`, both `no` by default; `local` allows loopback clients only).
 * Older servers have no such switch and run them for any authenticated client.
 */
const OPT_IN_COMMANDS: Record<string, string> = { DEBUG: 'enable-debug-command', MODULE: 'enable-module-command' };

function unquote(v: string): string {
  return v.replace(/^"(.*)"$/, '$1').replace(/^'(.*)'$/, '$1');
}

/** One ACL user as Redis would hold it after applying its rules left to right. */
export interface AclUser {
  name: string;
  enabled: boolean;
  /** Any password is accepted (or, for the default user, none is asked). */
  nopass: boolean;
  passwords: number;
  /** +@all / allcommands left in force. */
  allCommands: boolean;
  /** The rule as written, for evidence. */
  rule: string;
  line?: number;
  file?: string;
}

/**
 * Applies an ACL rule (`user alice on nopass ~* +@all`, as in redis.conf, an aclfile or ACL LIST)
 * to a freshly reset user, as Redis does for every configured user. Selectors in parentheses
 * apply to keys, not to who may log in, and are skipped.
 */
export function parseAclUser(rule: string): AclUser | undefined {
  const tokens = rule
    .replace(/\([^)]*\)/g, ' ')
    .trim()
    .split(/\s+/);
  if (tokens[0]?.toLowerCase() !== 'user' || !tokens[1]) return undefined;
  const u: AclUser = { name: tokens[1], enabled: false, nopass: false, passwords: 0, allCommands: false, rule };
  for (const raw of tokens.slice(2)) {
    const t = raw.toLowerCase();
    if (t === 'on') u.enabled = true;
    else if (t === 'off') u.enabled = false;
    else if (t === 'nopass') {
      u.nopass = true;
      u.passwords = 0;
    } else if (t === 'resetpass') {
      u.nopass = false;
      u.passwords = 0;
    } else if (t === 'reset') Object.assign(u, { enabled: false, nopass: false, passwords: 0, allCommands: false });
    else if (t.startsWith('>') || t.startsWith('#')) {
      u.passwords++;
      u.nopass = false;
    } else if (t.startsWith('<') || t.startsWith('!')) u.passwords = Math.max(0, u.passwords - 1);
    else if (t === '+@all' || t === 'allcommands') u.allCommands = true;
    else if (t === '-@all' || t === 'nocommands') u.allCommands = false;
  }
  return u;
}

export interface RedisAuditOptions {
  /** Settings come from a running server (CONFIG GET *): rename-command is not visible there. */
  live?: boolean;
  /** `ACL LIST` lines of a running server; they replace the users of the configuration. */
  aclUsers?: string[];
  /** Reads the file named by `aclfile`; throws when it cannot. */
  readAclFile?: (path: string) => string;
  /** The configuration is for Redis 7.0 or later (see `writtenForRedis7`). */
  redis7?: boolean;
}

/**
 * A redis.conf that names a 7.0-only directive, even in a comment as the shipped template does
 * (`# enable-module-command no`), is written for Redis 7.0 or later.
 */
export function writtenForRedis7(text: string): boolean {
  return /^[ \t]*#?[ \t]*enable-(module|debug)-command\b/m.test(text);
}

/** The users a configuration defines: ACL LIST, else the aclfile, else `user` directives; requirepass sets the default user's password when no rule names it. */
function aclUsers(
  settings: Map<string, RedisSetting[]>,
  opts: RedisAuditOptions,
): { users: AclUser[]; source: string; problem?: string } {
  const fromLines = (lines: { text: string; line?: number; file?: string }[]) =>
    lines.flatMap((l) => {
      const u = parseAclUser(l.text);
      return u ? [{ ...u, line: l.line, file: l.file }] : [];
    });
  if (opts.aclUsers) return { users: fromLines(opts.aclUsers.map((text) => ({ text }))), source: 'ACL LIST' };
  const path = unquote(settings.get('aclfile')?.at(-1)?.value ?? '');
  if (path && !opts.live) {
    if (!opts.readAclFile) return { users: [], source: path, problem: `aclfile ${path} is not readable from here` };
    let text: string;
    try {
      text = opts.readAclFile(path);
    } catch (e) {
      return {
        users: [],
        source: path,
        problem: `aclfile ${path} cannot be read (${e instanceof Error ? e.message : String(e)})`,
      };
    }
    return {
      users: fromLines(text.split(/\r?\n/).map((t, i) => ({ text: t.trim(), line: i + 1, file: path }))),
      source: path,
    };
  }
  return {
    users: fromLines((settings.get('user') ?? []).map((u) => ({ text: `user ${u.value}`, line: u.line }))),
    source: 'user directives',
  };
}

/**
 * Judges a Redis configuration: a file (`user` directives, the aclfile it names) or a running
 * server (CONFIG GET *, ACL LIST).
 */
export function auditRedis(settings: Map<string, RedisSetting[]>, opts: RedisAuditOptions = {}): ConfigReport {
  const out: ConfigFinding[] = [];
  const one = (k: string) => settings.get(k)?.[settings.get(k)!.length - 1];
  const at = (s: RedisSetting | undefined, key?: string) =>
    s
      ? {
          setting: s.raw.replace(/^(requirepass\s+).+$/i, (_m, p) => `${p}${maskSecret(unquote(s.value))}`),
          line: s.line,
          key,
        }
      : { key };
  const pass = one('requirepass');
  const password = pass ? unquote(pass.value) : '';
  const { users, source, problem } = aclUsers(settings, opts);
  const defaultUser = users.find((u) => u.name === 'default');
  const defaultOpen = !problem && (defaultUser ? defaultUser.enabled && defaultUser.nopass : !password);
  const openUsers = users.filter((u) => u.name !== 'default' && u.enabled && u.nopass);
  const shown = (u: AclUser) => ({
    setting: u.rule.replace(/([>#])\S+/g, '$1****'),
    line: u.line,
    file: u.file,
    key: `user:${u.name}`,
  });
  if (problem)
    out.push(
      finding(
        'redis.auth',
        'error',
        'critical',
        `${problem}: the users defined there, and whether any of them needs no password, are unknown`,
        'Make the aclfile readable to the audit (or audit it where it lives).',
        { setting: `aclfile ${source}` },
      ),
    );
  if (defaultOpen)
    out.push(
      finding(
        'redis.auth',
        'fail',
        'critical',
        'the default user needs no password: anyone who reaches the port can read, write and reconfigure the cache',
        'Set `requirepass` to a long random secret, or `user default off` plus named ACL users.',
        defaultUser ? shown(defaultUser) : at(pass ?? settings.get('user')?.[0]),
      ),
    );
  for (const u of openUsers)
    out.push(
      finding(
        'redis.auth',
        'fail',
        u.allCommands ? 'critical' : 'high',
        `ACL user "${u.name}" is enabled with nopass${u.allCommands ? ' and +@all' : ''}: anyone who sends \`AUTH ${u.name} <anything>\` is let in${u.allCommands ? ' with every command' : ''}`,
        `Give "${u.name}" a long random password (\`user ${u.name} resetpass >…\`) or switch it off.`,
        shown(u),
      ),
    );
  if (!problem && !defaultOpen && openUsers.length === 0)
    out.push(
      finding(
        'redis.auth',
        'pass',
        'info',
        users.length
          ? `clients must authenticate: no enabled user of ${source} (${users.map((u) => u.name).join(', ')}) accepts a login without a password`
          : 'clients must authenticate',
        '',
        defaultUser ? shown(defaultUser) : at(pass),
      ),
    );
  if (password && password.length < 16)
    out.push(
      finding(
        'redis.password-strength',
        'fail',
        'high',
        `requirepass is only ${password.length} characters; Redis answers AUTH fast enough for millions of guesses per minute`,
        'Use at least 32 random characters (`openssl rand -base64 32`).',
        at(pass),
      ),
    );
  else if (password)
    out.push(
      finding('redis.password-strength', 'pass', 'info', `requirepass is ${password.length} characters`, '', at(pass)),
    );

  const bind = one('bind');
  const addrs = bind ? bind.value.split(/\s+/).map(unquote) : [];
  const exposed = !bind || addrs.some((a) => isAllInterfaces(a) || a === '*' || a === '-::*' || a === '::*');
  const onlyLoopback = addrs.length > 0 && addrs.every((a) => isLoopback(a));
  if (exposed)
    out.push(
      finding(
        'redis.bind',
        'fail',
        'high',
        bind ? `Redis listens on every interface (${bind.raw})` : 'no bind directive: Redis listens on every interface',
        'Bind to loopback or a private address: `bind 127.0.0.1 -::1`.',
        bind ? at(bind) : { setting: 'bind * -::* (Redis default)' },
      ),
    );
  else if (onlyLoopback)
    out.push(finding('redis.bind', 'pass', 'info', `Redis listens on loopback only (${bind!.raw})`, '', at(bind)));
  else out.push(finding('redis.bind', 'pass', 'info', `Redis listens on ${addrs.join(' ')}`, '', at(bind)));

  const pm = one('protected-mode');
  if (pm && pm.value.toLowerCase() === 'no' && defaultOpen)
    out.push(
      finding(
        'redis.protected-mode',
        'fail',
        'critical',
        'protected mode is off and there is no password: remote clients get full access',
        'Set `protected-mode yes` and a password.',
        at(pm),
      ),
    );
  else if (pm && pm.value.toLowerCase() === 'no')
    out.push(
      finding(
        'redis.protected-mode',
        'warn',
        'low',
        'protected mode is off (a password is set)',
        'Keep `protected-mode yes` as a second line of defence.',
        at(pm),
      ),
    );
  else
    out.push(
      finding(
        'redis.protected-mode',
        'pass',
        'info',
        'protected mode is on',
        '',
        pm ? at(pm) : { setting: 'protected-mode yes (default)' },
      ),
    );

  if (!opts.live) {
    const renamed = new Set(
      (settings.get('rename-command') ?? []).map((r) => unquote(r.value.split(/\s+/)[0] ?? '').toUpperCase()),
    );
    const aclRestricted = users.some((u) => /-@dangerous|-flushall|-config/i.test(u.rule));
    const available = DANGEROUS_COMMANDS.filter((c) => !renamed.has(c));
    const beforeSeven: string[] = [];
    const refused = DANGEROUS_COMMANDS.filter((c) => renamed.has(c));
    for (const [c, k] of Object.entries(OPT_IN_COMMANDS)) {
      const v = unquote(one(k)?.value ?? '').toLowerCase();
      if (renamed.has(c) || v === 'no' || (v === '' && opts.redis7)) refused.push(c);
      else if (v === 'yes' || v === 'local') available.push(c);
      else beforeSeven.push(c);
    }
    const setting = [
      `available: ${available.join(', ') || 'none'}`,
      ...(beforeSeven.length ? [`only before Redis 7.0: ${beforeSeven.join(', ')}`] : []),
      `refused: ${refused.join(', ') || 'none'}`,
    ].join('; ');
    const fix =
      'Rename or disable them (`rename-command FLUSHALL ""`), or grant ACL users `-@dangerous`; keep enable-debug-command and enable-module-command at `no` (Redis 7.0+).';
    if (aclRestricted)
      out.push(
        finding('redis.dangerous-commands', 'pass', 'info', 'ACL users exclude dangerous commands', '', { setting }),
      );
    else if (available.length)
      out.push(
        finding(
          'redis.dangerous-commands',
          'warn',
          'medium',
          `${available.join(', ')} are available to every authenticated client${beforeSeven.length ? `; ${beforeSeven.join(' and ')} too if this is Redis before 7.0` : ''}`,
          fix,
          { setting },
        ),
      );
    else if (beforeSeven.length)
      out.push(
        finding(
          'redis.dangerous-commands',
          'warn',
          'low',
          `${beforeSeven.join(' and ')} are available if this is Redis before 7.0, which has no enable-debug-command / enable-module-command switch; the file does not tell the version`,
          fix,
          { setting },
        ),
      );
    else
      out.push(
        finding('redis.dangerous-commands', 'pass', 'info', 'dangerous commands are renamed or refused', '', {
          setting,
        }),
      );
  }

  const tlsPort = one('tls-port');
  const port = one('port');
  if (tlsPort && Number(unquote(tlsPort.value)) > 0)
    out.push(
      finding(
        'redis.tls',
        port && Number(port.value) > 0 ? 'warn' : 'pass',
        port && Number(port.value) > 0 ? 'low' : 'info',
        port && Number(port.value) > 0
          ? `TLS on ${tlsPort.value}, but the plain port ${port.value} stays open`
          : `TLS only, on port ${tlsPort.value}`,
        'Set `port 0` so only the TLS port accepts clients.',
        at(tlsPort),
      ),
    );
  else
    out.push(
      finding(
        'redis.tls',
        onlyLoopback ? 'pass' : 'warn',
        onlyLoopback ? 'info' : 'medium',
        onlyLoopback
          ? 'no TLS, but Redis only listens on loopback'
          : 'traffic to Redis (passwords included) is not encrypted',
        'Configure `tls-port`, `tls-cert-file`, `tls-key-file` and set `port 0`.',
        tlsPort ? at(tlsPort) : { setting: 'tls-port 0 (default)' },
      ),
    );
  return { format: 'redis', findings: out };
}

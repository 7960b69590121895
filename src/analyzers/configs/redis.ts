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

const DANGEROUS_COMMANDS = ['FLUSHALL', 'FLUSHDB', 'CONFIG', 'DEBUG', 'KEYS', 'SHUTDOWN', 'MODULE'];

function unquote(v: string): string {
  return v.replace(/^"(.*)"$/, '$1').replace(/^'(.*)'$/, '$1');
}

/**
 * Judges a Redis configuration. `aclUsers` are lines of `ACL LIST` when read from a running
 * server; in a file they are the `user` directives.
 */
export function auditRedis(
  settings: Map<string, RedisSetting[]>,
  opts: { live?: boolean; aclUsers?: string[] } = {},
): ConfigReport {
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
  const users = opts.aclUsers ?? (settings.get('user') ?? []).map((u) => `user ${u.value}`);
  const defaultUser = users.find((u) => /^user default\b/.test(u));
  const defaultOpen = defaultUser ? /\bon\b/.test(defaultUser) && /\bnopass\b/.test(defaultUser) : !password;
  if (defaultOpen)
    out.push(
      finding(
        'redis.auth',
        'fail',
        'critical',
        'the default user needs no password: anyone who reaches the port can read, write and reconfigure the cache',
        'Set `requirepass` to a long random secret, or `user default off` plus named ACL users.',
        at(pass ?? settings.get('user')?.[0]),
      ),
    );
  else out.push(finding('redis.auth', 'pass', 'info', 'clients must authenticate', '', at(pass)));
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
    const aclRestricted = users.some((u) => /-@dangerous|-flushall|-config/i.test(u));
    const open = DANGEROUS_COMMANDS.filter((c) => !renamed.has(c));
    if (open.length && !aclRestricted)
      out.push(
        finding(
          'redis.dangerous-commands',
          'warn',
          'medium',
          `${open.join(', ')} are available to every authenticated client`,
          'Rename or disable them (`rename-command FLUSHALL ""`), or grant ACL users `-@dangerous`.',
          {},
        ),
      );
    else
      out.push(
        finding(
          'redis.dangerous-commands',
          'pass',
          'info',
          aclRestricted ? 'ACL users exclude dangerous commands' : 'dangerous commands are renamed or disabled',
          '',
          {},
        ),
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

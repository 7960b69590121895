import { withTcp, type TcpConversation } from '../../clients/tcp.js';
import { runCommand } from '../../clients/process.js';
import type { TargetOf } from '../../scope/schema.js';

export type HostTarget = TargetOf<'host'>;

/** Where to probe a host target: `local` means this machine over loopback. */
export function probeAddress(t: HostTarget): string {
  return t.address === 'local' ? '127.0.0.1' : t.address;
}

const NAME_PATTERNS: Record<string, RegExp> = {
  ssh: /^(ssh|sshd|openssh)$/i,
  redis: /redis/i,
  postgresql: /^(postgres|postgresql|pg|pgsql)$/i,
  http: /^(http|nginx|web|apache|caddy)$/i,
  https: /^(https|nginx-tls|web-tls|tls)$/i,
};

/** The declared services of one kind; SSH also comes from the target's `ssh.port`. */
export function servicesOf(t: HostTarget, kind: keyof typeof NAME_PATTERNS): number[] {
  const ports = t.services.filter((s) => s.protocol === 'tcp' && NAME_PATTERNS[kind].test(s.name)).map((s) => s.port);
  if (kind === 'ssh' && t.ssh) ports.push(t.ssh.port);
  return [...new Set(ports)];
}

export interface SshServerHello {
  banner: string;
  /** Lines the server sent before its identification string. */
  preBanner: string[];
  kex: string[];
  hostKeys: string[];
  ciphers: string[];
  macs: string[];
  compression: string[];
}

const MAX_SSH_PACKET = 35_000;

function nameLists(payload: Buffer): string[][] {
  const lists: string[][] = [];
  let off = 17;
  for (let i = 0; i < 10; i++) {
    if (off + 4 > payload.length) throw new Error('truncated KEXINIT');
    const len = payload.readUInt32BE(off);
    off += 4;
    if (off + len > payload.length) throw new Error('truncated KEXINIT name-list');
    lists.push(
      payload
        .subarray(off, off + len)
        .toString('latin1')
        .split(',')
        .filter(Boolean),
    );
    off += len;
  }
  return lists;
}

/**
 * Reads the server's identification string and its SSH_MSG_KEXINIT (RFC 4253 §4.2, §7.1): the
 * algorithms it offers. Nothing is negotiated; the connection is closed after the first packet.
 */
export async function sshHello(host: string, port: number, signal?: AbortSignal): Promise<SshServerHello> {
  return withTcp({ host, port, timeoutMs: 6_000, maxBytes: 64 * 1024, signal }, async (c: TcpConversation) => {
    const preBanner: string[] = [];
    let banner = '';
    for (let i = 0; i < 20; i++) {
      const line = (await c.readLine(255)).toString('latin1').replace(/\r?\n$/, '');
      if (line.startsWith('SSH-')) {
        banner = line;
        break;
      }
      preBanner.push(line);
    }
    if (!banner) throw new Error('no SSH identification string');
    c.write('SSH-2.0-chainaudit_probe\r\n');
    const header = await c.readBytes(5);
    const packetLength = header.readUInt32BE(0);
    if (packetLength > MAX_SSH_PACKET || packetLength < 2)
      throw new Error(`implausible SSH packet length ${packetLength}`);
    const rest = await c.readBytes(packetLength - 1);
    const payload = rest.subarray(0, packetLength - 1 - header[4]);
    if (payload[0] !== 20) throw new Error(`expected KEXINIT (20), got message ${payload[0]}`);
    const [kex, hostKeys, encC2s, encS2c, macC2s, macS2c, compC2s] = nameLists(payload);
    return {
      banner,
      preBanner,
      kex,
      hostKeys,
      ciphers: [...new Set([...encC2s, ...encS2c])],
      macs: [...new Set([...macC2s, ...macS2c])],
      compression: compC2s,
    };
  });
}

/**
 * The authentication methods the server offers, as seen by the OpenSSH client asking for the
 * `none` method with a throw-away user name. No key or password is sent, no command and no
 * session is requested (-N), and the client reads no local configuration (-F /dev/null).
 */
export async function sshAuthMethods(
  host: string,
  port: number,
  signal?: AbortSignal,
): Promise<{ methods?: string[]; detail: string }> {
  const r = await runCommand({
    file: 'ssh',
    args: [
      '-v',
      '-N',
      '-F',
      '/dev/null',
      '-p',
      String(port),
      '-o',
      'BatchMode=yes',
      '-o',
      'PreferredAuthentications=none',
      '-o',
      'StrictHostKeyChecking=no',
      '-o',
      'UserKnownHostsFile=/dev/null',
      '-o',
      'GlobalKnownHostsFile=/dev/null',
      '-o',
      'ConnectTimeout=5',
      '-o',
      'PubkeyAuthentication=no',
      '-o',
      'PasswordAuthentication=no',
      '-o',
      'KbdInteractiveAuthentication=no',
      '-o',
      'IdentitiesOnly=yes',
      '-o',
      'IdentityFile=/dev/null',
      '-o',
      'ForwardAgent=no',
      '-o',
      'ClearAllForwardings=yes',
      '-l',
      'chainaudit-probe',
      '--',
      host,
    ],
    timeoutMs: 8_000,
    maxBytes: 256 * 1024,
    signal,
  });
  if (!r.found) return { detail: 'the OpenSSH client (ssh) is not installed' };
  const m = /Authentications that can continue: ([\w@.,-]+)/.exec(r.stderr);
  if (m) return { methods: m[1].split(','), detail: `ssh -v: "Authentications that can continue: ${m[1]}"` };
  if (/Authentication succeeded \(none\)/.test(r.stderr))
    return { methods: ['none'], detail: 'the server accepted the "none" method: no authentication at all' };
  const last =
    r.stderr
      .trim()
      .split('\n')
      .filter((l) => !l.startsWith('debug'))
      .pop() ?? '';
  return { detail: `no method list seen (${last.slice(0, 200) || `exit ${r.exitCode}`})` };
}

/** Sends one RESP command and reads one reply (simple string, error, bulk or array of bulks), bounded. */
export async function redisCommand(
  host: string,
  port: number,
  args: string[],
  signal?: AbortSignal,
): Promise<{ kind: '+' | '-' | '$' | '*' | ':'; text?: string; items?: string[] }> {
  return withTcp({ host, port, timeoutMs: 5_000, maxBytes: 4 * 1024 * 1024, signal }, async (c) => {
    c.write(`*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`);
    const readBulk = async (headerLine: string): Promise<string | undefined> => {
      const n = Number(headerLine.slice(1));
      if (n < 0) return undefined;
      if (!Number.isInteger(n) || n > 1024 * 1024) throw new Error('implausible bulk length');
      return (await c.readBytes(n + 2)).subarray(0, n).toString('utf8');
    };
    const first = (await c.readLine()).toString('utf8').replace(/\r?\n$/, '');
    const kind = first[0] as '+' | '-' | '$' | '*' | ':';
    if (kind === '+' || kind === '-' || kind === ':') return { kind, text: first.slice(1) };
    if (kind === '$') return { kind, text: await readBulk(first) };
    if (kind === '*') {
      const count = Number(first.slice(1));
      if (!Number.isInteger(count) || count > 20_000) throw new Error('implausible array length');
      const items: string[] = [];
      for (let i = 0; i < count; i++) {
        const h = (await c.readLine()).toString('utf8').replace(/\r?\n$/, '');
        items.push(h[0] === '$' ? ((await readBulk(h)) ?? '') : h.slice(1));
      }
      return { kind, items };
    }
    throw new Error(`not a Redis reply: ${JSON.stringify(first.slice(0, 40))}`);
  });
}

/** Answers to PostgreSQL's SSLRequest and to a startup message as `postgres` (protocol 3.0). */
export async function postgresProbe(
  host: string,
  port: number,
  signal?: AbortSignal,
): Promise<{ ssl: 'S' | 'N' | string; auth?: number; authName?: string; error?: string; overTls: boolean }> {
  const sslAnswer = await withTcp({ host, port, timeoutMs: 5_000, maxBytes: 1024, signal }, async (c) => {
    const req = Buffer.alloc(8);
    req.writeUInt32BE(8, 0);
    req.writeUInt32BE(80877103, 4);
    c.write(req);
    return (await c.readBytes(1)).toString('latin1');
  });
  const startup = await withTcp({ host, port, timeoutMs: 5_000, maxBytes: 64 * 1024, signal }, async (plain) => {
    let c = plain;
    if (sslAnswer === 'S') {
      // Servers with hostssl-only rules refuse a clear-text startup, so ask for the method inside TLS.
      const req = Buffer.alloc(8);
      req.writeUInt32BE(8, 0);
      req.writeUInt32BE(80877103, 4);
      plain.write(req);
      if ((await plain.readBytes(1)).toString('latin1') === 'S') c = await plain.startTls(host);
    }
    try {
      const params = Buffer.from('user\0postgres\0database\0postgres\0application_name\0chainaudit\0\0', 'latin1');
      const msg = Buffer.alloc(8 + params.length);
      msg.writeUInt32BE(msg.length, 0);
      msg.writeUInt32BE(196608, 4);
      params.copy(msg, 8);
      c.write(msg);
      const head = await c.readBytes(5);
      const len = head.readUInt32BE(1);
      if (len > 60_000 || len < 4) throw new Error(`implausible message length ${len}`);
      const body = await c.readBytes(len - 4);
      if (head[0] === 0x52) {
        // Terminate before answering any challenge: the probe only learns which method is required.
        c.write(Buffer.from([0x58, 0, 0, 0, 4]));
        return { auth: body.readUInt32BE(0), overTls: c !== plain };
      }
      if (head[0] === 0x45) {
        const fields = body.toString('utf8').split('\0');
        return { error: fields.find((f) => f.startsWith('M'))?.slice(1) ?? 'error', overTls: c !== plain };
      }
      return { error: `unexpected message ${String.fromCharCode(head[0])}`, overTls: c !== plain };
    } finally {
      if (c !== plain) c.close();
    }
  });
  const names: Record<number, string> = {
    0: 'trust (AuthenticationOk without a password)',
    3: 'clear-text password',
    5: 'md5',
    10: 'SASL (SCRAM-SHA-256)',
    7: 'GSSAPI',
    9: 'SSPI',
  };
  return {
    ssl: sslAnswer,
    ...startup,
    authName: startup.auth === undefined ? undefined : (names[startup.auth] ?? `method ${startup.auth}`),
  };
}

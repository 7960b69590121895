import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRedis, parseAclUser, parseRedisConf } from '../../src/analyzers/configs/redis.js';
import { redisCommand } from '../../src/checks/services/probes.js';
import { connect } from 'node:net';
import redisProbe from '../../src/checks/services/redis-auth.js';
import configsRedis from '../../src/checks/configs/redis.js';
import { hasBinary, prerequisite } from '../support/prereq.js';
import { audit, startRedis, writeFile, type Running } from './servers.js';
import { readFileSync } from 'node:fs';

const ready = prerequisite('redis-server', hasBinary('/usr/bin/redis-server'), 'apt-get install redis-server');

const PASSWORD = 'Zq7uV1pT9xR4mN6bK2sW8yC3dF5gH0jL';

const WEAK = (port: number, dir: string) => `port ${port}
bind 127.0.0.1
protected-mode no
daemonize no
dir ${dir}
save ""
appendonly no
`;

const HARDENED = (port: number, dir: string) => `port ${port}
bind 127.0.0.1 -::1
protected-mode yes
daemonize no
dir ${dir}
save ""
requirepass "${PASSWORD}"
rename-command FLUSHALL ""
rename-command FLUSHDB ""
rename-command CONFIG ""
rename-command DEBUG ""
rename-command KEYS ""
rename-command SHUTDOWN ""
rename-command MODULE ""
`;

describe.runIf(ready)('Redis: Debian redis-server 7, weak and hardened', () => {
  let weak: Running & { configFile: string };
  let hardened: Running & { configFile: string };
  beforeAll(async () => {
    [weak, hardened] = await Promise.all([startRedis(WEAK), startRedis(HARDENED)]);
  });
  afterAll(async () => {
    await Promise.all([weak?.stop(), hardened?.stop()]);
  });
  const host = (r: Running) => ({
    id: 'cache',
    kind: 'host',
    address: '127.0.0.1',
    services: [{ name: 'redis', port: r.port }],
  });

  it('PING without AUTH: +PONG fails, -NOAUTH passes', async () => {
    const w = await audit([host(weak)], [redisProbe]);
    const auth = w.find((f) => f.evidence.some((e) => e.label === 'sent' && e.value === 'PING'))!;
    expect(auth.status).toBe('fail');
    expect(auth.evidence[1].value).toBe('+PONG');
    const h = await audit([host(hardened)], [redisProbe]);
    expect(h).toHaveLength(1);
    expect(h[0].status).toBe('pass');
    expect(h[0].evidence[1].value).toMatch(/^-NOAUTH/);
  });

  it("the open server's running config (CONFIG GET *) is judged: protected mode off fails, loopback bind passes", async () => {
    const w = await audit([host(weak)], [redisProbe]);
    const pm = w.find((f) => f.result === 'protected-mode')!;
    expect(pm.status).toBe('fail');
    expect(pm.evidence[0]).toEqual({ label: 'CONFIG GET', value: 'protected-mode no' });
    expect(w.find((f) => f.result === 'bind')!.status).toBe('pass');
  });

  it('redis.conf: the weak file fails auth and protected mode, the hardened one passes every rule, password masked', async () => {
    const wr = auditRedis(parseRedisConf(readFileSync(weak.configFile, 'utf8')));
    const st = (rule: string) => wr.findings.find((f) => f.rule === rule)!.status;
    expect(st('redis.auth')).toBe('fail');
    expect(st('redis.protected-mode')).toBe('fail');
    expect(st('redis.dangerous-commands')).toBe('warn');
    const hf = await audit([{ id: 'r', kind: 'config', path: hardened.configFile }], [configsRedis], hardened.dir);
    expect(hf.filter((f) => f.status !== 'pass')).toEqual([]);
    const auth = hf.find((f) => f.result === 'auth')!;
    expect(JSON.stringify(hf)).not.toContain(PASSWORD);
    expect(auth.evidence[0].value).toMatch(/^requirepass Zq7u\*+H0jL$/);
  });

  it('a short password and a bind to every interface fail', () => {
    const r = auditRedis(parseRedisConf('bind 0.0.0.0\nrequirepass foobared\n'));
    expect(r.findings.find((f) => f.rule === 'redis.bind')!.status).toBe('fail');
    expect(r.findings.find((f) => f.rule === 'redis.password-strength')!.status).toBe('fail');
  });

  /** AUTH as `user` with `password`, then PING, on one connection; the two replies. */
  const authThenPing = (port: number, user: string, password: string) =>
    new Promise<string>((resolve, reject) => {
      const c = connect({ host: '127.0.0.1', port });
      let got = '';
      c.on('data', (d) => {
        got += d.toString();
        if (got.split('\r\n').length > 2) {
          c.destroy();
          resolve(got.trim());
        }
      });
      c.on('error', reject);
      c.write(`AUTH ${user} ${password}\r\nPING\r\n`);
    });

  it('an enabled ACL user with nopass and +@all lets anyone in: "clients must authenticate" fails (user directive)', async () => {
    const r = await startRedis(
      (port, dir) =>
        `port ${port}\nbind 127.0.0.1\ndaemonize no\ndir ${dir}\nsave ""\nrequirepass "${PASSWORD}"\nuser alice on nopass ~* +@all\n`,
    );
    try {
      expect(await authThenPing(r.port, 'alice', 'anything-at-all')).toBe('+OK\r\n+PONG');
      expect((await audit([host(r)], [redisProbe])).map((f) => [f.result, f.status])).toEqual([['auth', 'pass']]);
      const f = await audit([{ id: 'r', kind: 'config', path: r.configFile }], [configsRedis], r.dir);
      const auth = f.filter((x) => x.result === 'auth');
      expect(auth.map((x) => [x.status, x.severity])).toEqual([['fail', 'critical']]);
      expect(auth[0].evidence[0].value).toBe('user alice on nopass ~* +@all');
      expect(auth[0].locations[0].line).toBe(7);
    } finally {
      await r.stop();
    }
  });

  it('an aclfile user without a password is found in the aclfile; an aclfile that cannot be read is an error', async () => {
    const r = await startRedis((port, dir) => {
      writeFile(
        dir,
        'users.acl',
        `user default on >${PASSWORD} ~* +@all\nuser ops on nopass ~cache:* +get +set\n`,
        0o640,
        'redis',
      );
      return `port ${port}\nbind 127.0.0.1\ndaemonize no\ndir ${dir}\nsave ""\naclfile ${dir}/users.acl\n`;
    });
    try {
      expect(await authThenPing(r.port, 'ops', 'x')).toMatch(/^\+OK\r\n-NOPERM/);
      const f = await audit([{ id: 'r', kind: 'config', path: r.configFile }], [configsRedis], r.dir);
      const auth = f.filter((x) => x.result === 'auth');
      expect(auth.map((x) => [x.status, x.severity, x.locations[0]])).toEqual([
        ['fail', 'high', { file: 'users.acl', line: 2 }],
      ]);
      const missing = auditRedis(parseRedisConf('aclfile /nonexistent/users.acl\n'), {
        readAclFile: () => {
          throw new Error('ENOENT');
        },
      });
      expect(missing.findings.filter((x) => x.rule === 'redis.auth').map((x) => x.status)).toEqual(['error']);
    } finally {
      await r.stop();
    }
  });

  it('the open server lists its users (ACL LIST): another user without a password is reported too', async () => {
    const r = await startRedis(
      (port, dir) =>
        `port ${port}\nbind 127.0.0.1\ndaemonize no\ndir ${dir}\nsave ""\nuser backup on nopass ~* +@read\n`,
    );
    try {
      const auth = (await audit([host(r)], [redisProbe])).filter((f) => f.result === 'auth');
      expect(auth.map((f) => [f.status, f.evidence[0]?.label])).toEqual([
        ['fail', 'sent'],
        ['fail', 'ACL LIST'],
      ]);
      expect(auth[1].evidence[0].value).toMatch(/^user backup on nopass /);
    } finally {
      await r.stop();
    }
  });

  it('ACL rules apply left to right on a reset user, as Redis applies them', () => {
    const u = (rule: string) => parseAclUser(rule)!;
    expect(u('user a on nopass +@all')).toMatchObject({ enabled: true, nopass: true, allCommands: true });
    expect(u('user a nopass on >secret')).toMatchObject({ enabled: true, nopass: false, passwords: 1 });
    expect(u('user a on nopass reset')).toMatchObject({ enabled: false, nopass: false });
    expect(u('user a on nopass (~k* +get) -@all')).toMatchObject({ nopass: true, allCommands: false });
    expect(u('user a off nopass +@all').enabled).toBe(false);
  });

  it('MODULE: Redis 7 refuses MODULE LOAD by default, so it is not reported available; enabling it is', async () => {
    const modular = await startRedis(
      (port, dir) => `port ${port}\nbind 127.0.0.1\ndaemonize no\ndir ${dir}\nsave ""\n# enable-module-command no\n`,
    );
    const enabled = await startRedis(
      (port, dir) => `port ${port}\nbind 127.0.0.1\ndaemonize no\ndir ${dir}\nsave ""\nenable-module-command yes\n`,
    );
    try {
      const load = await redisCommand('127.0.0.1', modular.port, ['MODULE', 'LOAD', '/nonexistent/module.so']);
      expect([load.kind, load.text]).toEqual(['-', expect.stringMatching(/^ERR MODULE command not allowed/)]);
      const dangerous = async (r: Running & { configFile: string }) =>
        (await audit([{ id: 'r', kind: 'config', path: r.configFile }], [configsRedis], r.dir)).find(
          (f) => f.result === 'dangerous-commands',
        )!.evidence[0].value;
      expect(await dangerous(modular)).toBe(
        'available: FLUSHALL, FLUSHDB, CONFIG, KEYS, SHUTDOWN; refused: DEBUG, MODULE',
      );
      expect(await dangerous(enabled)).toBe(
        'available: FLUSHALL, FLUSHDB, CONFIG, KEYS, SHUTDOWN, MODULE; refused: DEBUG',
      );
      const enabledLoad = await redisCommand('127.0.0.1', enabled.port, ['MODULE', 'LOAD', '/nonexistent/module.so']);
      expect(enabledLoad.text).toMatch(/^ERR Error loading the extension/);
      expect(await dangerous(weak)).toBe(
        'available: FLUSHALL, FLUSHDB, CONFIG, KEYS, SHUTDOWN; only before Redis 7.0: DEBUG, MODULE; refused: none',
      );
    } finally {
      await Promise.all([modular.stop(), enabled.stop()]);
    }
  });
});

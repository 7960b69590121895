import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRedis, parseRedisConf } from '../../src/analyzers/configs/redis.js';
import redisProbe from '../../src/checks/services/redis-auth.js';
import configsRedis from '../../src/checks/configs/redis.js';
import { hasBinary, prerequisite } from '../support/prereq.js';
import { audit, startRedis, type Running } from './servers.js';
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
    const pm = w.find((f) => f.message.includes('protected mode'))!;
    expect(pm.status).toBe('fail');
    expect(pm.evidence[0]).toEqual({ label: 'CONFIG GET', value: 'protected-mode no' });
    expect(w.find((f) => f.message.includes('listens on loopback'))!.status).toBe('pass');
  });

  it('redis.conf: the weak file fails auth and protected mode, the hardened one passes every rule, password masked', async () => {
    const wr = auditRedis(parseRedisConf(readFileSync(weak.configFile, 'utf8')));
    const st = (rule: string) => wr.findings.find((f) => f.rule === rule)!.status;
    expect(st('redis.auth')).toBe('fail');
    expect(st('redis.protected-mode')).toBe('fail');
    expect(st('redis.dangerous-commands')).toBe('warn');
    const hf = await audit([{ id: 'r', kind: 'config', path: hardened.configFile }], [configsRedis], hardened.dir);
    expect(hf.filter((f) => f.status !== 'pass')).toEqual([]);
    const auth = hf.find((f) => f.message.includes('authenticate'))!;
    expect(JSON.stringify(hf)).not.toContain(PASSWORD);
    expect(auth.evidence[0].value).toMatch(/^requirepass Zq7u\*+H0jL$/);
  });

  it('a short password and a bind to every interface fail', () => {
    const r = auditRedis(parseRedisConf('bind 0.0.0.0\nrequirepass foobared\n'));
    expect(r.findings.find((f) => f.rule === 'redis.bind')!.status).toBe('fail');
    expect(r.findings.find((f) => f.rule === 'redis.password-strength')!.status).toBe('fail');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  aptPeriodic,
  parsePasswd,
  parseProcNet,
  procNetAddress,
  sudoNopasswd,
} from '../../src/analyzers/configs/host.js';
import { createSocket } from 'node:dgram';
import { runCommand } from '../../src/clients/process.js';
import { fingerprint } from '../../src/engine/run.js';
import { probePort } from '../../src/clients/tcp.js';
import { hostChecks } from '../../src/checks/host/index.js';
import { countFirewallRules } from '../../src/checks/host/firewall.js';
import { audit, startRedis, type Running } from '../services/servers.js';
import { hasBinary, prerequisite } from '../support/prereq.js';

const check = (id: string) => hostChecks.find((c) => c.meta.id === id)!;
const LOCAL = { id: 'me', kind: 'host', address: 'local' };
const ANVIL = fileURLToPath(new URL('../../node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil', import.meta.url));

describe('local host audit (address: local) on this machine', () => {
  it('every host check declines remote targets', async () => {
    const findings = await audit([{ id: 'far', kind: 'host', address: '192.0.2.1' }], hostChecks);
    expect(findings).toHaveLength(hostChecks.length);
    expect(new Set(findings.map((f) => f.status))).toEqual(new Set(['not-applicable']));
  });

  describe.runIf(prerequisite('anvil', existsSync(ANVIL), 'npm install (devDependency @foundry-rs/anvil)'))(
    'node processes',
    () => {
      const procs: ChildProcess[] = [];
      afterAll(() => procs.forEach((p) => p.kill('SIGKILL')));
      const startAnvil = (uid?: number) =>
        new Promise<ChildProcess>((resolve, reject) => {
          const p = spawn(ANVIL, ['--host', '127.0.0.1', '--port', '0', '--accounts', '0'], {
            uid,
            gid: uid,
            stdio: ['ignore', 'pipe', 'pipe'],
          });
          procs.push(p);
          p.stdout!.on('data', (d) => String(d).includes('Listening on') && resolve(p));
          p.once('error', reject);
          p.once('exit', (c) => reject(new Error(`anvil exited ${c}`)));
        });

      it('anvil as root fails, anvil as nobody passes', async () => {
        const [asRoot, asNobody] = await Promise.all([startAnvil(), startAnvil(65534)]);
        const findings = await audit([LOCAL], [check('host.node-process-root')]);
        const of = (p: ChildProcess) => findings.find((f) => f.message.includes(`(pid ${p.pid})`))!;
        expect(of(asRoot).status).toBe('fail');
        expect(of(asRoot).message).toBe(`anvil (pid ${asRoot.pid}) runs as root`);
        expect(of(asNobody).status).toBe('pass');
        expect(of(asNobody).message).toContain('uid 65534');
      });
    },
  );

  it('key and config files: world-readable fails, 0600 passes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chainaudit-perm-'));
    try {
      const key = join(dir, 'keystore', 'UTC--2024-01-01T00-00-00.000Z--0000000000000000000000000000000000000001');
      execFileSync('mkdir', ['-p', join(dir, 'keystore')]);
      writeFileSync(key, '{"crypto":{}}');
      const conf = join(dir, 'bitcoin.conf');
      writeFileSync(conf, 'rpcpassword=hunter2hunter2\n');
      chmodSync(key, 0o644);
      chmodSync(conf, 0o644);
      const targets = [LOCAL, { id: 'cfg', kind: 'config', path: dir }];
      const mine = (fs: Awaited<ReturnType<typeof audit>>) => fs.filter((f) => f.message.includes(dir));
      const weak = mine(await audit(targets, [check('host.file-permissions')]));
      expect(weak.map((f) => f.status).sort()).toEqual(['fail', 'warn']);
      expect(weak.find((f) => f.status === 'fail')!.message).toBe(
        `key file ${key} is readable by every local user (0644)`,
      );
      chmodSync(key, 0o600);
      chmodSync(conf, 0o600);
      expect(mine(await audit(targets, [check('host.file-permissions')]))).toEqual([]);
      chmodSync(conf, 0o666);
      const writable = mine(await audit(targets, [check('host.file-permissions')]));
      expect(writable.find((f) => f.message.includes('world-writable'))!.status).toBe('fail');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('UID-0 accounts agree with /etc/passwd read independently', async () => {
    const [f] = await audit([LOCAL], [check('host.uid0-accounts')]);
    const extra = readFileSync('/etc/passwd', 'utf8')
      .split('\n')
      .filter((l) => l.split(':')[2] === '0' && !l.startsWith('root:'));
    expect(f.status).toBe(extra.length ? 'fail' : 'pass');
    const parsed = parsePasswd(
      'root:x:0:0:root:/root:/bin/bash\ntoor:x:0:0::/root:/bin/sh\n# c\nbob:x:1000:1000::/home/bob:/bin/bash\n',
    );
    expect(parsed.filter((e) => e.uid === 0).map((e) => `${e.name}@${e.line}`)).toEqual(['root@1', 'toor@2']);
  });

  it('sudoers: NOPASSWD rules found, comments and Defaults ignored', () => {
    const rules = sudoNopasswd(
      '# %admin ALL=(ALL) NOPASSWD: ALL\nDefaults env_reset\n%sudo ALL=(ALL:ALL) ALL\ndeploy ALL=(ALL) NOPASSWD: ALL\n',
    );
    expect(rules).toEqual([{ line: 4, text: 'deploy ALL=(ALL) NOPASSWD: ALL' }]);
  });

  it('automatic updates: the check agrees with the installed packages and apt settings', async () => {
    const [f] = await audit([LOCAL], [check('host.auto-updates')]);
    const installed = existsSync('/usr/bin/unattended-upgrade');
    if (!installed) expect(f.status).toBe('fail');
    expect(f.evidence.find((e) => e.label === 'unattended-upgrade')!.value).toBe(
      installed ? 'installed' : 'not installed',
    );
    expect(
      aptPeriodic([
        'APT::Periodic::Update-Package-Lists "1";\nAPT::Periodic::Unattended-Upgrade "1";\n',
        'APT::Periodic::Unattended-Upgrade "0";',
      ]),
    ).toEqual({ 'Update-Package-Lists': '1', 'Unattended-Upgrade': '0' });
  });

  it('clock synchronisation gives a definite answer with evidence', async () => {
    const [f] = await audit([LOCAL], [check('host.clock-sync')]);
    expect(['pass', 'fail', 'warn']).toContain(f.status);
    expect(f.evidence.length + (f.status === 'pass' ? 1 : 0)).toBeGreaterThan(0);
  });

  it.runIf(
    prerequisite('nft + unshare', hasBinary('nft') && hasBinary('unshare'), 'apt-get install nftables util-linux'),
  )('firewall: real nft rulesets in a private network namespace, empty vs default-drop', () => {
    const inNetns = (script: string) => execFileSync('unshare', ['-n', 'sh', '-c', script]).toString();
    const empty = inNetns('nft list ruleset');
    const hardened = inNetns(
      `nft add table inet filter && nft add chain inet filter input '{ type filter hook input priority 0; policy drop; }' && nft add rule inet filter input ct state established,related accept && nft add rule inet filter input tcp dport 2222 ip saddr 10.8.0.0/24 accept && nft list ruleset`,
    );
    expect(countFirewallRules(empty, '')).toEqual({ nft: 0, iptables: 0, dropPolicy: false });
    expect(countFirewallRules(hardened, '')).toEqual({ nft: 2, iptables: 0, dropPolicy: true });
  });

  it.runIf(prerequisite('root (to write /etc/sudoers.d)', process.getuid?.() === 0, 'run the tests as root'))(
    'sudo without a password is found in a real sudoers.d file, at its line',
    async () => {
      const dirExisted = existsSync('/etc/sudoers.d');
      const file = '/etc/sudoers.d/zz-chainaudit-test';
      execFileSync('mkdir', ['-p', '/etc/sudoers.d']);
      writeFileSync(file, '# test rule\ndeploy ALL=(ALL) NOPASSWD: ALL\n', { mode: 0o440 });
      try {
        const findings = await audit([LOCAL], [check('host.sudo-nopasswd')]);
        const hit = findings.find((f) => f.locations[0]?.file === file)!;
        expect(hit).toMatchObject({ status: 'fail', locations: [{ file, line: 2 }] });
      } finally {
        rmSync(file, { force: true });
        if (!dirExisted) rmSync('/etc/sudoers.d', { recursive: true, force: true });
      }
    },
  );

  it('effective sshd configuration of this machine, judged like the files', async () => {
    const findings = await audit([LOCAL], [check('host.sshd-effective-config')]);
    if (!hasBinary('/usr/sbin/sshd')) {
      expect(findings.map((f) => f.status)).toEqual(['not-applicable']);
      return;
    }
    const dump = await runCommand({ file: 'sshd', args: ['-T'] });
    if (dump.exitCode !== 0) {
      expect(findings.map((f) => f.status)).toEqual(['error']);
      return;
    }
    const pw = /^passwordauthentication (\w+)/m.exec(dump.stdout)?.[1];
    const keyOnly = findings.find((f) => f.result === 'key-only')!;
    expect(keyOnly.status === 'fail').toBe(pw === 'yes');
    expect(new Set(findings.map((f) => f.result)).size).toBeGreaterThanOrEqual(8);
  });

  it('effective nginx configuration of this machine, judged like the files', async () => {
    const findings = await audit([LOCAL], [check('host.nginx-effective-config')]);
    if (!hasBinary('/usr/sbin/nginx')) {
      expect(findings.map((f) => f.status)).toEqual(['not-applicable']);
      return;
    }
    const dump = await runCommand({ file: 'nginx', args: ['-T', '-q'] });
    if (dump.exitCode !== 0) expect(findings.map((f) => f.status)).toEqual(['error']);
    else expect(findings.map((f) => f.result)).toContain('server-tokens');
  });
});

describe.runIf(prerequisite('redis-server', hasBinary('/usr/bin/redis-server'), 'apt-get install redis-server'))(
  'listening sockets and port scan against a real Redis',
  () => {
    let redis: Running;
    beforeAll(async () => {
      redis = await startRedis((port, dir) => `port ${port}\nbind 127.0.0.1\ndaemonize no\ndir ${dir}\nsave ""\n`);
    });
    afterAll(async () => redis?.stop());

    it('/proc/net lists the Redis socket with its process; a declared loopback listener is fine', async () => {
      const viaProc = parseProcNet(readFileSync('/proc/net/tcp', 'utf8'), 'tcp').find((s) => s.port === redis.port)!;
      expect(viaProc).toMatchObject({ protocol: 'tcp', address: '127.0.0.1' });
      const findings = await audit(
        [{ ...LOCAL, services: [{ name: 'redis', port: redis.port }] }],
        [check('host.listening-sockets')],
      );
      expect(findings.filter((f) => f.message.includes(`:${redis.port}`) && f.status !== 'pass')).toEqual([]);
      const all = findings.flatMap((f) => f.evidence.map((e) => e.value)).join(' ');
      expect(all).toContain(`tcp 127.0.0.1:${redis.port} redis-server(pid ${redis.proc.pid})`);
    });

    it('every listener counts, UDP included: undeclared ones beyond loopback are reported, declared ones (port and protocol) are not', async () => {
      const wideRedis = await startRedis(
        (port, dir) => `port ${port}\nbind * -::*\nprotected-mode yes\ndaemonize no\ndir ${dir}\nsave ""\n`,
      );
      const udp = createSocket('udp4');
      await new Promise<void>((r) => udp.bind(0, '0.0.0.0', r));
      const udpPort = udp.address().port;
      try {
        const target = (services: { name: string; port: number; protocol?: string }[]) => [{ ...LOCAL, services }];
        const judged = async (services: { name: string; port: number; protocol?: string }[]) =>
          (await audit(target(services), [check('host.listening-sockets')]))
            .filter((f) => f.status !== 'pass')
            .map((f) => [f.result, f.status, f.fingerprint]);
        const key = (k: string) => fingerprint('host.listening-sockets', 'me', k);
        const undeclared = await judged([]);
        expect(undeclared).toContainEqual(['undeclared', 'warn', key(`tcp/${wideRedis.port}`)]);
        expect(undeclared).toContainEqual(['undeclared', 'warn', key(`udp/${udpPort}`)]);
        const wrongProtocol = await judged([
          { name: 'cache', port: wideRedis.port },
          { name: 'telemetry', port: udpPort, protocol: 'tcp' },
        ]);
        expect(wrongProtocol).not.toContainEqual(['undeclared', 'warn', key(`tcp/${wideRedis.port}`)]);
        expect(wrongProtocol).toContainEqual(['undeclared', 'warn', key(`udp/${udpPort}`)]);
        const declared = await judged([
          { name: 'cache', port: wideRedis.port },
          { name: 'telemetry', port: udpPort, protocol: 'udp' },
        ]);
        expect(declared.filter(([, , f]) => f === key(`udp/${udpPort}`) || f === key(`tcp/${wideRedis.port}`))).toEqual(
          [],
        );
        const listed = parseProcNet(readFileSync('/proc/net/tcp6', 'utf8'), 'tcp').find(
          (s) => s.port === wideRedis.port,
        );
        expect(listed?.address).toBe('::');
      } finally {
        udp.close();
        await wideRedis.stop();
      }
    });

    it('/proc/net addresses: kernel-order hex words to IPv4 and compressed IPv6', () => {
      expect(procNetAddress('0100007F')).toBe('127.0.0.1');
      expect(procNetAddress('00000000000000000000000001000000')).toBe('::1');
      expect(procNetAddress('0000000000000000FFFF00000100007F')).toBe('127.0.0.1');
      expect(procNetAddress('B80D0120000000000000000001000000')).toBe('2001:db8::1');
      expect(procNetAddress('000080FE000000000000000001000000')).toBe('fe80::1');
    });

    it('open-port scan: declared service that answers is fine, declared one that does not is reported', async () => {
      const scan = (await import('../../src/checks/services/open-ports.js')).default;
      const closed = redis.port === 1 ? 2 : redis.port - 1;
      const findings = await audit(
        [
          {
            id: 'h',
            kind: 'host',
            address: '127.0.0.1',
            services: [
              { name: 'redis', port: redis.port },
              { name: 'ghost', port: closed },
            ],
          },
        ],
        [scan],
      );
      const about = (p: number) =>
        findings.filter((f) => f.message.includes(`127.0.0.1:${p} `) || f.message.includes(`127.0.0.1:${p} does`));
      expect(about(redis.port)).toEqual([]);
      const ghost = findings.find((f) => f.message.includes(`ghost on 127.0.0.1:${closed}`))!;
      expect(ghost.status).toBe('warn');
      expect(
        findings.find((f) => f.evidence.some((e) => e.label === 'open'))!.evidence.find((e) => e.label === 'open')!
          .value,
      ).toContain(String(redis.port));
    });

    it('open-port scan: a database on a scanned port that the scope does not declare fails', async () => {
      const { default: scan, SCANNED_PORTS } = await import('../../src/checks/services/open-ports.js');
      const candidates = [11211, 27017, 9200, 5984, 3306].filter((p) => SCANNED_PORTS.includes(p));
      let extra: Running | undefined;
      for (const p of candidates) {
        if ((await probePort('127.0.0.1', p, 500)) !== 'closed') continue;
        extra = await startRedis((port, dir) => `port ${port}\nbind 127.0.0.1\ndaemonize no\ndir ${dir}\nsave ""\n`, p);
        break;
      }
      expect(extra, 'one of the candidate ports must be free on loopback').toBeDefined();
      try {
        const undeclared = await audit([{ id: 'h', kind: 'host', address: '127.0.0.1' }], [scan]);
        const hit = undeclared.find((f) => f.message.startsWith(`127.0.0.1:${extra!.port} is open`))!;
        expect(hit.status).toBe('fail');
        const declared = await audit(
          [{ id: 'h', kind: 'host', address: '127.0.0.1', services: [{ name: 'cache', port: extra!.port }] }],
          [scan],
        );
        expect(declared.find((f) => f.message.startsWith(`127.0.0.1:${extra!.port} is open`))).toBeUndefined();
      } finally {
        await extra?.stop();
      }
    });
  },
);

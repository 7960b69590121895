import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { auditSshd } from '../../src/analyzers/configs/sshd.js';
import sshAlgorithms from '../../src/checks/services/ssh-algorithms.js';
import sshAuth from '../../src/checks/services/ssh-auth.js';
import configsSshd from '../../src/checks/configs/sshd.js';
import { effectiveSshd } from '../../src/checks/host/sshd-effective-config.js';
import { hasBinary, prerequisite } from '../support/prereq.js';
import { audit, startSshd, type Running } from './servers.js';

const ready = prerequisite(
  'openssh-server',
  hasBinary('/usr/sbin/sshd') && hasBinary('ssh'),
  'apt-get install openssh-server openssh-client',
);

const WEAK = (_port: number, dir: string) => `Port 22
ListenAddress 127.0.0.1
HostKey ${dir}/ssh_host_rsa_key
HostKey ${dir}/ssh_host_ed25519_key
UsePAM no
PermitRootLogin yes
PasswordAuthentication yes
KbdInteractiveAuthentication yes
Ciphers aes128-cbc,aes128-ctr,aes256-gcm@openssh.com
KexAlgorithms diffie-hellman-group14-sha1,curve25519-sha256
MACs hmac-sha1,hmac-sha2-256
HostKeyAlgorithms ssh-rsa,ssh-ed25519
MaxAuthTries 10
ClientAliveInterval 0
LogLevel QUIET
`;

const HARDENED = (port: number, dir: string) => `Port ${port}
ListenAddress 127.0.0.1
HostKey ${dir}/ssh_host_ed25519_key
UsePAM no
PermitRootLogin no
PasswordAuthentication no
KbdInteractiveAuthentication no
PubkeyAuthentication yes
Ciphers chacha20-poly1305@openssh.com,aes256-gcm@openssh.com
KexAlgorithms curve25519-sha256,curve25519-sha256@libssh.org
MACs hmac-sha2-256-etm@openssh.com,hmac-sha2-512-etm@openssh.com
HostKeyAlgorithms ssh-ed25519
MaxAuthTries 3
ClientAliveInterval 300
ClientAliveCountMax 2
AllowGroups sshusers
LogLevel VERBOSE
DebianBanner no
`;

describe.runIf(ready)('SSH: Debian openssh-server, weak and hardened', () => {
  let weak: Running & { configFile: string };
  let hardened: Running & { configFile: string };
  beforeAll(async () => {
    [weak, hardened] = await Promise.all([startSshd(WEAK), startSshd(HARDENED)]);
  });
  afterAll(async () => {
    await Promise.all([weak?.stop(), hardened?.stop()]);
  });

  const host = (r: Running) => ({ id: 'h', kind: 'host', address: '127.0.0.1', ssh: { port: r.port } });

  it('KEXINIT probe: weak algorithms fail, hardened server passes', async () => {
    const w = await audit([host(weak)], [sshAlgorithms]);
    const algo = w.find((f) => f.result === 'algorithms')!;
    expect(algo.status).toBe('fail');
    for (const a of ['aes128-cbc', 'diffie-hellman-group14-sha1', 'hmac-sha1', 'ssh-rsa'])
      expect(algo.message).toContain(a);
    expect(w.find((f) => f.result === 'banner')!.status).toBe('warn');
    const h = await audit([host(hardened)], [sshAlgorithms]);
    expect(h.map((f) => f.status)).toEqual(['pass', 'pass']);
    expect(h[0].evidence.find((e) => e.label === 'kex')!.value).toContain('curve25519-sha256');
  });

  it('auth methods: password offered fails, key-only passes; non-default port passes', async () => {
    const w = await audit([host(weak)], [sshAuth]);
    const wm = w.find((f) => f.items.includes('BIZ.SERVER.BASIC_CONFIG.SSH_KEY_LOGIN'))!;
    expect(wm.status).toBe('fail');
    expect(wm.message).toMatch(/password/);
    const h = await audit([host(hardened)], [sshAuth]);
    const hm = h.find((f) => f.items.includes('BIZ.SERVER.BASIC_CONFIG.SSH_KEY_LOGIN'))!;
    expect(hm.status).toBe('pass');
    expect(hm.message).toMatch(/publickey/);
    expect(h.find((f) => f.items.includes('BIZ.SERVER.BASIC_CONFIG.SSH_NONDEFAULT_PORT'))!.status).toBe('pass');
  });

  it('sshd -T of each running configuration: weak fails every rule, hardened passes every rule', async () => {
    const dump = (r: Running & { configFile: string }) =>
      execFileSync('/usr/sbin/sshd', ['-T', '-f', r.configFile]).toString();
    const wr = auditSshd(dump(weak), { followIncludes: false });
    const hr = auditSshd(dump(hardened), { followIncludes: false });
    const status = (r: typeof wr, rule: string) => r.findings.filter((f) => f.rule === rule).map((f) => f.status);
    for (const rule of ['sshd.root-login', 'sshd.key-only', 'sshd.log-level'])
      expect(status(wr, rule)).toEqual(['fail']);
    expect(status(wr, 'sshd.weak-algorithms')).toEqual(['fail', 'fail', 'fail', 'fail']);
    for (const rule of ['sshd.max-auth-tries', 'sshd.idle-timeout', 'sshd.allow-list', 'sshd.port'])
      expect(status(wr, rule)).toEqual(['warn']);
    for (const f of hr.findings) expect(`${f.rule} ${f.status}`).toBe(`${f.rule} pass`);
    expect(hr.findings.length).toBeGreaterThanOrEqual(11);
  });

  it('config target: findings carry the file and line of the setting', async () => {
    const findings = await audit([{ id: 'c', kind: 'config', path: weak.configFile }], [configsSshd], weak.dir);
    const root = findings.find((f) => f.items.includes('BIZ.SERVER.BASIC_CONFIG.SSH_NO_ROOT_LOGIN'))!;
    expect(root.status).toBe('fail');
    expect(root.locations[0]).toEqual({ file: 'sshd_config', line: 6 });
    expect(root.evidence[0].value).toBe('PermitRootLogin yes');
    const port = findings.find((f) => f.items.includes('BIZ.SERVER.BASIC_CONFIG.SSH_NONDEFAULT_PORT'))!;
    expect(port.status).toBe('warn');
    const hf = await audit(
      [{ id: 'c', kind: 'config', path: hardened.configFile, format: 'sshd' }],
      [configsSshd],
      hardened.dir,
    );
    expect(hf.filter((f) => f.status !== 'pass')).toEqual([]);
  });

  it('first value wins; a Match block is judged with the settings it gives its connections', () => {
    const p = join(weak.dir, 'order_config');
    writeFileSync(p, 'PermitRootLogin no\nPermitRootLogin yes\nMatch User admin\n  PasswordAuthentication yes\n');
    const r = auditSshd(
      `PermitRootLogin no\nPermitRootLogin yes\nPasswordAuthentication no\nMatch User admin\n  PasswordAuthentication yes\n`,
      { file: p },
    );
    expect(r.findings.find((f) => f.rule === 'sshd.root-login')!.status).toBe('pass');
    const match = r.findings.filter((f) => f.key?.startsWith('match:'));
    expect(match.map((f) => [f.rule, f.status, f.line])).toEqual([
      ['sshd.key-only', 'fail', 5],
      ['sshd.match-override', 'fail', 4],
    ]);
  });

  describe('Match blocks that re-enable password and root login for every address', () => {
    let matchAll: Running & { configFile: string };
    beforeAll(async () => {
      matchAll = await startSshd(
        (port, dir) => `Port ${port}
ListenAddress 127.0.0.1
HostKey ${dir}/ssh_host_ed25519_key
UsePAM no
PermitRootLogin no
PasswordAuthentication no
KbdInteractiveAuthentication no
X11Forwarding no
Match Address 10.9.0.0/16
  X11Forwarding yes
Match Address *
  PasswordAuthentication yes
  PermitRootLogin yes
`,
      );
    });
    afterAll(async () => matchAll?.stop());

    it('the running server offers passwords to any client, though plain `sshd -T` says it does not', async () => {
      const offered = await audit([host(matchAll)], [sshAuth]);
      expect(
        offered
          .find((f) => f.result === 'methods')!
          .evidence.map((e) => e.value)
          .join(' '),
      ).toMatch(/password/);
      const plain = auditSshd(execFileSync('/usr/sbin/sshd', ['-T', '-f', matchAll.configFile]).toString(), {
        followIncludes: false,
      });
      expect(plain.findings.find((f) => f.rule === 'sshd.key-only')!.status).toBe('pass');
    });

    it('host.sshd-effective-config: sshd -T -C per Match block counts them as enabled; a block for some addresses warns', async () => {
      const scope = { dir: matchAll.dir } as Parameters<typeof effectiveSshd>[0];
      const results = await effectiveSshd(scope, new AbortController().signal, matchAll.configFile);
      const underMatch = results
        .filter((r) => r.key?.includes(':match:') && r.status !== 'pass')
        .map((r) => [r.result, r.status, r.locations?.[0]?.line]);
      // A client from 10.9.0.0/16 matches both blocks, so it also gets what `Match Address *` enables.
      expect(underMatch).toEqual([
        ['root-login', 'warn', 9],
        ['key-only', 'warn', 9],
        ['x11-forwarding', 'warn', 9],
        ['match-override', 'warn', 9],
        ['root-login', 'fail', 11],
        ['key-only', 'fail', 11],
        ['match-override', 'fail', 11],
      ]);
      const tested = results.find((r) => r.result === 'key-only' && r.status === 'fail')!;
      expect(tested.evidence![0].value).toMatch(/^sshd -T -C user=root,host=client\.invalid,addr=203\.0\.113\.7,/);
    });

    it('configs.sshd: the same Match blocks in the file count the same way', async () => {
      const findings = await audit(
        [{ id: 'c', kind: 'config', path: matchAll.configFile }],
        [configsSshd],
        matchAll.dir,
      );
      const failing = findings.filter((f) => f.status === 'fail').map((f) => [f.result, f.locations[0].line]);
      expect(failing).toEqual([
        ['root-login', 13],
        ['key-only', 12],
        ['match-override', 11],
      ]);
      expect(findings.find((f) => f.result === 'x11-forwarding' && f.status === 'warn')!.locations[0].line).toBe(10);
    });

    it('X11Forwarding yes is reported', () => {
      const r = auditSshd('PasswordAuthentication no\nX11Forwarding yes\n');
      expect(r.findings.find((f) => f.rule === 'sshd.x11-forwarding')).toMatchObject({ status: 'fail', line: 2 });
      expect(auditSshd('X11Forwarding no\n').findings.find((f) => f.rule === 'sshd.x11-forwarding')!.status).toBe(
        'pass',
      );
    });
  });
});

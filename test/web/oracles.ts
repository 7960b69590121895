import { execFile } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Protocol } from '../../src/analyzers/tls/registry.js';
import { tempDir } from './servers.js';

/** What a scanner says about one server: protocols offered and accepted suite codes (per protocol where it says). */
export interface OracleView {
  protocols: Protocol[];
  /** Union over protocols. */
  suites: number[];
  byProtocol?: Partial<Record<Protocol, number[]>>;
  seconds: number;
}

function run(file: string, args: string[], timeoutMs: number): Promise<{ stdout: string; seconds: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout: timeoutMs, maxBuffer: 32 * 1024 * 1024, killSignal: 'SIGKILL' }, (err, stdout) => {
      // testssl exits non-zero when it finds problems; only a kill or a missing binary is a failure here.
      if (err && (err.killed || (err as NodeJS.ErrnoException).code === 'ENOENT'))
        return reject(new Error(`${file} ${args.join(' ')}: ${err.message}`));
      resolve({ stdout: String(stdout), seconds: (performance.now() - started) / 1000 });
    });
  });
}

const TESTSSL_PROTOCOLS: Record<string, Protocol> = {
  SSLv2: 'sslv2',
  SSLv3: 'sslv3',
  TLS1: 'tls1.0',
  TLS1_1: 'tls1.1',
  TLS1_2: 'tls1.2',
  TLS1_3: 'tls1.3',
};

/** Debian's testssl.sh: `-p` (protocols) and `-e` (every cipher, through OpenSSL and its own sockets). */
export async function testssl(port: number, timeoutMs = 40 * 60_000): Promise<OracleView> {
  const dir = tempDir('testssl');
  const json = join(dir, 'out.json');
  try {
    const { seconds } = await run(
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
        '--jsonfile',
        json,
        `127.0.0.1:${port}`,
      ],
      timeoutMs,
    );
    const rows = JSON.parse(readFileSync(json, 'utf8')) as { id: string; finding: string }[];
    const protocols: Protocol[] = [];
    const suites: number[] = [];
    for (const r of rows) {
      const p = TESTSSL_PROTOCOLS[r.id];
      if (p && /^offered/.test(r.finding)) protocols.push(p);
      const m = r.id.match(/^cipher_x([0-9a-f]+)$/);
      if (m) suites.push(parseInt(m[1], 16));
    }
    return { protocols, suites: [...new Set(suites)].sort((a, b) => a - b), seconds };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const SSLSCAN_PROTOCOLS: Record<string, Protocol> = {
  'ssl 2': 'sslv2',
  'ssl 3': 'sslv3',
  'tls 1.0': 'tls1.0',
  'tls 1.1': 'tls1.1',
  'tls 1.2': 'tls1.2',
  'tls 1.3': 'tls1.3',
};
const SSLSCAN_CIPHER_VERSIONS: Record<string, Protocol> = {
  SSLv2: 'sslv2',
  SSLv3: 'sslv3',
  'TLSv1.0': 'tls1.0',
  'TLSv1.1': 'tls1.1',
  'TLSv1.2': 'tls1.2',
  'TLSv1.3': 'tls1.3',
};

/** Debian's sslscan, XML output: protocols and the accepted suites of each. */
export async function sslscan(port: number, timeoutMs = 5 * 60_000): Promise<OracleView> {
  const { stdout, seconds } = await run('sslscan', ['--no-colour', '--xml=-', `127.0.0.1:${port}`], timeoutMs);
  const protocols: Protocol[] = [];
  for (const m of stdout.matchAll(/<protocol type="(\w+)" version="([\d.]+)" enabled="(\d)"/g)) {
    const p = SSLSCAN_PROTOCOLS[`${m[1]} ${m[2]}`];
    if (p && m[3] === '1') protocols.push(p);
  }
  const byProtocol: Partial<Record<Protocol, number[]>> = {};
  for (const m of stdout.matchAll(/<cipher status="\w+" sslversion="([^"]+)"[^>]*\bid="0x([0-9A-Fa-f]+)"/g)) {
    const p = SSLSCAN_CIPHER_VERSIONS[m[1]];
    if (p) (byProtocol[p] ??= []).push(parseInt(m[2], 16));
  }
  for (const p of Object.keys(byProtocol) as Protocol[])
    byProtocol[p] = [...new Set(byProtocol[p])].sort((a, b) => a - b);
  const suites = [...new Set(Object.values(byProtocol).flat())].sort((a, b) => a - b);
  return { protocols, suites, byProtocol, seconds };
}

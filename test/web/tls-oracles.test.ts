import { writeFileSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanTls, type TlsScan } from '../../src/analyzers/tls/scan.js';
import { PROTOCOLS, type Protocol } from '../../src/analyzers/tls/registry.js';
import { hasBinary, prerequisite } from '../support/prereq.js';
import { TLS_CONFIGS } from './configs.js';
import { sslscan, testssl, type OracleView } from './oracles.js';
import { makePki } from './pki.js';
import { tempDir, type Served } from './servers.js';

/**
 * Our protocol and accepted-suite lists against Debian's sslscan on every configuration and against
 * testssl.sh: they must agree exactly. testssl.sh takes one to several minutes a server, so by
 * default it checks three configurations (a modern nginx, suites Node's OpenSSL cannot offer, server
 * order on TLS 1.2); `CHAINAUDIT_TLS_ORACLES=all`, or asking for the table, runs it on all of them.
 */
const TESTSSL_BY_DEFAULT = ['nginx-intermediate', 's_server-seed-legacy-provider', 's_server-tls12-serverpref-expired'];
const testsslAll = process.env.CHAINAUDIT_TLS_ORACLES === 'all' || Boolean(process.env.CHAINAUDIT_ORACLE_TABLE);
const TESTSSL_CONFIGS = TLS_CONFIGS.filter((c) => testsslAll || TESTSSL_BY_DEFAULT.includes(c.name));

const ready =
  prerequisite('testssl', hasBinary('testssl'), 'apt-get install testssl.sh') &&
  prerequisite('sslscan', hasBinary('sslscan'), 'apt-get install sslscan') &&
  prerequisite('nginx', hasBinary('/usr/sbin/nginx'), 'apt-get install nginx') &&
  prerequisite('openssl', hasBinary('openssl'), 'apt-get install openssl');

interface Row {
  name: string;
  about: string;
  ours: OracleView;
  scan: TlsScan;
  testssl?: OracleView;
  sslscan: OracleView;
}

function ourView(scan: TlsScan): OracleView {
  const protocols = PROTOCOLS.filter((p) => scan.protocols[p].offered);
  const byProtocol: Partial<Record<Protocol, number[]>> = {};
  for (const p of protocols)
    if (scan.protocols[p].suites.length) byProtocol[p] = [...scan.protocols[p].suites].sort((a, b) => a - b);
  const suites = [...new Set(Object.values(byProtocol).flat())].sort((a, b) => a - b);
  return { protocols, suites, byProtocol, seconds: scan.durationMs / 1000 };
}

async function pool<T, R>(items: T[], width: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]);
      }
    }),
  );
  return out;
}

describe.runIf(ready)('TLS enumeration agrees with testssl.sh and sslscan', () => {
  const root = tempDir('tls-oracles');
  const rows: Row[] = [];
  const servers: Served[] = [];

  beforeAll(async () => {
    const pki = makePki(root);
    for (const c of TLS_CONFIGS) servers.push(await c.start(pki));
    const scans = await pool(TLS_CONFIGS, 4, async (c) => {
      const port = servers[TLS_CONFIGS.indexOf(c)].port;
      const scan = await scanTls({ host: '127.0.0.1', port });
      return { scan, sslscan: await sslscan(port) };
    });
    // testssl.sh is CPU-bound bash: one per core.
    const testssls = await pool(TESTSSL_CONFIGS, 2, (c) => testssl(servers[TLS_CONFIGS.indexOf(c)].port));
    TLS_CONFIGS.forEach((c, i) =>
      rows.push({
        name: c.name,
        about: c.about,
        scan: scans[i].scan,
        ours: ourView(scans[i].scan),
        sslscan: scans[i].sslscan,
        testssl: testssls[TESTSSL_CONFIGS.indexOf(c)],
      }),
    );
    if (process.env.CHAINAUDIT_ORACLE_TABLE) writeFileSync(process.env.CHAINAUDIT_ORACLE_TABLE, table(rows));
  }, 150 * 60_000);

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    rmSync(root, { recursive: true, force: true });
  });

  it.each(TLS_CONFIGS.map((c) => c.name))('%s: protocols and suites per protocol equal sslscan', (name) => {
    const row = rows.find((r) => r.name === name)!;
    expect(row.scan.anomalies).toEqual([]);
    expect(row.ours.protocols).toEqual(row.sslscan.protocols);
    expect(row.ours.byProtocol).toEqual(row.sslscan.byProtocol);
    expect(row.ours.suites.length).toBeGreaterThan(0);
  });

  it.each(TESTSSL_CONFIGS.map((c) => c.name))('%s: protocols and suites equal testssl.sh', (name) => {
    const row = rows.find((r) => r.name === name)!;
    expect(row.ours.protocols).toEqual(row.testssl!.protocols);
    expect(row.ours.suites).toEqual(row.testssl!.suites);
  });

  it('the legacy-provider server accepts SEED suites, which a Node (OpenSSL) client cannot offer', () => {
    const row = rows.find((r) => r.name === 's_server-seed-legacy-provider')!;
    expect(row.ours.suites).toEqual(expect.arrayContaining([0x0096, 0x009a]));
  });
});

function table(rows: Row[]): string {
  const hex = (s: number[]) => s.map((c) => c.toString(16).padStart(4, '0')).join(' ');
  const lines = [
    '| configuration | protocols (ours / testssl / sslscan) | suites ours | = testssl | = sslscan (per protocol) | our time | testssl time | sslscan time |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    // keys in a fixed order: the tools list protocols in different orders, which is not a difference
    const canonical = (v: unknown) =>
      JSON.stringify(v, (_k, x: unknown) =>
        x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort()) : x,
      );
    const same = (a: unknown, b: unknown) => (canonical(a) === canonical(b) ? 'equal' : 'DIFFERENT');
    // the table is asked for with testssl.sh run on every configuration
    const t = r.testssl!;
    lines.push(
      `| ${r.name}: ${r.about} | ${r.ours.protocols.join(',')} / ${t.protocols.join(',')} / ${r.sslscan.protocols.join(',')} | ${r.ours.suites.length} | ${same(r.ours.suites, t.suites)} (${t.suites.length}) | ${same(r.ours.byProtocol, r.sslscan.byProtocol)} (${r.sslscan.suites.length}) | ${r.ours.seconds.toFixed(2)} s | ${t.seconds.toFixed(1)} s | ${r.sslscan.seconds.toFixed(1)} s |`,
    );
  }
  lines.push('', ...rows.map((r) => `- ${r.name}: ${hex(r.ours.suites)}`));
  return lines.join('\n') + '\n';
}

import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanTls } from '../../src/analyzers/tls/scan.js';
import { SUITES, suiteByCode, suiteStrength } from '../../src/analyzers/tls/suites.js';
import { webChecks } from '../../src/checks/web/index.js';
import { audit } from '../services/servers.js';
import { hasBinary, prerequisite } from '../support/prereq.js';
import {
  startEndlessServer,
  startFakeSmServer,
  startGarbageServer,
  startStallingServer,
  type Fake,
} from './fake-servers.js';
import { tempDir } from './servers.js';
import { freePort } from '../support/ports.js';

const only = (...ids: string[]) => webChecks.filter((c) => ids.includes(c.meta.id));

describe('cipher suite registry', () => {
  it('covers the IANA suites with unique codes and grades them', () => {
    const codes = SUITES.map((s) => s.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(suiteByCode(0xc02f)?.iana).toBe('TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256');
    expect(suiteStrength(suiteByCode(0xc02f)!).strength).toBe('strong');
    expect(suiteStrength(suiteByCode(0x000a)!).strength).toBe('insecure');
    expect(suiteStrength(suiteByCode(0x0005)!).reasons).toContain('RC4');
    expect(suiteStrength(suiteByCode(0x002f)!).reasons).toEqual(['no forward secrecy', 'CBC mode']);
  });

  it('names every suite OpenSSL 3 knows exactly as OpenSSL does', () => {
    const out = execFileSync('openssl', ['ciphers', '-V', '-stdname', 'ALL:COMPLEMENTOFALL:@SECLEVEL=0']).toString();
    for (const line of out.trim().split('\n')) {
      const [hex, , std] = line.trim().split(/\s+/);
      const code = parseInt(hex.replace(/0x|,/g, ''), 16);
      expect(suiteByCode(code)?.iana, hex).toBe(std);
    }
  });
});

describe('hostile and absent endpoints end in a clear error, never a hang', () => {
  const fakes: Fake[] = [];
  afterAll(async () => Promise.all(fakes.map((f) => f.stop())));

  it('garbage instead of a ServerHello', async () => {
    const f = await startGarbageServer();
    fakes.push(f);
    const scan = await scanTls({ host: '127.0.0.1', port: f.port, timeoutMs: 1_000 });
    expect(Object.values(scan.protocols).some((p) => p.offered)).toBe(false);
    expect(scan.anomalies.some((a) => a.startsWith('garbage'))).toBe(true);
    const findings = await audit(
      [{ id: 'g', kind: 'web', url: `https://127.0.0.1:${f.port}/` }],
      only('web.tls.protocols'),
    );
    expect(findings.map((x) => [x.result, x.status, x.message.includes('garbage')])).toEqual([
      ['unreachable', 'error', true],
    ]);
  });

  it('a server that stalls is given up on per handshake', async () => {
    const f = await startStallingServer();
    fakes.push(f);
    const started = performance.now();
    const scan = await scanTls({ host: '127.0.0.1', port: f.port, timeoutMs: 500, skipGroups: true });
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(scan.unreachable).toMatch(/timeout/);
  });

  it('a server that streams without end is cut at the size bound', async () => {
    const f = await startEndlessServer();
    fakes.push(f);
    const scan = await scanTls({ host: '127.0.0.1', port: f.port, timeoutMs: 3_000, maxBytes: 64 * 1024 });
    expect(scan.anomalies.some((a) => a.startsWith('too-large'))).toBe(true);
    expect(Object.values(scan.protocols).some((p) => p.offered)).toBe(false);
  });

  it('nothing listening: the target is reported unreachable and its checks do not run', async () => {
    const port = await freePort();
    const findings = await audit(
      [{ id: 'down', kind: 'web', url: `https://127.0.0.1:${port}/` }],
      only('web.tls.protocols', 'web.tls.cipher-suites', 'web.cert.trust'),
    );
    expect(findings.map((x) => x.checkId)).toEqual(['target.unreachable']);
    expect(findings[0].message).toContain(`127.0.0.1:${port}`);
  });

  it('an http:// endpoint is not applicable to the TLS checks', async () => {
    const f = await startGarbageServer();
    fakes.push(f);
    const findings = await audit(
      [{ id: 'site', kind: 'web', url: `http://127.0.0.1:${f.port}/` }],
      only('web.tls.protocols', 'web.cert.validity'),
    );
    expect(findings.map((x) => `${x.result}:${x.status}`)).toEqual([
      'not-applicable:not-applicable',
      'not-applicable:not-applicable',
    ]);
  });
});

const ready = prerequisite('openssl', hasBinary('openssl'), 'apt-get install openssl');

describe.runIf(ready)('TLCP and RFC 8998 (scripted responder, a fake)', () => {
  const dir = tempDir('tlcp');
  let single: Fake;
  let dual: Fake;
  let sign: Buffer;
  let enc: Buffer;

  beforeAll(async () => {
    const cert = (name: string, usage: string) => {
      execFileSync('openssl', ['genpkey', '-algorithm', 'SM2', '-out', join(dir, `${name}.key`)]);
      execFileSync('openssl', [
        'req',
        '-x509',
        '-key',
        join(dir, `${name}.key`),
        '-out',
        join(dir, `${name}.crt`),
        '-outform',
        'DER',
        '-days',
        '30',
        '-subj',
        `/CN=tlcp ${name}`,
        '-sm3',
        '-sigopt',
        'distid:1234567812345678',
        '-addext',
        `keyUsage=critical,${usage}`,
      ]);
      return readFileSync(join(dir, `${name}.crt`));
    };
    sign = cert('sign', 'digitalSignature');
    enc = cert('enc', 'keyEncipherment,dataEncipherment,keyAgreement');
    dual = await startFakeSmServer({ tlcpCertificates: [sign, enc] });
    single = await startFakeSmServer({ tlcpCertificates: [sign], tlcpSuites: [0xe011], tls13Groups: [41] });
  });
  afterAll(async () => {
    await Promise.all([dual?.stop(), single?.stop()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('detects TLCP with its suites in server order, the SM TLS 1.3 suites and the groups incl. X25519MLKEM768', async () => {
    const scan = await scanTls({ host: '127.0.0.1', port: dual.port });
    expect(scan.protocols.tlcp).toMatchObject({ offered: true, suites: [0xe013, 0xe011], serverPreference: true });
    expect(scan.protocols['tls1.3'].suites).toEqual([0x00c6, 0x1301]);
    expect(scan.protocols['tls1.2'].offered).toBe(false);
    expect(scan.groups.tls13).toEqual([41, 0x11ec]);
    expect(scan.tlcpCertificates).toHaveLength(2);
  });

  it('the checks report TLCP with dual SM2 certificates, RFC 8998 and the post-quantum group', async () => {
    const findings = await audit(
      [{ id: 'gm', kind: 'web', url: `https://127.0.0.1:${dual.port}/` }],
      only('web.tls.sm-crypto', 'web.tls.key-exchange', 'web.tls.protocols'),
    );
    const by = (id: string) => findings.filter((f) => f.checkId === id).map((f) => `${f.result}:${f.status}`);
    expect(by('web.tls.sm-crypto').sort()).toEqual(['rfc8998:pass', 'tlcp:pass']);
    expect(by('web.tls.key-exchange')).toContain('post-quantum:pass');
    expect(by('web.tls.protocols')).toEqual(['modern-only:pass']);
  });

  it('TLCP with a single certificate fails', async () => {
    const findings = await audit(
      [{ id: 'gm1', kind: 'web', url: `https://127.0.0.1:${single.port}/` }],
      only('web.tls.sm-crypto'),
    );
    expect(findings.map((f) => `${f.result}:${f.status}`).sort()).toEqual(['rfc8998:pass', 'tlcp-certificates:fail']);
  });
});

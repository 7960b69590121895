import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanBytes, type BufferScan } from '../../src/analyzers/secrets/buffer.js';
import { secretsChecks } from '../../src/checks/secrets/index.js';
import { secretResult } from '../../src/checks/secrets/shared.js';
import { hasBinary, prerequisite } from '../support/prereq.js';
import { runCli } from '../support/cli.js';

let dir: string;
/** A real P-256 key in PKCS#8 PEM, made by OpenSSL through node:crypto. */
let pem: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'secrets-pem-'));
  pem = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function scan(text: string, file = 'deploy/tls/server.key'): BufferScan {
  const out: BufferScan = { findings: [], encrypted: [] };
  scanBytes(Buffer.from(text), file, out);
  return out;
}

const lines = () => pem.trimEnd().split('\n');

describe('PEM private-key blocks that do not parse', () => {
  it('the intact key is an unencrypted key, as before', () => {
    const [f] = scan(pem).findings;
    expect(f).toMatchObject({ kind: 'pem-private-key', confidence: 'high', line: 1 });
    expect(f.damaged).toBeUndefined();
  });

  it('a file cut short (no END line, last lines missing) is reported as a truncated key', () => {
    const cut = `${lines().slice(0, -2).join('\n')}\n`;
    const found = scan(cut).findings;
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ kind: 'pem-private-key', line: 1, damaged: true, confidence: 'medium' });
    expect(found[0].detail).toMatch(/^damaged or truncated key: PRIVATE KEY block whose body does not parse/);
    expect(found[0].detail).toContain('without its END line');
  });

  it('a block with a line missing or its bytes corrupted is reported as damaged', () => {
    const l = lines();
    const missingLine = [...l.slice(0, 2), ...l.slice(3)].join('\n');
    const corrupted = [l[0], `AAAA${l[1].slice(4)}`, ...l.slice(2)].join('\n');
    for (const text of [missingLine, corrupted]) {
      const found = scan(text).findings;
      expect(found.map((f) => [f.kind, f.damaged])).toEqual([['pem-private-key', true]]);
      expect(found[0].detail).toContain('not a whole DER structure');
      expect(found[0].preview).not.toContain(l[2]);
    }
  });

  it('an OpenSSH key whose container is damaged is reported as damaged', () => {
    if (!prerequisite('ssh-keygen', hasBinary('ssh-keygen'), 'apt-get install openssh-client')) return;
    const path = join(dir, 'id_ed25519');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'test', '-f', path]);
    const key = readFileSync(path, 'utf8').split('\n');
    expect(scan(key.join('\n'), 'id_ed25519').findings.map((f) => f.damaged)).toEqual([undefined]);
    key[1] = `QQ${key[1].slice(2)}`;
    const found = scan(key.join('\n'), 'id_ed25519').findings;
    expect(found).toHaveLength(1);
    expect(found[0].detail).toContain(
      'OPENSSH PRIVATE KEY block whose body does not parse (no openssh-key-v1 container)',
    );
  });

  it('placeholders stay silent', () => {
    const placeholders = [
      '-----BEGIN PRIVATE KEY-----\n...your key here...\n-----END PRIVATE KEY-----\n',
      `-----BEGIN PRIVATE KEY-----\n${'A'.repeat(64)}\n${'A'.repeat(64)}\n-----END PRIVATE KEY-----\n`,
      '-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA...\n-----END RSA PRIVATE KEY-----\n',
      '-----BEGIN PRIVATE KEY-----\n',
    ];
    for (const text of placeholders) expect(scan(text).findings, text).toEqual([]);
  });

  it('the unencrypted-keys check warns about it, and the CLI shows it', async () => {
    const cut = `${lines().slice(0, -2).join('\n')}\n`;
    const meta = secretsChecks.find((c) => c.meta.id === 'secrets.unencrypted-private-keys')!.meta;
    const result = secretResult(meta, scan(cut).findings[0], dir);
    expect(result).toMatchObject({ status: 'warn', severity: 'low' });
    expect(result.evidence).toContainEqual({
      label: 'key material',
      value: 'damaged or truncated: the block does not parse whole',
    });
    writeFileSync(join(dir, 'server.key'), cut);
    const r = await runCli(['secrets', join(dir, 'server.key')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('damaged or truncated key');
    const body = lines().slice(1, -2).join('');
    expect(r.stdout).not.toContain(body.slice(10, 40));
  });
});

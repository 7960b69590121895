import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_FORMATS, MANIFEST_FILE, REPORT_FILE } from '../../src/report/write.js';
import { runCli } from '../support/cli.js';

/**
 * A FAKE node, named as such: no real node echoes the Authorization header back into its answers,
 * but a misconfigured proxy or an error page can, and then the token must not reach any report.
 */
const TOKEN = 'tok_live_9f2c4e7a1b3d5f60718293a4b5c6d7e8';
let fake: Server;
let url = '';

beforeAll(async () => {
  fake = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      let id: unknown = 1;
      let method = '';
      try {
        ({ id, method } = JSON.parse(body));
      } catch {
        // not JSON: answered below like any unknown call
      }
      const auth = req.headers.authorization ?? '(none)';
      res.setHeader('content-type', 'application/json');
      res.setHeader('x-seen-authorization', auth);
      const result =
        method === 'eth_chainId' ? '0x539' : method === 'web3_clientVersion' ? `EchoNode/v1 (auth ${auth})` : null;
      res.end(
        JSON.stringify(
          result === null
            ? { jsonrpc: '2.0', id, error: { code: -32601, message: `method ${method} not found; you sent ${auth}` } }
            : { jsonrpc: '2.0', id, result },
        ),
      );
    });
  });
  await new Promise<void>((r) => fake.listen(0, '127.0.0.1', r));
  const addr = fake.address();
  url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
});
afterAll(() => new Promise<void>((r) => fake.close(() => r())));

describe('credentials the run uses never reach what it writes', () => {
  it('a bearer token echoed by the target is masked in every report and in the history database', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chainaudit-redact-'));
    process.env.CHAINAUDIT_TEST_ECHO_TOKEN = TOKEN;
    const scope = join(dir, 'scope.yaml');
    writeFileSync(
      scope,
      `name: echo\ntargets:\n  - id: echo\n    kind: evm-node\n    rpc: ${url}\n    auth: { bearer: { env: CHAINAUDIT_TEST_ECHO_TOKEN } }\n`,
    );
    const db = join(dir, 'history.db');
    const r = await runCli([
      'audit',
      scope,
      '--out',
      join(dir, 'out'),
      '--db',
      db,
      '--only',
      'evm.*',
      '--format',
      'all',
    ]);
    expect(r.code, r.stderr).not.toBe(3);
    const files = readdirSync(join(dir, 'out'));
    // every report and the folder's manifest
    expect(files.sort()).toEqual([...ALL_FORMATS.map((f) => REPORT_FILE[f]), MANIFEST_FILE].sort());
    // the workbook is a zip: its sheets are read as the text they hold
    const written = await Promise.all(
      files.map(async (f) => {
        const data = readFileSync(join(dir, 'out', f));
        if (!f.endsWith('.xlsx')) return data.toString('utf8');
        const zip = await JSZip.loadAsync(data);
        return (await Promise.all(Object.values(zip.files).map((e) => e.async('string')))).join('\n');
      }),
    );
    const json = written.join('\n');
    expect(json).toContain('EchoNode/v1');
    expect(json).toContain('tok_');
    for (const text of [...written, r.stderr, r.stdout]) expect(text).not.toContain(TOKEN);
    const rows = new Database(db, { readonly: true }).prepare('SELECT assessment FROM runs').all() as {
      assessment: string;
    }[];
    expect(rows).toHaveLength(1);
    expect(rows[0].assessment).not.toContain(TOKEN);
    expect(rows[0].assessment).not.toContain(Buffer.from(`:${TOKEN}`).toString('base64'));
  });

  it('a URL carrying credentials is refused by the scope loader, naming the field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chainaudit-redact-'));
    const scope = join(dir, 'scope.yaml');
    writeFileSync(
      scope,
      `name: inline\ntargets:\n  - id: n\n    kind: evm-node\n    rpc: http://admin:hunter2@127.0.0.1:8545\n`,
    );
    const r = await runCli(['audit', scope, '--out', join(dir, 'out'), '--no-store']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/scope\.yaml:\d+: targets\.0\.rpc: a URL must not carry credentials/);
    expect(r.stderr).not.toContain('hunter2');
  });
});

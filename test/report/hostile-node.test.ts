import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

/**
 * A fake JSON-RPC node, named as such: no real node lets us choose its client-version string, and
 * the point is a target that answers with markup meant to run in the auditor's browser.
 */
const HOSTILE = '<img src=x onerror=alert(1)>';
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
        // answer garbage with an error like a node would
      }
      const result =
        method === 'web3_clientVersion'
          ? HOSTILE
          : method === 'eth_chainId'
            ? '0x539'
            : method === 'eth_accounts'
              ? []
              : null;
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify(
          result === null
            ? {
                jsonrpc: '2.0',
                id,
                error: { code: -32601, message: `the method ${method} does not exist/is not available ${HOSTILE}` },
              }
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

describe('a hostile client version reaches the reports only escaped', () => {
  it('HTML and Markdown never contain the raw markup', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chainaudit-hostile-'));
    const scope = join(dir, 'scope.yaml');
    writeFileSync(scope, `name: hostile\ntargets:\n  - id: evil\n    kind: evm-node\n    rpc: ${url}\n`);
    const r = await runCli([
      'audit',
      scope,
      '--out',
      join(dir, 'out'),
      '--no-store',
      '--only',
      'evm.*',
      '--allow-incomplete',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const json = readFileSync(join(dir, 'out', 'report.json'), 'utf8');
    expect(json).toContain(HOSTILE.replace(/"/g, '\\"'));
    const html = readFileSync(join(dir, 'out', 'report.html'), 'utf8');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain(HOSTILE);
    const md = readFileSync(join(dir, 'out', 'report.md'), 'utf8');
    expect(md).not.toContain(HOSTILE);
  });
});

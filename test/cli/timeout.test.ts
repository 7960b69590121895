import { createServer, type Server, type ServerResponse } from 'node:http';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtCli, runBuilt } from '../support/built-cli.js';
import { runCli } from '../support/cli.js';
import { prerequisite } from '../support/prereq.js';

/**
 * A fake JSON-RPC node, named as such: it answers eth_chainId at once (so the target counts as
 * reached) and never answers anything else. No real node here stalls on demand, and a check that
 * outlives its time limit is exactly what is under test.
 */
let fake: Server;
let url = '';
const pending = new Set<ServerResponse>();

beforeAll(async () => {
  fake = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => {
      if (body.length < 4096) body += d.toString('latin1');
    });
    req.on('end', () => {
      const m = /^\{"jsonrpc":"2\.0","id":(\d+),"method":"eth_chainId"/.exec(body);
      if (m) {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ jsonrpc: '2.0', id: Number(m[1]), result: '0x539' }));
        return;
      }
      pending.add(res);
      res.on('close', () => pending.delete(res));
    });
  });
  await new Promise<void>((r) => fake.listen(0, '127.0.0.1', r));
  const addr = fake.address();
  url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
});
afterAll(async () => {
  for (const res of pending) res.destroy();
  fake.closeAllConnections();
  await new Promise<void>((r) => fake.close(() => r()));
});

function scopeFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'chainaudit-timeout-'));
  const scope = join(dir, 'scope.yaml');
  writeFileSync(scope, `name: stalling node\ntargets:\n  - id: slow\n    kind: evm-node\n    rpc: ${url}\n`);
  return scope;
}

describe('--timeout bounds the intrusive probes', () => {
  it('the robustness probe ends with its check: an error finding, and no request left open', async () => {
    const scope = scopeFile();
    const out = join(scope, '..', 'out');
    const started = Date.now();
    const r = await runCli([
      'audit',
      scope,
      '--intrusive',
      '--only',
      'evm.rpc.robustness',
      '--timeout',
      '1500',
      '--no-store',
      '--out',
      out,
      '--format',
      'json',
    ]);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(r.code, r.stderr).toBe(4);
    // the closing summary says so first
    expect(r.stderr).toMatch(
      /Incomplete run: .*\n  · 1 check run\(s\) ended in an error\nCoverage: Targets reached: 1\/1/,
    );
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    const robustness = report.findings.filter((f: { checkId: string }) => f.checkId === 'evm.rpc.robustness');
    expect(robustness).toHaveLength(1);
    expect(robustness[0].status).toBe('error');
    expect(robustness[0].message).toContain('timed out after 1500 ms');
    // the probe's request is cancelled with its check, not left to the client's own 10 s limit
    for (let i = 0; i < 50 && pending.size > 0; i++) await new Promise((res) => setTimeout(res, 20));
    expect(pending.size).toBe(0);
  });
});

describe.runIf(prerequisite('built CLI', builtCli, 'run `npm run build` first'))(
  'progress keeps ticking while a check runs long (built CLI)',
  () => {
    const args = (out: string) => [
      'audit',
      scopeFile(),
      '--intrusive',
      '--only',
      'evm.rpc.robustness',
      '--timeout',
      '8000',
      '--no-store',
      '--out',
      out,
      '--format',
      'json',
    ];

    it('on a pipe: one line per tick, naming the running check and its time', async () => {
      const r = await runBuilt(args(join(tmpdir(), `chainaudit-tick-${process.pid}-pipe`)), {
        limitMs: 60_000,
        env: { NO_COLOR: '1' },
      });
      expect(r.killed).toBe(false);
      expect(r.stderr).toMatch(/^\[0\/1\] [\d.]+s running 1: evm\.rpc\.robustness @ slow \(\d+s\)$/m);
    });

    it('on a terminal: the same line, redrawn in place', async () => {
      const r = await runBuilt(args(join(tmpdir(), `chainaudit-tick-${process.pid}-tty`)), {
        limitMs: 60_000,
        env: { NO_COLOR: '1', COLUMNS: '200' },
        // script(1) gives the CLI a pseudo-terminal; what the terminal shows arrives on its stdout
        wrap: (argv) => ['script', ['-qefc', argv.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' '), '/dev/null']],
      });
      expect(r.killed).toBe(false);
      expect(r.stdout).toMatch(/\r\x1b\[K\[0\/1\] [\d.]+s running 1: evm\.rpc\.robustness @ slow \(\d+s\)/);
    });
  },
);

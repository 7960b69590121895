import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { CliEnv } from '../../src/cli/env.js';
import { fixture } from './fixtures.js';

const tmp = mkdtempSync(join(tmpdir(), 'chainaudit-ledger-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const env: CliEnv = {
    out: (t) => (out += `${t}\n`),
    err: (t) => (err += `${t}\n`),
    progress: () => {},
    setExitCode: () => {},
    lang: 'en',
    isTTY: false,
  };
  const code = await main(['node', 'chainaudit', ...args], env);
  return { code, out, err };
}

describe('chainaudit ledger verify', () => {
  it('exit 0 and JSON for a valid ledger', async () => {
    const r = await run('ledger', 'verify', fixture('bitcoin/chain/blocks1-256.dat'), '--output', 'json');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(json).toMatchObject({ ok: true, blocks: 255, failedBlocks: 0, format: 'bitcoin-blk' });
  });

  it('exit 1 and the failing block, field, expected and actual for a tampered ledger', async () => {
    const r = await run('ledger', 'verify', fixture('fabric/ledgerutil/sample_bad_ledger/blockfile_000000'));
    expect(r.code).toBe(1);
    expect(r.out).toContain('RESULT: 2 block(s) FAILED');
    expect(r.out).toMatch(
      /block 0 [0-9a-f]{64}: header\.data_hash: DataHash mismatch.*\(expected [0-9a-f]{64}, actual [0-9a-f]{64}\)/,
    );
    const md = await run(
      'ledger',
      'verify',
      fixture('fabric/ledgerutil/glued_together'),
      '--format',
      'fabric',
      '--output',
      'md',
    );
    expect(md.code).toBe(1);
    expect(md.out).toContain('| 8 |');
  });

  it('exit 2 with a one-line message for bad input', async () => {
    const garbage = join(tmp, 'garbage');
    writeFileSync(garbage, 'hello');
    for (const args of [
      ['ledger', 'verify', join(tmp, 'nope')],
      ['ledger', 'verify', garbage],
      ['ledger', 'verify', garbage, '--format', 'bitcoin-blk'],
      ['ledger', 'verify', fixture('bitcoin/chain/blocks1-256.dat'), '--from', '10', '--to', '5'],
      ['ledger', 'verify', 'http://127.0.0.1:1/', '--format', 'ethereum-rpc'],
    ]) {
      const r = await run(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.err).not.toMatch(/\n\s+at /);
    }
  });

  it('exit 2 for an unknown --format', async () => {
    expect((await run('ledger', 'verify', 'x', '--format', 'nonsense')).code).toBe(2);
  });

  it('--from/--to limit the findings reported for a file', async () => {
    const r = await run(
      'ledger',
      'verify',
      fixture('fabric/ledgerutil/sample_bad_ledger/blockfile_000000'),
      '--from',
      '2',
      '--output',
      'json',
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).failedBlocks).toBe(0);
  });
});

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyLedger } from '../../src/analyzers/ledger/index.js';
import { fixture, fixtureJson } from './fixtures.js';

const tmp = mkdtempSync(join(tmpdir(), 'chainaudit-ledger-fabric-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Expected {
  blockNum: number;
  valid: boolean;
  errors: string[];
}

/** Maps our findings to the shape of `ledgerutil verify` output, to compare with Fabric's expected files. */
function asLedgerutil(issues: Array<{ height: number | null; rule: string; message: string }>): Expected[] {
  const byBlock = new Map<number, string[]>();
  for (const i of issues) {
    const text =
      i.rule === 'data-hash-mismatch'
        ? 'DataHash mismatch'
        : i.rule === 'previous-hash-mismatch'
          ? 'PreviousHash mismatch'
          : i.message;
    byBlock.set(i.height ?? -1, [...(byBlock.get(i.height ?? -1) ?? []), text]);
  }
  return [...byBlock].map(([blockNum, errors]) => ({ blockNum, valid: false, errors }));
}

describe('Hyperledger Fabric block stores (internal/ledgerutil test ledgers)', () => {
  it('sample_prod: 8 blocks, hash chain and data hashes valid (expected: correct_blocks.json)', async () => {
    const r = await verifyLedger({ format: 'auto', source: fixture('fabric/ledgerutil/sample_prod/blockfile_000000') });
    expect(r.format).toBe('fabric');
    expect(asLedgerutil(r.issues)).toEqual(fixtureJson('fabric/ledgerutil/expected/correct_blocks.json'));
    expect([r.blocks, r.verified['previous hash'], r.verified['data hash']]).toEqual([8, 7, 8]);
  });

  it('sample_bad_ledger: block 0 DataHash mismatch, block 1 PreviousHash mismatch (expected: hash_error_blocks.json)', async () => {
    const r = await verifyLedger({
      format: 'fabric',
      source: fixture('fabric/ledgerutil/sample_bad_ledger/blockfile_000000'),
    });
    expect(asLedgerutil(r.issues)).toEqual(fixtureJson('fabric/ledgerutil/expected/hash_error_blocks.json'));
    const dh = r.issues.find((i) => i.rule === 'data-hash-mismatch')!;
    expect(dh.expected).toMatch(/^[0-9a-f]{64}$/);
    expect(dh.actual).toMatch(/^[0-9a-f]{64}$/);
  });

  it('glued_together: two envelopes glued into one are caught by parsing the envelope (expected: glued_together.json)', async () => {
    const r = await verifyLedger({
      format: 'fabric',
      source: fixture('fabric/ledgerutil/glued_together/blockfile_000000'),
    });
    expect(asLedgerutil(r.issues)).toEqual([
      {
        blockNum: 8,
        valid: false,
        errors: ['transaction 0 has 3183 trailing bytes after its Envelope', 'DataHash mismatch'],
      },
    ]);
    const expected = fixtureJson<Expected[]>('fabric/ledgerutil/expected/glued_together.json');
    expect(expected[0].errors[0]).toBe('transaction 0 has 3183 trailing bytes');
  });

  it('sample_ledger_from_snapshot: blocks 3–6 link to the snapshot hash in bootstrappingSnapshot.info', async () => {
    const r = await verifyLedger({
      format: 'fabric',
      source: fixture('fabric/ledgerutil/sample_ledger_from_snapshot'),
    });
    expect(r.issues).toEqual([]);
    expect([r.firstHeight, r.lastHeight, r.verified['previous hash']]).toEqual([3, 6, 4]);
  });

  it('mutations: flipped byte in an envelope, truncated file', async () => {
    const raw = readFileSync(fixture('fabric/ledgerutil/sample_prod/blockfile_000000'));
    const flipped = Buffer.from(raw);
    flipped[raw.length - 2000] ^= 0x01;
    writeFileSync(join(tmp, 'flipped'), flipped);
    const f = await verifyLedger({ format: 'fabric', source: join(tmp, 'flipped') });
    expect(f.failedBlocks).toBeGreaterThan(0);
    writeFileSync(join(tmp, 'truncated'), raw.subarray(0, raw.length - 500));
    const t = await verifyLedger({ format: 'fabric', source: join(tmp, 'truncated') });
    expect(t.blocks).toBe(7);
    expect(t.issues.map((i) => i.rule)).toEqual(['truncated']);
  });
});

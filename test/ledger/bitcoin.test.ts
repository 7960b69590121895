import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyLedger } from '../../src/analyzers/ledger/index.js';
import { Cursor, parseBlock } from '../../src/analyzers/ledger/bitcoin/block.js';
import { NETWORKS, bitsToTarget } from '../../src/analyzers/ledger/bitcoin/params.js';
import { legacySighash } from '../../src/analyzers/ledger/bitcoin/sighash.js';
import { CONSENSUS_RULES, verifyInput, type SignatureRules } from '../../src/analyzers/ledger/bitcoin/signatures.js';
import { decodeTx, decodeTxHex, type TxOutput } from '../../src/analyzers/ledger/bitcoin/tx.js';
import { BitcoinVerifier, blockStructure } from '../../src/analyzers/ledger/bitcoin/verify.js';
import { ReportBuilder, type LedgerReport } from '../../src/analyzers/ledger/types.js';
import { fixture, fixtureJson } from './fixtures.js';
import { parseScript } from './script-notation.js';

const tmp = mkdtempSync(join(tmpdir(), 'chainaudit-ledger-btc-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const BLOCK_413567 = readFileSync(fixture('bitcoin/blocks/block413567.raw'));
const BLOCK_574200 = readFileSync(
  fixture('bitcoin/blocks/block-0000000000000000001602407ac49862a7bca9d00f7f402db20b7be2f5de59d2.raw'),
);
const BLK_277647 = readFileSync(fixture('bitcoin/blocks/block277647.blk.dat'));
const BLOCK_277647 = BLK_277647.subarray(8);
const NOW = 1_800_000_000;

function verifyBlocks(blocks: Buffer[], signatures = false, network = NETWORKS.mainnet): LedgerReport {
  const rb = new ReportBuilder('bitcoin', 'test', 'bitcoin-raw');
  const v = new BitcoinVerifier(rb, { network, signatures, now: NOW });
  blocks.forEach((b, i) => v.addBlock(b, { offset: i }));
  v.finish();
  return rb.finish();
}

function rules(issues: LedgerReport['issues']): string[] {
  return [...new Set(issues.map((i) => i.rule))].sort();
}

function blkFile(name: string, blocks: Buffer[], magic = 'f9beb4d9'): string {
  const parts = blocks.flatMap((b) => {
    const head = Buffer.alloc(8);
    Buffer.from(magic, 'hex').copy(head);
    head.writeUInt32LE(b.length, 4);
    return [head, b];
  });
  const path = join(tmp, name);
  writeFileSync(path, Buffer.concat(parts));
  return path;
}

function splitBlk(buf: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let p = 0; p + 8 <= buf.length;) {
    const len = buf.readUInt32LE(p + 4);
    out.push(buf.subarray(p + 8, p + 8 + len));
    p += 8 + len;
  }
  return out;
}

describe('real Bitcoin blocks verify', () => {
  it('mainnet blocks 1–255 (blk framing): hash chain from genesis, PoW, Merkle roots, MTP, difficulty', async () => {
    const r = await verifyLedger({ format: 'auto', source: fixture('bitcoin/chain/blocks1-256.dat') });
    expect(r.format).toBe('bitcoin-blk');
    expect(r.issues).toEqual([]);
    expect(r.blocks).toBe(255);
    expect([r.firstHeight, r.lastHeight]).toEqual([1, 255]);
    expect(r.verified['previous-hash link']).toBe(255);
    expect(r.verified['merkle root']).toBe(255);
    expect(r.verified['proof of work']).toBe(255);
    expect(r.verified['median-time-past']).toBe(255);
    expect(r.heights.get(1)).toBe('00000000839a8e6886ab5951d76f411475428afc90947ee320161bbf18eb6048');
  });

  it('blocks 0–4 including the genesis block, and their signatures', async () => {
    const r = await verifyLedger({ format: 'bitcoin-blk', source: fixture('bitcoin/chain/blk_0_to_4.dat') });
    expect(r.issues).toEqual([]);
    expect(r.heights.get(0)).toBe(NETWORKS.mainnet.genesis);
    expect(r.lastHeight).toBe(4);
  });

  it('mainnet headers 1–11 hash and link (btcd header fixture)', () => {
    const lines = readFileSync(fixture('bitcoin/chain/blockheaders-mainnet-1-11.txt'), 'utf8').trim().split('\n');
    let prev = NETWORKS.mainnet.genesis;
    for (const line of lines) {
      const raw = Buffer.from(line.trim(), 'hex');
      const { hash, parsed } = blockStructure(Buffer.concat([raw, Buffer.from([1]), minimalCoinbase()]));
      expect(Buffer.from(parsed.header.prevHash).reverse().toString('hex')).toBe(prev);
      expect(BigInt(`0x${hash}`) <= bitsToTarget(parsed.header.bits).target).toBe(true);
      prev = hash;
    }
    expect(lines).toHaveLength(11);
  });

  it('block 413,567 (1,557 txs): Merkle root, PoW, BIP34 height and every P2PKH signature', async () => {
    const r = await verifyLedger({ format: 'auto', source: fixture('bitcoin/blocks/block413567.raw') });
    expect(r.format).toBe('bitcoin-raw');
    expect(r.issues).toEqual([]);
    expect(r.firstHeight).toBe(413567);
    expect(r.heights.get(413567)).toBe('0000000000000000025aff8be8a55df8f89c77296db6198f272d6577325d4069');
    expect(r.verified['BIP34 height']).toBe(1);
    expect(r.verified['signature p2pkh']).toBeGreaterThan(3000);
    expect(r.notVerified.some((n) => n.what.includes('UTXO'))).toBe(true);
  });

  it('block 574,200 (SegWit, 3,315 txs): witness commitment and in-block segwit spends', async () => {
    const r = await verifyLedger({
      format: 'bitcoin-raw',
      source: fixture('bitcoin/blocks/block-0000000000000000001602407ac49862a7bca9d00f7f402db20b7be2f5de59d2.raw'),
    });
    expect(r.issues).toEqual([]);
    expect(r.firstHeight).toBe(574200);
    expect(r.verified['witness commitment']).toBe(1);
    expect(r.verified['signature p2wpkh'] ?? 0).toBeGreaterThan(0);
    const missing = r.notVerified.find((n) => n.what === 'signature (p2wpkh)');
    expect(missing?.reason).toBe('spent output amount not in the source');
  });

  it('block 277,647 (blk framing): BIP34 height from the coinbase', async () => {
    const r = await verifyLedger({ format: 'auto', source: fixture('bitcoin/blocks/block277647.blk.dat') });
    expect(r.issues).toEqual([]);
    expect(r.firstHeight).toBe(277647);
    expect(r.events.map((e) => e.kind)).toEqual(['unlinked-start']);
  });

  it('bitcoinjs-lib block fixtures: ids, Merkle roots and witness commitments', () => {
    const data = fixtureJson<{
      valid: Array<{ id: string; hex: string; merkleRoot: string; witnessCommit?: string; description: string }>;
      invalid: Array<{ hex: string }>;
    }>('bitcoin/bitcoinjs/block.json');
    let full = 0;
    for (const v of data.valid) {
      const buf = Buffer.from(v.hex, 'hex');
      if (buf.length === 80) {
        expect(blockStructure(Buffer.concat([buf, Buffer.from([1]), minimalCoinbase()])).hash).toBe(v.id);
        continue;
      }
      const s = blockStructure(buf);
      expect(s.hash).toBe(v.id);
      expect(s.merkle.root.toString('hex')).toBe(v.merkleRoot);
      const network =
        v.description.includes('testnet') || v.description.includes('KiB') ? NETWORKS.testnet : NETWORKS.mainnet;
      const r = verifyBlocks([buf], false, network);
      expect(r.issues.filter((i) => i.rule !== 'proof-of-work' || network === NETWORKS.mainnet)).toEqual([]);
      full++;
    }
    expect(full).toBeGreaterThanOrEqual(4);
    for (const bad of data.invalid)
      expect(verifyBlocks([Buffer.from(bad.hex, 'hex')]).issues[0].rule).toBe('unparseable');
  });
});

function minimalCoinbase(): Buffer {
  return Buffer.from(
    '01000000010000000000000000000000000000000000000000000000000000000000000000ffffffff0704ffff001d0104ffffffff0100f2052a0100000043410496b538e853519c726a2c91e61ec11600ae1390813a627c66fb8be7947be63c52da7589379515d4e0a604f8141781e62294721166bf621e73a82cbf2342c858eeac00000000',
    'hex',
  );
}

describe('mutated copies of real blocks are caught', () => {
  const HEADER_FIELDS: Array<[string, number, string]> = [
    ['version', 1, 'proof-of-work'],
    ['prevHash', 10, 'proof-of-work'],
    ['merkleRoot', 40, 'merkle-root-mismatch'],
    ['time', 69, 'proof-of-work'],
    ['bits', 72, 'proof-of-work'],
    ['nonce', 77, 'proof-of-work'],
  ];
  for (const [field, at, rule] of HEADER_FIELDS) {
    it(`one flipped byte in header.${field} of block 413,567`, () => {
      const m = Buffer.from(BLOCK_413567);
      m[at] ^= 0x01;
      const r = verifyBlocks([m]);
      expect(r.failedBlocks).toBe(1);
      expect(rules(r.issues)).toContain(rule);
      const issue = r.issues.find((i) => i.rule === rule)!;
      expect(issue.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(issue.height).toBe(413567);
    });
  }

  it('one flipped byte in a transaction: Merkle root mismatch naming expected and actual', () => {
    const m = Buffer.from(BLOCK_413567);
    const tx = parseBlock(m).txs[700];
    m[tx.end - 10] ^= 0x80;
    const r = verifyBlocks([m]);
    const issue = r.issues.find((i) => i.rule === 'merkle-root-mismatch')!;
    expect(issue.field).toBe('merkleRoot');
    expect(issue.actual).toBe(Buffer.from(BLOCK_413567.subarray(36, 68)).reverse().toString('hex'));
    expect(issue.expected).toMatch(/^[0-9a-f]{64}$/);
    expect(issue.expected).not.toBe(issue.actual);
  });

  it('a flipped byte in a signature is caught by signature verification (non-repudiation)', () => {
    const m = Buffer.from(BLOCK_277647);
    const parsed = parseBlock(m);
    const span = parsed.txs[5];
    const c = new Cursor(m, span.start, span.end);
    const tx = decodeTx(c);
    const sigOffset = tx.inputs[0].scriptSig.byteOffset - m.byteOffset + 10;
    m[sigOffset] ^= 0x01;
    const r = verifyBlocks([m], true);
    expect(rules(r.issues)).toEqual(['merkle-root-mismatch', 'signature-invalid']);
    expect(r.issues.find((i) => i.rule === 'signature-invalid')!.field).toBe('tx[5].input[0].signature');
  });

  it('CVE-2012-2459: duplicating the last tx of block 277,647 (213 txs) keeps the Merkle root, and is detected', () => {
    const parsed = parseBlock(BLOCK_277647);
    const last = parsed.txs[parsed.txs.length - 1];
    const count = BLOCK_277647[80];
    expect(count).toBe(213);
    const mutated = Buffer.concat([
      BLOCK_277647.subarray(0, 80),
      Buffer.from([214]),
      BLOCK_277647.subarray(81),
      BLOCK_277647.subarray(last.start, last.end),
    ]);
    const r = verifyBlocks([mutated]);
    expect(rules(r.issues)).toEqual(['duplicate-txid', 'merkle-mutation']);
    expect(r.issues.some((i) => i.rule === 'merkle-root-mismatch')).toBe(false);
  });

  it('a BIP34 height that lies: coinbase height byte changed (Merkle root recomputed is still wrong)', () => {
    const m = Buffer.from(BLOCK_413567);
    const c = new Cursor(m, parseBlock(m).txs[0].bodyStart + 1 + 36 + 1);
    m[c.pos + 1] ^= 0x01;
    const r = verifyBlocks([m]);
    expect(rules(r.issues)).toContain('merkle-root-mismatch');
  });

  it('a truncated blk file reports the cut record and keeps the complete ones', async () => {
    const whole = readFileSync(fixture('bitcoin/chain/blocks1-256.dat'));
    const path = join(tmp, 'truncated.dat');
    writeFileSync(path, whole.subarray(0, whole.length - 100));
    const r = await verifyLedger({ format: 'bitcoin-blk', source: path });
    expect(r.blocks).toBe(254);
    expect(r.issues.map((i) => i.rule)).toEqual(['truncated']);
  });

  it('a removed block is a gap; a block from elsewhere breaks the chain; blocks out of order still link', async () => {
    const blocks = splitBlk(readFileSync(fixture('bitcoin/chain/blocks1-256.dat')));
    const gap = await verifyLedger({
      format: 'bitcoin-blk',
      source: blkFile('gap.dat', [...blocks.slice(0, 100), ...blocks.slice(101)]),
    });
    expect(gap.events.filter((e) => e.kind === 'gap')).toHaveLength(1);
    expect(gap.events.find((e) => e.kind === 'gap')!.hash).toBe(blockStructure(blocks[101]).hash);
    const shuffled = await verifyLedger({
      format: 'bitcoin-blk',
      source: blkFile('shuffled.dat', [...blocks.slice(100), ...blocks.slice(0, 100)]),
    });
    expect(shuffled.issues).toEqual([]);
    expect(shuffled.events).toEqual([]);
    expect(shuffled.verified['previous-hash link']).toBe(255);
    const dup = await verifyLedger({
      format: 'bitcoin-blk',
      source: blkFile('dup.dat', [...blocks.slice(0, 10), blocks[5]]),
    });
    expect(dup.events.map((e) => e.kind)).toEqual(['duplicate']);
  });

  it('binary garbage and a wrong magic are bad input, not a crash', async () => {
    const path = join(tmp, 'garbage.bin');
    writeFileSync(path, Buffer.from('this is not a block file at all, just text\n'.repeat(3)));
    await expect(verifyLedger({ format: 'bitcoin-blk', source: path })).rejects.toThrow(/not a blk\*\.dat file/);
    await expect(verifyLedger({ format: 'auto', source: join(tmp, 'missing') })).rejects.toThrow(/no such file/);
    const r = verifyBlocks([Buffer.from('00'.repeat(120), 'hex')]);
    expect(r.issues[0].rule).toBe('unparseable');
  });
});

/* ---- Bitcoin Core's signature vectors ---- */

type Vector = [Array<[string, number, string, number?]>, string, string];

function prevoutsFor(v: Vector): Map<string, TxOutput> {
  const m = new Map<string, TxOutput>();
  for (const [hash, index, script, amount] of v[0])
    m.set(`${hash}:${index >>> 0}`, { script: parseScript(script), value: BigInt(amount ?? 0) });
  return m;
}

const ALL_FLAGS = [
  'P2SH',
  'STRICTENC',
  'DERSIG',
  'LOW_S',
  'NULLDUMMY',
  'SIGPUSHONLY',
  'MINIMALDATA',
  'DISCOURAGE_UPGRADABLE_NOPS',
  'CLEANSTACK',
  'CHECKLOCKTIMEVERIFY',
  'CHECKSEQUENCEVERIFY',
  'WITNESS',
  'NULLFAIL',
  'WITNESS_PUBKEYTYPE',
  'CONST_SCRIPTCODE',
  'TAPROOT',
];

function rulesFor(flags: Set<string>): SignatureRules & { witness: boolean } {
  return {
    ...CONSENSUS_RULES,
    strictDer: flags.has('DERSIG') || flags.has('LOW_S') || flags.has('STRICTENC'),
    lowS: flags.has('LOW_S'),
    strictEnc: flags.has('STRICTENC'),
    compressedWitnessKeys: flags.has('WITNESS_PUBKEYTYPE'),
    witness: flags.has('WITNESS') && flags.has('P2SH'),
  };
}

function checkVector(v: Vector, flags: Set<string>): { valid: number; invalid: number; skipped: number } {
  const tx = decodeTxHex(v[1]);
  const known = prevoutsFor(v);
  const prevouts = tx.inputs.map((i) =>
    known.get(`${Buffer.from(i.prevTxid).reverse().toString('hex')}:${i.prevIndex}`),
  );
  const r = rulesFor(flags);
  const out = { valid: 0, invalid: 0, skipped: 0 };
  tx.inputs.forEach((_, i) => {
    const verdict = verifyInput(tx, i, prevouts, r);
    if (verdict.status !== 'not-verified' && verdict.type !== 'p2pkh' && !r.witness) out.skipped++;
    else if (verdict.status === 'valid') out.valid++;
    else if (verdict.status === 'invalid') out.invalid++;
    else out.skipped++;
  });
  return out;
}

describe("Bitcoin Core's vectors", () => {
  it('sighash.json: every legacy signature hash matches', () => {
    const vectors = fixtureJson<unknown[][]>('bitcoin/core-vectors/sighash.json').filter(
      (v) => v.length === 5,
    ) as Array<[string, string, number, number, string]>;
    let matched = 0;
    for (const [rawTx, script, index, hashType, expected] of vectors) {
      const tx = decodeTxHex(rawTx);
      const got = legacySighash(tx, index, Buffer.from(script, 'hex'), hashType);
      expect(Buffer.from(got).reverse().toString('hex')).toBe(expected);
      matched++;
    }
    expect(matched).toBe(500);
    console.info(`sighash.json: ${matched}/500 legacy signature hashes reproduced`);
  });

  it('tx_valid.json: every standard-type input signature verifies', () => {
    const vectors = fixtureJson<unknown[]>('bitcoin/core-vectors/tx_valid.json').filter(
      (v): v is Vector => Array.isArray(v) && Array.isArray(v[0]),
    );
    let verified = 0;
    let skipped = 0;
    for (const v of vectors) {
      const excluded = new Set(v[2].split(','));
      const flags = new Set(ALL_FLAGS.filter((f) => !excluded.has(f)));
      const res = checkVector(v, flags);
      expect(res.invalid, `${v[1].slice(0, 60)}…`).toBe(0);
      verified += res.valid;
      skipped += res.skipped;
    }
    expect(verified).toBeGreaterThan(40);
    console.info(
      `tx_valid.json: ${vectors.length} vectors, ${verified} standard-type input signatures verified, ${skipped} inputs of other script types reported not verified`,
    );
  });

  it('tx_invalid.json: signature failures in standard-type inputs are rejected, the rest reported out of reach', () => {
    const vectors = fixtureJson<unknown[]>('bitcoin/core-vectors/tx_invalid.json').filter(
      (v): v is Vector => Array.isArray(v) && Array.isArray(v[0]),
    );
    let detected = 0;
    let badTx = 0;
    let outOfReach = 0;
    for (const v of vectors) {
      if (v[2] === 'BADTX') {
        badTx++;
        continue;
      }
      let res;
      try {
        res = checkVector(v, new Set(v[2].split(',')));
      } catch {
        detected++;
        continue;
      }
      if (res.invalid > 0) detected++;
      else outOfReach++;
    }
    expect(detected).toBeGreaterThan(0);
    console.info(
      `tx_invalid.json: ${vectors.length} vectors: ${detected} rejected by signature/encoding checks, ${badTx} BADTX (CheckTransaction rules), ${outOfReach} fail on script rules beyond signature checks (out of reach)`,
    );
  });
});

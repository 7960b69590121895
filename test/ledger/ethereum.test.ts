import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyLedger } from '../../src/analyzers/ledger/index.js';
import { blockFromJson, decodeBlockRlp, headerFromJson } from '../../src/analyzers/ledger/ethereum/block.js';
import { MAINNET, testNetworkSchedule, type Fork } from '../../src/analyzers/ledger/ethereum/forks.js';
import { RlpError, decode, encode, intBytes, listElements, type Rlp } from '../../src/analyzers/ledger/ethereum/rlp.js';
import { keccak, trieRoot } from '../../src/analyzers/ledger/ethereum/trie.js';
import { checkTx, decodeTx } from '../../src/analyzers/ledger/ethereum/tx.js';
import { EthereumVerifier } from '../../src/analyzers/ledger/ethereum/verify.js';
import { ReportBuilder, type LedgerReport } from '../../src/analyzers/ledger/types.js';
import { FIXTURES, fixture, fixtureJson } from './fixtures.js';

const tmp = mkdtempSync(join(tmpdir(), 'chainaudit-ledger-eth-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.json') ? [join(dir, e.name)] : [],
  );
}

const hexBuf = (s: string) => Buffer.from(s.replace(/^0x/, ''), 'hex');

/** Exceptions no static verifier can see: they need the transactions executed against the parent state. */
const NEEDS_EXECUTION = new Set(['InvalidStateRoot', 'InvalidReceiptsStateRoot']);

interface BlockchainTest {
  network: string;
  genesisRLP: string;
  genesisBlockHeader: { hash: string };
  blocks: Array<{ rlp: string; expectException?: string; blockHeader?: { hash: string } }>;
}

function runBlockchainTest(t: BlockchainTest): { report: LedgerReport; hashes: string[] } {
  const rb = new ReportBuilder('ethereum', 'ethereum/tests', 'ethereum-tests');
  const v = new EthereumVerifier(rb, { schedule: testNetworkSchedule(t.network), requireKnownParent: true });
  const genesis = decodeBlockRlp(hexBuf(t.genesisRLP)).header;
  expect(`0x${genesis.hash.toString('hex')}`).toBe(t.genesisBlockHeader.hash);
  v.anchor(genesis);
  const hashes = t.blocks.map((b) => `0x${keccak(listElements(hexBuf(b.rlp))[0]).toString('hex')}`);
  for (const b of t.blocks) v.addRlp(hexBuf(b.rlp));
  v.finish();
  return { report: rb.finish(), hashes };
}

describe('ethereum/tests BlockchainTests', () => {
  const files = walk(`${FIXTURES}ethereum/tests/BlockchainTests`);
  it('valid, invalid and transition chains: every statically detectable invalid block is caught, no valid block flagged', () => {
    let valid = 0;
    let invalidCaught = 0;
    let outOfReach = 0;
    let tests = 0;
    for (const f of files) {
      for (const [name, t] of Object.entries(JSON.parse(readFileSync(f, 'utf8')) as Record<string, BlockchainTest>)) {
        tests++;
        const { report, hashes } = runBlockchainTest(t);
        t.blocks.forEach((b, i) => {
          const flagged = report.issues.filter((x) => x.hash === hashes[i]);
          if (!b.expectException) {
            expect(flagged, `${name} block ${i}`).toEqual([]);
            expect(b.blockHeader?.hash).toBe(hashes[i]);
            valid++;
          } else if (NEEDS_EXECUTION.has(b.expectException)) {
            expect(flagged, `${name} block ${i} (${b.expectException}) must not be claimed`).toEqual([]);
            outOfReach++;
          } else {
            expect(flagged.length, `${name} block ${i} expected ${b.expectException}`).toBeGreaterThan(0);
            invalidCaught++;
          }
        });
        if (t.blocks.some((b) => b.expectException && NEEDS_EXECUTION.has(b.expectException))) {
          expect(report.notVerified.map((n) => n.what)).toEqual(
            expect.arrayContaining(['receiptsRoot', 'stateRoot, logsBloom, gasUsed']),
          );
        }
      }
    }
    console.info(
      `BlockchainTests: ${tests} tests, ${valid} valid blocks verified, ${invalidCaught} invalid blocks caught, ${outOfReach} invalid blocks out of reach (state root / receipts root need execution)`,
    );
    expect(valid).toBeGreaterThan(150);
    expect(invalidCaught).toBeGreaterThan(60);
  });

  it('a mutated chain: one flipped byte in each header field of block 5 (of 11), and in a transaction, is caught', () => {
    const t = Object.values(
      fixtureJson<Record<string, BlockchainTest>>(
        'ethereum/tests/BlockchainTests/ValidBlocks/bcGasPricerTest/highGasUsage.json',
      ),
    ).find((x) => x.network === 'Cancun')!;
    const target = 5;
    const raw = hexBuf(t.blocks[target].rlp);
    const parts = listElements(raw);
    const header = decode(parts[0]) as Buffer[];
    const names = [
      'parentHash',
      'ommersHash',
      'coinbase',
      'stateRoot',
      'transactionsRoot',
      'receiptsRoot',
      'logsBloom',
      'difficulty',
      'number',
      'gasLimit',
      'gasUsed',
      'timestamp',
      'extraData',
      'mixHash',
      'nonce',
      'baseFeePerGas',
      'withdrawalsRoot',
      'blobGasUsed',
      'excessBlobGas',
      'parentBeaconBlockRoot',
    ];
    const withBlock = (block: Buffer) => ({
      ...t,
      blocks: t.blocks.map((b, i) => (i === target ? { rlp: `0x${block.toString('hex')}` } : { rlp: b.rlp })),
    });
    const caught: Record<string, string[]> = {};
    header.forEach((field, i) => {
      const mutated = Buffer.from(field.length === 0 ? [0x01] : field);
      if (field.length > 0) mutated[mutated.length - 1] ^= 0x01;
      const newHeader = encode(header.map((f, k) => (k === i ? mutated : f)) as Rlp);
      const { report } = runBlockchainTest(withBlock(reList([newHeader, ...parts.slice(1)])));
      caught[names[i]] = [...new Set(report.issues.map((x) => x.rule))];
    });
    const txs = listElements(parts[1]);
    expect(txs.length).toBeGreaterThan(0);
    const tx = Buffer.from(txs[0]);
    tx[tx.length - 40] ^= 0x01;
    const { report } = runBlockchainTest(
      withBlock(reList([parts[0], reList([tx, ...txs.slice(1)]), ...parts.slice(2)])),
    );
    caught['transactions[0]'] = [...new Set(report.issues.map((x) => x.rule))];
    for (const [field, found] of Object.entries(caught)) expect(found.length, `flipped ${field}`).toBeGreaterThan(0);
    expect(caught.transactionsRoot).toContain('transactions-root-mismatch');
    expect(caught.stateRoot).toContain('unknown-parent');
    console.info(
      `Ethereum header mutations (block ${target + 1} of 11): ${Object.entries(caught)
        .map(([f, r]) => `${f}→${r.join('+')}`)
        .join('; ')}`,
    );
  });
});

function reList(items: Buffer[]): Buffer {
  const body = Buffer.concat(items);
  const len = intBytes(body.length);
  return Buffer.concat([
    body.length < 56 ? Buffer.from([0xc0 + body.length]) : Buffer.from([0xf7 + len.length, ...len]),
    body,
  ]);
}

describe('ethereum/tests TransactionTests', () => {
  it('every transaction vector on every fork: validity, hash, sender and intrinsic gas', () => {
    let checked = 0;
    let rejected = 0;
    for (const f of walk(`${FIXTURES}ethereum/tests/TransactionTests`)) {
      for (const [name, t] of Object.entries(
        JSON.parse(readFileSync(f, 'utf8')) as Record<
          string,
          {
            txbytes: string;
            result: Record<string, { exception?: string; hash?: string; sender?: string; intrinsicGas?: string }>;
          }
        >,
      )) {
        for (const [fork, exp] of Object.entries(t.result)) {
          let got: { hash: string; sender: string; gas: bigint } | { error: string };
          try {
            const tx = decodeTx(hexBuf(t.txbytes));
            const c = checkTx(tx, fork as Fork, 1n);
            got = {
              hash: `0x${tx.hash.toString('hex')}`,
              sender: `0x${c.sender.toString('hex')}`,
              gas: c.intrinsicGas,
            };
          } catch (e) {
            got = { error: (e as Error).message };
          }
          if (exp.exception) {
            expect('error' in got, `${name} ${fork} expected ${exp.exception}`).toBe(true);
            rejected++;
          } else {
            expect(got, `${name} ${fork}`).toEqual({
              hash: exp.hash,
              sender: exp.sender,
              gas: BigInt(exp.intrinsicGas!),
            });
          }
          checked++;
        }
      }
    }
    console.info(
      `TransactionTests: ${checked} vector×fork cases, ${checked - rejected} valid (hash, sender, intrinsic gas match), ${rejected} invalid rejected`,
    );
    expect(checked).toBe(2613);
  });
});

describe('ethereum/tests RLPTests and TrieTests', () => {
  it('rlptest.json encodes; invalidRLPTest.json is rejected', () => {
    const toRlp = (x: unknown): Rlp => {
      if (Array.isArray(x)) return x.map(toRlp);
      if (typeof x === 'number') return intBytes(x);
      if (typeof x === 'string' && x.startsWith('#')) return intBytes(BigInt(x.slice(1)));
      return Buffer.from(String(x), 'utf8');
    };
    const valid = fixtureJson<Record<string, { in: unknown; out: string }>>('ethereum/tests/RLPTests/rlptest.json');
    for (const [name, v] of Object.entries(valid)) {
      expect(encode(toRlp(v.in)).toString('hex'), name).toBe(v.out.replace(/^0x/, '').toLowerCase());
      expect(encode(decode(hexBuf(v.out))).toString('hex'), name).toBe(v.out.replace(/^0x/, '').toLowerCase());
    }
    const invalid = fixtureJson<Record<string, { out: string }>>('ethereum/tests/RLPTests/invalidRLPTest.json');
    for (const [name, v] of Object.entries(invalid)) expect(() => decode(hexBuf(v.out)), name).toThrow(RlpError);
    console.info(
      `RLPTests: ${Object.keys(valid).length} encodings reproduced, ${Object.keys(invalid).length} invalid encodings rejected`,
    );
  });

  it('trie roots (plain and secure, ordered with deletes, any order)', () => {
    const key = (k: string) => (k.startsWith('0x') ? hexBuf(k) : Buffer.from(k, 'utf8'));
    const val = (v: string | null) =>
      v === null ? Buffer.alloc(0) : v.startsWith('0x') ? hexBuf(v) : Buffer.from(v, 'utf8');
    let n = 0;
    for (const [file, secure] of [
      ['trietest.json', false],
      ['trietest_secureTrie.json', true],
      ['trieanyorder.json', false],
      ['trieanyorder_secureTrie.json', true],
      ['hex_encoded_securetrie_test.json', true],
    ] as const) {
      const tests = fixtureJson<
        Record<string, { in: Array<[string, string | null]> | Record<string, string>; root: string }>
      >(`ethereum/tests/TrieTests/${file}`);
      for (const [name, t] of Object.entries(tests)) {
        const pairs = Array.isArray(t.in) ? t.in : Object.entries(t.in);
        const entries = pairs.map(([k, v]) => [secure ? keccak(key(k)) : key(k), val(v)] as [Buffer, Buffer]);
        expect(`0x${trieRoot(entries).toString('hex')}`, `${file} ${name}`).toBe(t.root);
        n++;
      }
    }
    console.info(`TrieTests: ${n} roots reproduced`);
  });

  it('mainnet genesis hash (BasicTests)', () => {
    const g = fixtureJson<{ genesis_rlp_hex: string; genesis_hash: string }>(
      'ethereum/tests/BasicTests/genesishashestest.json',
    );
    expect(decodeBlockRlp(hexBuf(g.genesis_rlp_hex)).header.hash.toString('hex')).toBe(
      g.genesis_hash.replace(/^0x/, ''),
    );
  });
});

describe('real mainnet blocks from JSON-RPC', () => {
  const verifyJson = (obj: Record<string, unknown>, chainId = 1n) => {
    const rb = new ReportBuilder('ethereum', 'rpc-json', 'ethereum-rpc');
    const v = new EthereumVerifier(rb, { schedule: chainId === 1n ? MAINNET : undefined, chainId });
    v.addBlock(blockFromJson(obj));
    v.finish();
    return rb.finish();
  };
  for (const [file, number, senders] of [
    ['infura15571241wtxns.json', 15571241, 58],
    ['infura2000004wtxs.json', 2000004, 4],
    ['alchemy14151203.json', 14151203, 12],
  ] as const) {
    it(`${file}: header hash, transactionsRoot, every sender recovered and equal to "from"`, () => {
      const r = verifyJson(fixtureJson(`ethereum/rpc-blocks/${file}`));
      expect(r.issues).toEqual([]);
      expect(r.firstHeight).toBe(number);
      expect(r.verified['header hash']).toBe(1);
      expect(r.verified.transactionsRoot).toBe(1);
      expect(
        Object.entries(r.verified)
          .filter(([k]) => k.startsWith('sender recovery'))
          .reduce((a, [, n]) => a + n, 0),
      ).toBe(senders);
    });
  }

  it('a tampered sender, tx field and header field in real block JSON are caught', () => {
    const obj = fixtureJson<Record<string, unknown> & { transactions: Array<Record<string, unknown>> }>(
      'ethereum/rpc-blocks/infura15571241wtxns.json',
    );
    const forged = structuredClone(obj);
    forged.transactions[3].from = '0x000000000000000000000000000000000000dead';
    expect(verifyJson(forged).issues.map((i) => `${i.rule}:${i.field}`)).toEqual(['sender-mismatch:tx[3].from']);
    const valueChanged = structuredClone(obj);
    valueChanged.transactions[7].value = '0x1';
    expect(
      verifyJson(valueChanged)
        .issues.map((i) => i.rule)
        .sort(),
    ).toEqual(['sender-mismatch', 'transactions-root-mismatch', 'tx-hash-mismatch']);
    const headerChanged = structuredClone(obj);
    headerChanged.gasUsed = '0x1';
    expect(verifyJson(headerChanged).issues.map((i) => i.rule)).toEqual(['header-hash-mismatch']);
  });

  it('header-only JSON: mainnet headers 1–5 chain from genesis; uncles and withdrawals blocks hash', () => {
    const headers = fixtureJson<Array<Record<string, unknown>>>('ethereum/rpc-blocks/blocks_mainnet.json');
    let parent = '0xd4e56740f876aef8c010b86a40d5f56745a118d0906a34e69aec8c0db1cb8fa3';
    for (const h of headers) {
      const header = headerFromJson((h.header ?? h) as Record<string, unknown>);
      expect(`0x${header.get('parentHash')!.toString('hex')}`).toBe(parent);
      parent = `0x${header.hash.toString('hex')}`;
    }
    for (const file of ['testdata-from-rpc-with-uncles.json', 'testdata-from-rpc-with-withdrawals.json']) {
      const obj = fixtureJson<Record<string, unknown>>(`ethereum/rpc-blocks/${file}`);
      expect(`0x${headerFromJson(obj).hash.toString('hex')}`).toBe(obj.hash);
    }
  });
});

describe('RLP export files', () => {
  const chain = Object.values(
    fixtureJson<Record<string, BlockchainTest>>(
      'ethereum/tests/BlockchainTests/ValidBlocks/bcGasPricerTest/highGasUsage.json',
    ),
  ).find((t) => t.network === 'Cancun')!;
  const blocks = [hexBuf(chain.genesisRLP), ...chain.blocks.map((b) => hexBuf(b.rlp))];

  it('a concatenated export (genesis + 11 blocks) verifies and links', async () => {
    const path = join(tmp, 'export.rlp');
    writeFileSync(path, Buffer.concat(blocks));
    const r = await verifyLedger({ format: 'auto', source: path });
    expect(r.format).toBe('ethereum-rlp');
    expect(r.blocks).toBe(12);
    expect(r.issues).toEqual([]);
    expect(r.verified['parent linkage']).toBe(11);
    expect([r.firstHeight, r.lastHeight]).toEqual([0, 11]);
  });

  it('truncated export, a dropped block and a swapped pair are reported', async () => {
    const truncated = join(tmp, 'truncated.rlp');
    const whole = Buffer.concat(blocks);
    writeFileSync(truncated, whole.subarray(0, whole.length - 50));
    const t = await verifyLedger({ format: 'ethereum-rlp', source: truncated });
    expect(t.blocks).toBe(11);
    expect(t.issues.map((i) => i.rule)).toEqual(['truncated']);
    const gapPath = join(tmp, 'gap.rlp');
    writeFileSync(gapPath, Buffer.concat([...blocks.slice(0, 5), ...blocks.slice(6)]));
    const g = await verifyLedger({ format: 'ethereum-rlp', source: gapPath });
    expect(g.events.filter((e) => e.kind === 'gap').map((e) => e.height)).toEqual([6]);
  });
});

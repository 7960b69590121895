// Ledger verification benchmark: run with `node --import tsx bench/ledger/bench.mjs [--stream-gb 1.0] [--skip-stream]`.
// Every ratio compares against a peer or floor measured in this same run, on the same bytes.
import { hash as oneShot } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseBlock, txidsOf } from '../../src/analyzers/ledger/bitcoin/block.ts';
import { merkleRoot } from '../../src/analyzers/ledger/sha256d-batch.ts';
import { blockStructure, checkProofOfWork } from '../../src/analyzers/ledger/bitcoin/verify.ts';
import { NETWORKS } from '../../src/analyzers/ledger/bitcoin/params.ts';
import { blockFromJson } from '../../src/analyzers/ledger/ethereum/block.ts';
import { MAINNET } from '../../src/analyzers/ledger/ethereum/forks.ts';
import { EthereumVerifier } from '../../src/analyzers/ledger/ethereum/verify.ts';
import { keccak } from '../../src/analyzers/ledger/ethereum/trie.ts';
import { keccak_256 as nobleKeccak } from '@noble/hashes/sha3.js';
import { ecdsaRecover, useSecpBackend } from '../../src/analyzers/ledger/secp.ts';
import { ReportBuilder } from '../../src/analyzers/ledger/types.ts';
import { Block as BitcoinJsBlock } from 'bitcoinjs-lib';
import { createBlockFromRPC } from '@ethereumjs/block';
import { Common, Hardfork, Mainnet } from '@ethereumjs/common';

const FIX = fileURLToPath(new URL('../../../shared/fixtures/', import.meta.url));
const args = process.argv.slice(2);
const streamGb = Number(args[args.indexOf('--stream-gb') + 1] || 1.0);

/** Median ms per call over `rounds` rounds of `n` calls each, after a warm-up. */
async function measure(fn, n, rounds = 7) {
  for (let i = 0; i < Math.max(3, n / 4); i++) await fn();
  const times = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) await fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6 / n);
  }
  return times.sort((a, b) => a - b)[Math.floor(rounds / 2)];
}

/** Like `measure`, but rounds alternate between the functions so load on a shared machine hits them alike. */
async function measureInterleaved(fns, n, rounds = 7) {
  for (const fn of fns) for (let i = 0; i < 3; i++) await fn();
  const times = fns.map(() => []);
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < fns.length; k++) {
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < n; i++) await fns[k]();
      times[k].push(Number(process.hrtime.bigint() - t0) / 1e6 / n);
    }
  }
  return times.map((t) => t.sort((a, b) => a - b)[Math.floor(rounds / 2)]);
}

const rows = [];
const row = (what, ms, extra = '') => rows.push({ what, ms, extra });

// ---- Bitcoin block 413,567: Merkle + header verification vs the hashing floor and bitcoinjs-lib ----
const block = readFileSync(join(FIX, 'bitcoin/blocks/block413567.raw'));
const spans = parseBlock(block).txs.map((t) => block.subarray(t.start, t.end));
const sha256d = (b) => oneShot('sha256', oneShot('sha256', b, 'buffer'), 'buffer');
function floorTxOnly() {
  for (const s of spans) sha256d(s);
}
function floorFull() {
  let level = spans.map(sha256d);
  const pair = Buffer.allocUnsafe(64);
  while (level.length > 1) {
    const next = [];
    for (let i = 0; i < level.length; i += 2) {
      level[i].copy(pair, 0);
      (level[i + 1] ?? level[i]).copy(pair, 32);
      next.push(sha256d(pair));
    }
    level = next;
  }
  sha256d(block.subarray(0, 80));
}
function ours() {
  const s = blockStructure(block);
  if (!s.merkle.root.equals(s.parsed.header.merkleRoot) || s.merkle.mutated) throw new Error('merkle');
  if (!checkProofOfWork(s.parsed.header.raw, s.parsed.header.hash, s.parsed.header.bits, NETWORKS.mainnet).ok)
    throw new Error('pow');
}
const parsedBlock = parseBlock(block);
function batchedHashing() {
  if (!merkleRoot(txidsOf(parsedBlock)).root.equals(parsedBlock.header.merkleRoot)) throw new Error('merkle');
}
function bitcoinjs() {
  const b = BitcoinJsBlock.fromBuffer(block);
  if (!b.checkTxRoots()) throw new Error('bitcoinjs merkle');
}
const [tTx, tFloor, tBatch, tOurs, tBjs] = await measureInterleaved(
  [floorTxOnly, floorFull, batchedHashing, ours, bitcoinjs],
  10,
  9,
);
const mb = block.length / 2 ** 20;
row('btc 413567 hashing floor: sha256d of every tx (node:crypto)', tTx, `${(mb / (tTx / 1000)).toFixed(0)} MiB/s`);
row(
  'btc 413567 hashing floor: txs + Merkle nodes + header (node:crypto)',
  tFloor,
  `${(mb / (tFloor / 1000)).toFixed(0)} MiB/s`,
);
row(
  'btc 413567 chainaudit batched sha256d (WebAssembly SIMD): txids + Merkle of a parsed block',
  tBatch,
  `${(mb / (tBatch / 1000)).toFixed(0)} MiB/s; ${(tBatch / tFloor).toFixed(2)}× floor`,
);
row(
  'btc 413567 chainaudit parse + Merkle + header/PoW',
  tOurs,
  `${(mb / (tOurs / 1000)).toFixed(0)} MiB/s; ${(tOurs / tFloor).toFixed(2)}× floor (target ≤ 1.2×), ${(tOurs / tTx).toFixed(2)}× tx-only floor`,
);
row(
  'btc 413567 bitcoinjs-lib fromBuffer + checkTxRoots',
  tBjs,
  `chainaudit is ${(tBjs / tOurs).toFixed(1)}× faster (target ≥ 6×)`,
);

// ---- Ethereum: full block verification with sender recovery ----
const ethBlocks = ['infura15571241wtxns.json', 'alchemy14151203.json', 'infura2000004wtxs.json'].map((f) =>
  JSON.parse(readFileSync(join(FIX, 'ethereum/rpc-blocks', f), 'utf8')),
);
const txCount = ethBlocks.reduce((a, b) => a + b.transactions.length, 0);
function ethOurs() {
  for (const json of ethBlocks) {
    const rb = new ReportBuilder('ethereum', 'bench', 'ethereum-rpc');
    const v = new EthereumVerifier(rb, { schedule: MAINNET });
    v.addBlock(blockFromJson(json));
    v.finish();
    if (rb.report.failedBlocks) throw new Error(JSON.stringify(rb.report.issues[0]));
  }
}
const common = new Common({ chain: Mainnet, hardfork: Hardfork.London });
async function ethJs() {
  for (const json of ethBlocks) {
    const b = createBlockFromRPC(json, [], { common, setHardfork: true });
    b.hash();
    await b.validateData(false, true);
    for (const tx of b.transactions) tx.getSenderAddress();
  }
}
const ethNative = () => (useSecpBackend('native'), ethOurs());
const ethNoble = () => (useSecpBackend('js'), ethOurs());
const [tEthNative, tEthNoble, tEthJs] = await measureInterleaved([ethNative, ethNoble, ethJs], 3, 7);
useSecpBackend('native');
row(
  `eth 3 mainnet blocks (${txCount} txs) chainaudit full verify, libsecp256k1 native`,
  tEthNative,
  `${(txCount / (tEthNative / 1000)).toFixed(0)} tx/s; ${(tEthJs / tEthNative).toFixed(1)}× faster than ethereumjs (target ≥ 10×)`,
);
row(
  `eth 3 mainnet blocks (${txCount} txs) chainaudit full verify, @noble/curves`,
  tEthNoble,
  `${(tEthJs / tEthNoble).toFixed(1)}× faster than ethereumjs`,
);
row(
  'eth 3 mainnet blocks @ethereumjs/block createBlockFromRPC + validateData + senders',
  tEthJs,
  `${(txCount / (tEthJs / 1000)).toFixed(0)} tx/s`,
);

const msg = Buffer.alloc(32, 7);
const r = 0x4e45e16932b8af514961a1d3a1a25fdf3f4f7732e9d624c6c61548ab5fb8cd41n;
const s = 0x181522ec8eca07de4860a4acdd12909d831cc56cbbac4622082221a8768d1d09n;
useSecpBackend('native');
const tRecNative = await measure(() => ecdsaRecover(r, s, 0, msg), 200);
useSecpBackend('js');
const tRecNoble = await measure(() => ecdsaRecover(r, s, 0, msg), 50);
useSecpBackend('native');
row(
  'secp256k1 ecdsaRecover: native secp256k1 addon',
  tRecNative,
  `${(tRecNoble / tRecNative).toFixed(1)}× faster than @noble/curves → chosen`,
);
row('secp256k1 ecdsaRecover: @noble/curves', tRecNoble, '');

const txBytes = ethBlocks.flatMap((b) => b.transactions.map((t) => Buffer.from((t.input ?? '0x').slice(2), 'hex')));
const [tKeccakWasm, tKeccakNoble] = await measureInterleaved(
  [() => txBytes.forEach(keccak), () => txBytes.forEach((b) => nobleKeccak(b))],
  20,
  7,
);
row(
  `keccak-256 of the ${txBytes.length} tx inputs: hash-wasm (WebAssembly)`,
  tKeccakWasm,
  `${(tKeccakNoble / tKeccakWasm).toFixed(1)}× faster than @noble/hashes → chosen`,
);
row(`keccak-256 of the ${txBytes.length} tx inputs: @noble/hashes`, tKeccakNoble, '');

// ---- Streaming a ≥ 1 GB blk file assembled from the real blocks ----
let stream = null;
if (!args.includes('--skip-stream')) {
  const dir = mkdtempSync(join(tmpdir(), 'chainaudit-bench-'));
  const path = join(dir, 'blk-bench.dat');
  try {
    const sources = [
      readFileSync(join(FIX, 'bitcoin/chain/blocks1-256.dat')),
      readFileSync(join(FIX, 'bitcoin/blocks/block277647.blk.dat')),
    ];
    for (const raw of [
      block,
      readFileSync(
        join(FIX, 'bitcoin/blocks/block-0000000000000000001602407ac49862a7bca9d00f7f402db20b7be2f5de59d2.raw'),
      ),
    ]) {
      const head = Buffer.alloc(8);
      Buffer.from('f9beb4d9', 'hex').copy(head);
      head.writeUInt32LE(raw.length, 4);
      sources.push(Buffer.concat([head, raw]));
    }
    const unit = Buffer.concat(sources);
    const fd = openSync(path, 'w');
    let written = 0;
    while (written < streamGb * 2 ** 30) written += writeSync(fd, unit);
    closeSync(fd);
    const script = `
      import { verifyLedger } from ${JSON.stringify(new URL('../../src/analyzers/ledger/index.ts', import.meta.url).href)};
      const t0 = Date.now();
      const r = await verifyLedger({ format: 'bitcoin-blk', source: ${JSON.stringify(path)}, signatures: false, progress: (m) => process.stderr.write(m + '\\n') });
      console.log(JSON.stringify({ blocks: r.blocks, failed: r.failedBlocks, bytes: r.bytes, ms: Date.now() - t0, maxRssKb: process.resourceUsage().maxRSS }));`;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      maxBuffer: 1 << 24,
    });
    if (child.status !== 0) throw new Error(child.stderr);
    stream = JSON.parse(child.stdout.trim().split('\n').pop());
    stream.progressLines = child.stderr.trim().split('\n').filter(Boolean).length;
    row(
      `stream ${(written / 2 ** 30).toFixed(2)} GiB blk file, ${stream.blocks} blocks, no signatures`,
      stream.ms,
      `${(stream.bytes / 2 ** 20 / (stream.ms / 1000)).toFixed(0)} MiB/s, peak RSS ${(stream.maxRssKb / 1024).toFixed(0)} MiB, ${stream.failed} failed blocks, ${stream.progressLines} progress lines`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log('| measurement | ms | notes |');
console.log('|---|---:|---|');
for (const x of rows) console.log(`| ${x.what} | ${x.ms.toFixed(3)} | ${x.extra} |`);

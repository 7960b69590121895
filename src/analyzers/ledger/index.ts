import { open, readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { RpcClient } from '../../clients/rpc.js';
import { errorMessage } from '../../errors.js';
import { reversedHex, sha256d } from './bytes.js';
import { readBlkFile, readRawBlock, sniffBlkMagic } from './bitcoin/sources.js';
import { NETWORKS, networkByMagic, type BitcoinNetwork } from './bitcoin/params.js';
import { BitcoinVerifier } from './bitcoin/verify.js';
import { parseBlock } from './bitcoin/block.js';
import { blockFromJson, headerFromJson, type EthBlock } from './ethereum/block.js';
import { MAINNET, type ForkSchedule } from './ethereum/forks.js';
import { itemLength } from './ethereum/rlp.js';
import { EthereumVerifier } from './ethereum/verify.js';
import { fabricFiles, parseBootstrapInfo, readFabricStore } from './fabric/blockstore.js';
import { FabricVerifier } from './fabric/verify.js';
import { ChunkReader } from './reader.js';
import { LedgerInputError, ReportBuilder, type LedgerReport } from './types.js';

export const LEDGER_SOURCE_FORMATS = [
  'bitcoin-blk',
  'bitcoin-raw',
  'bitcoin-rpc',
  'ethereum-rlp',
  'ethereum-rpc',
  'fabric',
] as const;
export type LedgerFormat = (typeof LEDGER_SOURCE_FORMATS)[number];

export interface VerifyLedgerOptions {
  format: LedgerFormat | 'auto';
  /** A file or folder path, or for the rpc formats the node URL. */
  source: string;
  /** For rpc formats: a ready client (credentials resolved, bounds applied). */
  rpc?: RpcClient;
  from?: number;
  to?: number;
  /** Bitcoin network when the source does not say (`mainnet`, `testnet`, `regtest`, `litecoin-regtest`). */
  network?: string;
  signatures?: boolean;
  signal?: AbortSignal;
  progress?: (message: string) => void;
}

const MAX_ETH_BLOCK = 64 << 20;
const DEFAULT_RPC_RANGE = 100;

export async function detectFormat(source: string): Promise<LedgerFormat> {
  if (/^https?:\/\//i.test(source))
    throw new LedgerInputError(`${source}: a node URL needs --format bitcoin-rpc or ethereum-rpc`);
  let st;
  try {
    st = await stat(source);
  } catch {
    throw new LedgerInputError(`${source}: no such file or folder`);
  }
  if (st.isDirectory()) return 'fabric';
  if (/blockfile_\d{6}$/.test(source)) return 'fabric';
  if (await sniffBlkMagic(source)) return 'bitcoin-blk';
  const fh = await open(source, 'r');
  try {
    const head = Buffer.alloc(4);
    await fh.read(head, 0, 4, 0);
    if (head[0] >= 0xf8) return 'ethereum-rlp';
    if (st.size >= 81 && st.size <= 4_000_000) return 'bitcoin-raw';
  } finally {
    await fh.close();
  }
  throw new LedgerInputError(`${source}: cannot tell the ledger format; pass --format`);
}

function inRange(height: number | null, o: VerifyLedgerOptions): boolean {
  if (height === null) return true;
  if (o.from !== undefined && height < o.from) return false;
  if (o.to !== undefined && height > o.to) return false;
  return true;
}

/**
 * Verifies a ledger source. For RPC sources --from/--to choose the blocks fetched; a file is
 * always read whole (linkage needs it) and the range limits which blocks' issues are reported.
 */
export async function verifyLedger(o: VerifyLedgerOptions): Promise<LedgerReport> {
  const format = o.format === 'auto' ? await detectFormat(o.source) : o.format;
  const report = await verifyFormat(o, format);
  if (format.endsWith('-rpc') || (o.from === undefined && o.to === undefined)) return report;
  report.issues = report.issues.filter((i) => inRange(i.height, o));
  report.events = report.events.filter((e) => inRange(e.height, o));
  report.failedBlocks = new Set(report.issues.map((i) => i.hash ?? `${i.height}@${i.offset}`)).size;
  for (const h of [...report.heights.keys()]) if (!inRange(h, o)) report.heights.delete(h);
  return report;
}

async function verifyFormat(o: VerifyLedgerOptions, format: LedgerFormat): Promise<LedgerReport> {
  switch (format) {
    case 'bitcoin-blk':
    case 'bitcoin-raw':
      return verifyBitcoinFile(o, format);
    case 'bitcoin-rpc':
      return verifyBitcoinRpc(o);
    case 'ethereum-rlp':
      return verifyEthereumRlp(o);
    case 'ethereum-rpc':
      return verifyEthereumRpc(o);
    case 'fabric':
      return verifyFabric(o);
  }
}

function bitcoinNetwork(name: string | undefined, magic: string | null): BitcoinNetwork {
  if (name) {
    const n = NETWORKS[name];
    if (!n) throw new LedgerInputError(`unknown network ${name}; one of ${Object.keys(NETWORKS).join(', ')}`);
    return n;
  }
  return (magic && networkByMagic(magic)) || NETWORKS.mainnet;
}

function aborted(o: VerifyLedgerOptions): void {
  if (o.signal?.aborted) throw new LedgerInputError('verification cancelled');
}

async function verifyBitcoinFile(o: VerifyLedgerOptions, format: 'bitcoin-blk' | 'bitcoin-raw'): Promise<LedgerReport> {
  const rb = new ReportBuilder('bitcoin', o.source, format);
  if (format === 'bitcoin-raw') {
    const v = new BitcoinVerifier(rb, { network: bitcoinNetwork(o.network, null), signatures: o.signatures ?? true });
    const buf = await readRawBlock(o.source);
    // A guessed format must parse; addBlock hashes the block and reports what is wrong with it.
    if (o.format === 'auto') {
      try {
        parseBlock(buf);
      } catch (e) {
        throw new LedgerInputError(`${o.source}: not a serialized Bitcoin block (${errorMessage(e)}); pass --format`);
      }
    }
    v.addBlock(buf, { offset: 0 });
    v.finish();
    return rb.finish();
  }
  const magic = await sniffBlkMagic(o.source);
  if (!magic) throw new LedgerInputError(`${o.source}: not a blk*.dat file (no known network magic at its start)`);
  const v = new BitcoinVerifier(rb, { network: bitcoinNetwork(o.network, magic), signatures: o.signatures ?? true });
  const started = Date.now();
  for await (const rec of readBlkFile(o.source, (done, total) =>
    o.progress?.(
      `${o.source}: ${(done / 2 ** 20).toFixed(0)} / ${(total / 2 ** 20).toFixed(0)} MiB, ${rb.report.blocks} blocks, ${(done / 2 ** 20 / Math.max(0.001, (Date.now() - started) / 1000)).toFixed(0)} MiB/s`,
    ),
  )) {
    aborted(o);
    if (rec.kind === 'problem') {
      rb.issue({
        height: null,
        hash: null,
        offset: rec.offset,
        field: 'framing',
        rule: rec.rule,
        aspect: rec.rule === 'truncated' ? 'storage-integrity' : 'format',
        message: rec.message,
      });
      continue;
    }
    v.addBlock(rec.buf, { offset: rec.offset });
  }
  v.finish();
  return rb.finish();
}

async function rpcResult<T>(rpc: RpcClient, method: string, params: unknown[]): Promise<T> {
  return rpc.result<T>(method, params);
}

async function verifyBitcoinRpc(o: VerifyLedgerOptions): Promise<LedgerReport> {
  const rpc = requireRpc(o);
  const rb = new ReportBuilder('bitcoin', o.source, 'bitcoin-rpc');
  const info = await rpcResult<{ chain: string; blocks: number }>(rpc, 'getblockchaininfo', []);
  let networkName = o.network;
  if (!networkName) {
    const net = await rpc.call<{ subversion?: string }>('getnetworkinfo', []);
    const litecoin = /litecoin/i.test(net.result?.subversion ?? '');
    networkName =
      info.chain === 'main'
        ? litecoin
          ? undefined
          : 'mainnet'
        : info.chain === 'test'
          ? 'testnet'
          : info.chain === 'regtest'
            ? litecoin
              ? 'litecoin-regtest'
              : 'regtest'
            : undefined;
    if (!networkName)
      throw new LedgerInputError(
        `${o.source}: chain "${info.chain}"${litecoin ? ' (Litecoin)' : ''} has no known consensus parameters; pass --network`,
      );
  }
  const v = new BitcoinVerifier(rb, { network: bitcoinNetwork(networkName, null), signatures: o.signatures ?? true });
  const to = Math.min(o.to ?? info.blocks, info.blocks);
  const from = o.from ?? Math.max(0, to - DEFAULT_RPC_RANGE + 1);
  if (from > to) throw new LedgerInputError(`--from ${from} is above the node's tip ${info.blocks}`);
  for (let h = from; h <= to; h++) {
    aborted(o);
    const hash = await rpcResult<string>(rpc, 'getblockhash', [h]);
    const hexBlock = await rpcResult<string>(rpc, 'getblock', [hash, 0]);
    if (typeof hexBlock !== 'string' || !/^[0-9a-f]*$/i.test(hexBlock))
      throw new LedgerInputError(`${o.source}: getblock ${h} did not return hex`);
    const buf = Buffer.from(hexBlock, 'hex');
    v.addBlock(buf, { height: h });
    if (buf.length >= 80) {
      const actual = reversedHex(sha256d(buf.subarray(0, 80)));
      if (actual !== hash)
        rb.issue({
          height: h,
          hash: actual,
          field: 'hash',
          rule: 'rpc-hash-mismatch',
          aspect: 'storage-integrity',
          expected: hash,
          actual,
          message: 'the block the node served does not hash to the hash it gave for this height',
        });
    }
    if ((h - from) % 50 === 0) o.progress?.(`${o.source}: block ${h} of ${from}..${to}`);
  }
  v.finish();
  return rb.finish();
}

function requireRpc(o: VerifyLedgerOptions): RpcClient {
  if (!o.rpc) throw new LedgerInputError(`${o.source}: an rpc format needs a node URL`);
  return o.rpc;
}

async function verifyEthereumRlp(o: VerifyLedgerOptions): Promise<LedgerReport> {
  const rb = new ReportBuilder('ethereum', o.source, 'ethereum-rlp');
  const v = new EthereumVerifier(rb, { schedule: scheduleFromName(o.network) });
  const r = await ChunkReader.open(o.source);
  let lastProgress = 0;
  try {
    for (;;) {
      aborted(o);
      if ((await r.fill(9)) === 0) break;
      const head = r.peek(9);
      if (head[0] < 0xc0) {
        rb.issue({
          height: null,
          hash: null,
          offset: r.offset,
          field: 'framing',
          rule: 'not-a-block',
          aspect: 'format',
          message: `byte 0x${head[0].toString(16)} at offset ${r.offset} does not start an RLP list; the rest of the file is not read`,
        });
        break;
      }
      const len = itemLength(head, 0);
      if (!len.complete || len.total > MAX_ETH_BLOCK) {
        rb.issue({
          height: null,
          hash: null,
          offset: r.offset,
          field: 'framing',
          rule: 'truncated',
          aspect: 'storage-integrity',
          message: `block record at offset ${r.offset} is ${len.complete ? `${len.total} bytes, above the ${MAX_ETH_BLOCK}-byte bound` : 'cut off'}`,
        });
        break;
      }
      const have = await r.fill(len.total);
      if (have < len.total) {
        rb.issue({
          height: null,
          hash: null,
          offset: r.offset,
          field: 'framing',
          rule: 'truncated',
          aspect: 'storage-integrity',
          message: `block record at offset ${r.offset} needs ${len.total} bytes, only ${have} remain (truncated file)`,
        });
        break;
      }
      const offset = r.offset;
      v.addRlp(r.take(len.total), { offset });
      if (offset - lastProgress > 16 << 20) {
        lastProgress = offset;
        o.progress?.(
          `${o.source}: ${(offset / 2 ** 20).toFixed(0)} / ${(r.size / 2 ** 20).toFixed(0)} MiB, ${rb.report.blocks} blocks`,
        );
      }
    }
  } finally {
    await r.close();
  }
  v.finish();
  return rb.finish();
}

function scheduleFromName(name: string | undefined): ForkSchedule | undefined {
  if (!name) return undefined;
  if (name === 'mainnet') return MAINNET;
  throw new LedgerInputError(
    `unknown Ethereum network ${name}; use mainnet, or omit it to infer forks from header fields`,
  );
}

async function verifyEthereumRpc(o: VerifyLedgerOptions): Promise<LedgerReport> {
  const rpc = requireRpc(o);
  const rb = new ReportBuilder('ethereum', o.source, 'ethereum-rpc');
  const chainId = BigInt(await rpcResult<string>(rpc, 'eth_chainId', []));
  const tip = Number(BigInt(await rpcResult<string>(rpc, 'eth_blockNumber', [])));
  const schedule = chainId === 1n ? MAINNET : undefined;
  const v = new EthereumVerifier(rb, { schedule, chainId });
  const to = Math.min(o.to ?? tip, tip);
  const from = o.from ?? Math.max(0, to - DEFAULT_RPC_RANGE + 1);
  if (from > to) throw new LedgerInputError(`--from ${from} is above the node's tip ${tip}`);
  if (from > 0) {
    const parent = await rpcResult<Record<string, unknown> | null>(rpc, 'eth_getBlockByNumber', [
      `0x${(from - 1).toString(16)}`,
      false,
    ]);
    if (parent) v.anchor(headerFromJson(parent));
  }
  let receiptsServed = true;
  for (let h = from; h <= to; h++) {
    aborted(o);
    const tag = `0x${h.toString(16)}`;
    const json = await rpcResult<Record<string, unknown> | null>(rpc, 'eth_getBlockByNumber', [tag, true]);
    if (!json) {
      rb.event({ kind: 'gap', height: h, hash: '', message: `node has no block ${h}` });
      continue;
    }
    let receipts: Record<string, unknown>[] | undefined;
    if (receiptsServed) {
      const out = await rpc.call<Record<string, unknown>[]>('eth_getBlockReceipts', [tag]);
      if (out.ok && Array.isArray(out.result)) receipts = out.result;
      else receiptsServed = false;
    }
    const uncleHashes = (json.uncles as unknown[]) ?? [];
    let uncles: Record<string, unknown>[] | undefined;
    if (uncleHashes.length > 0) {
      uncles = [];
      for (let i = 0; i < uncleHashes.length; i++)
        uncles.push(
          await rpcResult<Record<string, unknown>>(rpc, 'eth_getUncleByBlockNumberAndIndex', [
            tag,
            `0x${i.toString(16)}`,
          ]),
        );
    }
    let block: EthBlock;
    try {
      block = blockFromJson(json, uncles, receipts);
    } catch (e) {
      rb.block({ height: h, hash: String(json.hash ?? ''), offset: undefined }, 0);
      rb.issue({
        height: h,
        hash: typeof json.hash === 'string' ? json.hash : null,
        field: 'block',
        rule: 'unparseable',
        aspect: 'format',
        message: `node's block JSON: ${(e as Error).message}`,
      });
      continue;
    }
    v.addBlock(block);
    if ((h - from) % 50 === 0) o.progress?.(`${o.source}: block ${h} of ${from}..${to}`);
  }
  v.finish();
  return rb.finish();
}

async function verifyFabric(o: VerifyLedgerOptions): Promise<LedgerReport> {
  const files = await fabricFiles(o.source);
  const rb = new ReportBuilder('fabric', o.source, 'fabric');
  const infoPath = join(dirname(files[0]), 'bootstrappingSnapshot.info');
  let anchor: { number: bigint; hash: Buffer } | undefined;
  try {
    const info = parseBootstrapInfo(await readFile(infoPath));
    anchor = { number: info.lastBlockNum, hash: info.lastBlockHash };
  } catch {
    anchor = undefined;
  }
  const v = new FabricVerifier(rb, anchor);
  for await (const rec of readFabricStore(files)) {
    aborted(o);
    if (rec.kind === 'problem') {
      rb.issue({
        height: null,
        hash: null,
        offset: rec.offset,
        field: 'framing',
        rule: 'truncated',
        aspect: 'storage-integrity',
        message: `${rec.file}: ${rec.message}`,
      });
      continue;
    }
    v.addBlock(rec.buf, { offset: rec.offset });
  }
  return rb.finish();
}

export type { LedgerReport } from './types.js';

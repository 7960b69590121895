import { scrypt } from '@noble/hashes/scrypt.js';
import { reversedHex, sha256d } from '../bytes.js';
import { Linker, type LinkNode } from '../linker.js';
import type { LedgerIssue, ReportBuilder } from '../types.js';
import { merkleRoot, type MerkleResult } from '../sha256d-batch.js';
import { BitcoinParseError, Cursor, parseBlock, txidsOf, wtxidsOf, type ParsedBlock } from './block.js';
import { bitsToTarget, hashToNumber, targetToBits, type BitcoinNetwork } from './params.js';
import { verifyBlockSignatures } from './signatures.js';

const MAX_FUTURE_SECONDS = 2 * 3600;
const MAX_WEIGHT = 4_000_000;
const WITNESS_COMMITMENT_PREFIX = Buffer.from('6a24aa21a9ed', 'hex');
const ZERO_HASH = Buffer.alloc(32);

export interface BitcoinVerifyOptions {
  network: BitcoinNetwork;
  /** Verify input signatures of the standard script types (costly: one ECDSA/Schnorr verification per input). */
  signatures: boolean;
  /** Unix seconds used for the "not too far in the future" rule. */
  now?: number;
}

interface HeaderNode extends LinkNode {
  time: number;
  bits: number;
  version: number;
  /** Coinbase scriptSig start, for the BIP34 check once the height is known. */
  coinbasePrefix: Buffer;
  /** Times of up to 11 ancestors ending at the parent, for median-time-past. */
  window: number[];
  windowComplete: boolean;
  /** Time of the first block of this retarget period, when known. */
  periodStart: number | null;
  offset?: number;
  heightFromSource: boolean;
}

/** Header-only verification result, shared by the block verifier and the benchmark. */
export interface StructureResult {
  parsed: ParsedBlock;
  hash: string;
  merkle: MerkleResult;
  /** Views of 32 bytes each into one buffer of all txids. */
  txids: Buffer[];
}

/** Parses a block and computes its txids and Merkle root: the hashing core of verification. */
export function blockStructure(buf: Buffer): StructureResult {
  const parsed = parseBlock(buf);
  const ids = txidsOf(parsed);
  const txids = new Array<Buffer>(parsed.txs.length);
  for (let i = 0; i < parsed.txs.length; i++) txids[i] = ids.subarray(32 * i, 32 * i + 32);
  return { parsed, hash: reversedHex(parsed.header.hash), merkle: merkleRoot(ids), txids };
}

/** Proof of work: the header hash (sha256d, or scrypt for Litecoin) must not exceed the target in `bits`. */
export function checkProofOfWork(
  header: Buffer,
  hash: Buffer,
  bits: number,
  network: BitcoinNetwork,
): { ok: boolean; reason?: string; powHash: Buffer } {
  const { target, valid } = bitsToTarget(bits);
  const powHash =
    network.pow === 'scrypt' ? Buffer.from(scrypt(header, header, { N: 1024, r: 1, p: 1, dkLen: 32 })) : hash;
  if (!valid) return { ok: false, reason: `bits 0x${bits.toString(16)} is not a valid compact target`, powHash };
  if (target > bitsToTarget(network.powLimitBits).target)
    return { ok: false, reason: `target above the network limit 0x${network.powLimitBits.toString(16)}`, powHash };
  if (hashToNumber(powHash) > target) return { ok: false, reason: 'hash above target', powHash };
  return { ok: true, powHash };
}

/** The bytes `CScript() << height` serializes to: what BIP34 requires the coinbase to start with. */
export function bip34Prefix(height: number): Buffer {
  if (height === 0) return Buffer.from([0x00]);
  if (height >= 1 && height <= 16) return Buffer.from([0x50 + height]);
  const bytes: number[] = [];
  for (let h = height; h > 0; h = Math.floor(h / 256)) bytes.push(h & 0xff);
  if (bytes[bytes.length - 1] & 0x80) bytes.push(0);
  return Buffer.from([bytes.length, ...bytes]);
}

/** Height a coinbase claims under BIP34, if its script starts with a small number push. */
export function claimedHeight(prefix: Buffer): number | null {
  if (prefix.length === 0) return null;
  const op = prefix[0];
  if (op >= 0x51 && op <= 0x60) return op - 0x50;
  if (op < 1 || op > 4 || prefix.length < 1 + op) return null;
  let v = 0;
  for (let i = op; i >= 1; i--) v = v * 256 + prefix[i];
  return v;
}

function medianOf(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

export class BitcoinVerifier {
  private readonly linker: Linker<HeaderNode>;
  private roots = 0;
  private linkedAny = false;

  constructor(
    private readonly report: ReportBuilder,
    private readonly opts: BitcoinVerifyOptions,
  ) {
    this.linker = new Linker<HeaderNode>({
      linked: (node, parent) => this.contextual(node, parent),
      duplicate: (node) =>
        report.event({
          kind: 'duplicate',
          height: node.height,
          hash: node.hash,
          message: `block ${node.hash} appears more than once`,
        }),
      reorg: (node, sibling) =>
        report.event({
          kind: 'reorg',
          height: node.height,
          hash: node.hash,
          message: `block ${node.hash} and ${sibling} both extend ${node.parent} (competing chains)`,
        }),
    });
    const { network } = opts;
    this.linker.anchor({
      hash: network.genesis,
      parent: '0'.repeat(64),
      height: 0,
      time: network.genesisTime,
      bits: network.powLimitBits,
      version: 1,
      coinbasePrefix: Buffer.alloc(0),
      window: [],
      windowComplete: true,
      periodStart: network.genesisTime,
      heightFromSource: true,
    });
  }

  /** Verifies one serialized block; `height` when the source knows it (RPC). */
  addBlock(buf: Buffer, meta: { offset?: number; height?: number } = {}): void {
    const { network } = this.opts;
    const issue = (i: Omit<LedgerIssue, 'offset'>) => this.report.issue({ ...i, offset: meta.offset });
    let s: StructureResult;
    try {
      s = blockStructure(buf);
    } catch (err) {
      const headerHash = buf.length >= 80 ? reversedHex(blockStructureHeaderHash(buf)) : null;
      this.report.block(
        { height: meta.height ?? null, hash: headerHash ?? `@${meta.offset ?? 0}`, offset: meta.offset },
        buf.length,
      );
      issue({
        height: meta.height ?? null,
        hash: headerHash,
        field: 'block',
        rule: 'unparseable',
        aspect: 'format',
        message: err instanceof BitcoinParseError ? err.message : String(err),
      });
      return;
    }
    const { parsed, hash, merkle, txids } = s;
    const h = parsed.header;
    const coinbase = readCoinbase(buf, parsed);
    const claimed = h.version >= 2 ? claimedHeight(coinbase.scriptSig) : null;
    const height = meta.height ?? null;
    const shownHeight = height ?? claimed;
    this.report.block({ height, hash, offset: meta.offset }, buf.length);
    const at = { height: shownHeight, hash };

    const pow = checkProofOfWork(h.raw, h.hash, h.bits, network);
    if (pow.ok) this.report.verified('proof of work');
    else
      issue({
        ...at,
        field: 'bits',
        rule: 'proof-of-work',
        aspect: 'consensus',
        expected: `hash ≤ target of bits 0x${h.bits.toString(16)}`,
        actual: network.pow === 'scrypt' ? `scrypt ${reversedHex(pow.powHash)}` : hash,
        message: `proof of work invalid: ${pow.reason}`,
      });

    const now = this.opts.now ?? Math.floor(Date.now() / 1000);
    if (h.time > now + MAX_FUTURE_SECONDS)
      issue({
        ...at,
        field: 'time',
        rule: 'time-too-new',
        aspect: 'consensus',
        expected: `≤ ${now + MAX_FUTURE_SECONDS} (now + 2 h)`,
        actual: String(h.time),
        message: 'block timestamp more than two hours in the future',
      });

    if (!merkle.root.equals(h.merkleRoot))
      issue({
        ...at,
        field: 'merkleRoot',
        rule: 'merkle-root-mismatch',
        aspect: 'storage-integrity',
        expected: reversedHex(merkle.root),
        actual: reversedHex(h.merkleRoot),
        message: 'Merkle root over the transactions differs from the header',
      });
    else this.report.verified('merkle root');
    if (merkle.mutated)
      issue({
        ...at,
        field: 'transactions',
        rule: 'merkle-mutation',
        aspect: 'storage-integrity',
        message:
          'duplicate adjacent transactions hash to the same Merkle root (CVE-2012-2459 mutation): the block is invalid although the root matches',
      });
    const seen = new Set<string>();
    for (let i = 0; i < txids.length; i++) {
      const id = txids[i].toString('hex');
      if (seen.has(id)) {
        issue({
          ...at,
          field: `tx[${i}]`,
          rule: 'duplicate-txid',
          aspect: 'storage-integrity',
          actual: reversedHex(txids[i]),
          message: `transaction ${i} repeats an earlier transaction of the block`,
        });
        break;
      }
      seen.add(id);
    }

    if (!coinbase.isCoinbase)
      issue({
        ...at,
        field: 'tx[0]',
        rule: 'first-tx-not-coinbase',
        aspect: 'format',
        message: 'first transaction is not a coinbase (one input spending the null outpoint)',
      });
    else if (coinbase.scriptSig.length < 2 || coinbase.scriptSig.length > 100)
      issue({
        ...at,
        field: 'tx[0].scriptSig',
        rule: 'coinbase-length',
        aspect: 'format',
        expected: '2..100 bytes',
        actual: `${coinbase.scriptSig.length} bytes`,
        message: 'coinbase script size out of range',
      });
    for (let i = 1; i < parsed.txs.length; i++) {
      if (spendsNullOutpoint(buf, parsed.txs[i].bodyStart)) {
        issue({
          ...at,
          field: `tx[${i}]`,
          rule: 'extra-coinbase',
          aspect: 'format',
          message: `transaction ${i} is a second coinbase`,
        });
        break;
      }
    }

    let witnessBytes = 0;
    let hasWitness = false;
    for (const t of parsed.txs)
      if (t.segwit) {
        hasWitness = true;
        witnessBytes += 2 + (t.end - 4 - t.witnessStart);
      }
    const weight = (buf.length - witnessBytes) * 3 + buf.length;
    if (weight > MAX_WEIGHT)
      issue({
        ...at,
        field: 'block',
        rule: 'weight',
        aspect: 'consensus',
        expected: `≤ ${MAX_WEIGHT}`,
        actual: String(weight),
        message: 'block weight above the consensus limit',
      });

    this.witnessCommitment(parsed, coinbase, hasWitness, at, issue);

    if (this.opts.signatures) verifyBlockSignatures(buf, parsed, txids, at, this.report, meta.offset);
    else this.report.notVerified('input signatures', 'signature verification turned off', parsed.txs.length - 1);
    this.report.notVerified(
      'input scripts beyond signatures, UTXO existence, amounts, coinbase value',
      'needs the UTXO set (full validation)',
      1,
    );

    if (hash === network.genesis) {
      this.report.height(0, hash);
      return;
    }
    this.linker.add({
      hash,
      parent: reversedHex(h.prevHash),
      height: height ?? (hash === network.genesis ? 0 : null),
      time: h.time,
      bits: h.bits,
      version: h.version,
      coinbasePrefix: Buffer.from(coinbase.scriptSig.subarray(0, 9)),
      window: [],
      windowComplete: false,
      periodStart: null,
      offset: meta.offset,
      heightFromSource: height !== null,
    });
  }

  finish(): void {
    this.linker.finish();
  }

  private witnessCommitment(
    parsed: ParsedBlock,
    coinbase: CoinbaseInfo,
    hasWitness: boolean,
    at: { height: number | null; hash: string },
    issue: (i: Omit<LedgerIssue, 'offset'>) => void,
  ): void {
    const commitment = coinbase.commitment;
    if (!commitment) {
      if (hasWitness)
        issue({
          ...at,
          field: 'tx[0].outputs',
          rule: 'witness-commitment-missing',
          aspect: 'storage-integrity',
          message: 'block carries witness data but the coinbase has no witness commitment',
        });
      return;
    }
    if (!hasWitness && !coinbase.reserved) return;
    if (!coinbase.reserved) {
      issue({
        ...at,
        field: 'tx[0].witness',
        rule: 'witness-reserved-value',
        aspect: 'format',
        expected: 'one 32-byte witness item',
        message: 'coinbase witness reserved value missing or malformed',
      });
      return;
    }
    const leaves = wtxidsOf(parsed);
    leaves.fill(0, 0, 32); // the coinbase's wtxid counts as zero
    const root = merkleRoot(leaves).root;
    const expected = sha256dConcat(root, coinbase.reserved);
    if (!expected.equals(commitment))
      issue({
        ...at,
        field: 'tx[0].witnessCommitment',
        rule: 'witness-commitment-mismatch',
        aspect: 'storage-integrity',
        expected: expected.toString('hex'),
        actual: commitment.toString('hex'),
        message: 'witness commitment differs from the wtxid Merkle root',
      });
    else this.report.verified('witness commitment');
  }

  private contextual(node: HeaderNode, parent: HeaderNode | null): void {
    const { network } = this.opts;
    const issue = (i: Omit<LedgerIssue, 'offset' | 'hash' | 'height'>) =>
      this.report.issue({ ...i, hash: node.hash, height: node.height, offset: node.offset });
    if (!parent) {
      this.roots++;
      if (node.height === 0 || node.parent === '0'.repeat(64)) {
        node.height = 0;
        node.windowComplete = true;
      } else {
        if (node.height === null && node.version >= 2) {
          const claim = claimedHeight(node.coinbasePrefix);
          if (claim !== null && claim >= network.bip34Height) node.height = claim;
        }
        this.report.event({
          kind: this.roots === 1 && !this.linkedAny ? 'unlinked-start' : 'gap',
          height: node.height,
          hash: node.hash,
          message:
            this.roots === 1 && !this.linkedAny
              ? `first block's parent ${node.parent} is not in the source; linkage starts here`
              : `gap: parent ${node.parent} of block ${node.hash} is not in the source`,
        });
        this.report.notVerified('previous-hash link', 'parent not in the source');
      }
      if (node.height !== null && node.height % network.retargetInterval === 0) node.periodStart = node.time;
      if (node.height !== null) this.report.height(node.height, node.hash);
      this.heightRules(node, issue);
      this.report.notVerified('median-time-past, difficulty', 'ancestors not in the source');
      return;
    }
    this.linkedAny = true;
    if (this.report.isFailed(parent.hash))
      issue({
        field: 'prevHash',
        rule: 'parent-invalid',
        aspect: 'linkage',
        expected: 'a valid parent',
        actual: parent.hash,
        message: 'block builds on a block that failed verification',
      });
    else this.report.verified('previous-hash link');
    if (node.height !== null) this.report.height(node.height, node.hash);
    node.window = [...parent.window, parent.time];
    if (node.window.length > 11) node.window = node.window.slice(-11);
    node.windowComplete = parent.windowComplete || node.window.length === 11;
    if (node.windowComplete) {
      const mtp = medianOf(node.window);
      if (node.time <= mtp)
        issue({
          field: 'time',
          rule: 'time-too-old',
          aspect: 'consensus',
          expected: `> ${mtp} (median of the last ${node.window.length} blocks)`,
          actual: String(node.time),
          message: 'timestamp not above the median time past',
        });
      else this.report.verified('median-time-past');
    } else this.report.notVerified('median-time-past', 'fewer than 11 ancestors in the source');

    const h = node.height;
    node.periodStart = h !== null && h % network.retargetInterval === 0 ? node.time : parent.periodStart;
    this.difficulty(node, parent, issue);
    this.heightRules(node, issue);
  }

  private difficulty(
    node: HeaderNode,
    parent: HeaderNode,
    issue: (i: Omit<LedgerIssue, 'offset' | 'hash' | 'height'>) => void,
  ): void {
    const { network } = this.opts;
    const h = node.height;
    const mismatch = (expected: number) =>
      issue({
        field: 'bits',
        rule: 'difficulty',
        aspect: 'consensus',
        expected: `0x${expected.toString(16)}`,
        actual: `0x${node.bits.toString(16)}`,
        message: 'difficulty target differs from the one the retarget rule gives',
      });
    if (network.noRetargeting) {
      if (node.bits !== parent.bits && node.bits !== network.powLimitBits) mismatch(parent.bits);
      else this.report.verified('difficulty');
      return;
    }
    if (h === null) return this.report.notVerified('difficulty', 'height unknown');
    if (h % network.retargetInterval !== 0) {
      if (network.allowMinDifficulty)
        return this.report.notVerified('difficulty', 'testnet minimum-difficulty rule needs the whole period');
      if (node.bits !== parent.bits) mismatch(parent.bits);
      else this.report.verified('difficulty');
      return;
    }
    if (parent.periodStart === null)
      return this.report.notVerified('difficulty retarget', 'first block of the period not in the source');
    const span = Math.min(
      Math.max(parent.time - parent.periodStart, network.targetTimespan / 4),
      network.targetTimespan * 4,
    );
    let target = (bitsToTarget(parent.bits).target * BigInt(span)) / BigInt(network.targetTimespan);
    const limit = bitsToTarget(network.powLimitBits).target;
    if (target > limit) target = limit;
    const expected = targetToBits(target);
    if (node.bits !== expected) mismatch(expected);
    else this.report.verified('difficulty retarget');
  }

  private heightRules(node: HeaderNode, issue: (i: Omit<LedgerIssue, 'offset' | 'hash' | 'height'>) => void): void {
    const { network } = this.opts;
    const h = node.height;
    if (h === null) return this.report.notVerified('BIP34 height, version rules', 'height unknown');
    const minVersion = h >= network.bip65Height ? 4 : h >= network.bip66Height ? 3 : h >= network.bip34Height ? 2 : 1;
    if (node.version < minVersion)
      issue({
        field: 'version',
        rule: 'version-obsolete',
        aspect: 'format',
        expected: `≥ ${minVersion}`,
        actual: String(node.version),
        message: `version ${node.version} rejected at height ${h}`,
      });
    if (h >= network.bip34Height) {
      const expected = bip34Prefix(h);
      if (!node.coinbasePrefix.subarray(0, expected.length).equals(expected))
        issue({
          field: 'tx[0].scriptSig',
          rule: 'bip34-height',
          aspect: 'consensus',
          expected: `starts with ${expected.toString('hex')} (height ${h})`,
          actual: node.coinbasePrefix.toString('hex'),
          message: 'coinbase does not commit to the block height (BIP34)',
        });
      else this.report.verified('BIP34 height');
    }
  }
}

function blockStructureHeaderHash(buf: Buffer): Buffer {
  return sha256d(buf.subarray(0, 80));
}

function sha256dConcat(...parts: Buffer[]): Buffer {
  return sha256d(Buffer.concat(parts));
}

interface CoinbaseInfo {
  isCoinbase: boolean;
  scriptSig: Buffer;
  commitment: Buffer | null;
  reserved: Buffer | null;
}

function spendsNullOutpoint(buf: Buffer, bodyStart: number): boolean {
  const c = new Cursor(buf, bodyStart);
  c.compactSize('input count');
  const prev = c.bytes(36, 'outpoint');
  return prev.subarray(0, 32).equals(ZERO_HASH) && prev.readUInt32LE(32) === 0xffffffff;
}

function readCoinbase(buf: Buffer, parsed: ParsedBlock): CoinbaseInfo {
  const t = parsed.txs[0];
  const c = new Cursor(buf, t.bodyStart, t.end);
  const nIn = c.compactSize('input count');
  const prev = c.bytes(36, 'outpoint');
  const scriptSig = c.bytes(c.compactSize('scriptSig length'), 'scriptSig');
  const isCoinbase = nIn === 1 && prev.subarray(0, 32).equals(ZERO_HASH) && prev.readUInt32LE(32) === 0xffffffff;
  c.skip(4, 'sequence');
  for (let i = 1; i < nIn; i++) {
    c.skip(36, 'outpoint');
    c.skip(c.compactSize('scriptSig length'), 'scriptSig');
    c.skip(4, 'sequence');
  }
  let commitment: Buffer | null = null;
  const nOut = c.compactSize('output count');
  for (let i = 0; i < nOut; i++) {
    c.skip(8, 'value');
    const spk = c.bytes(c.compactSize('scriptPubKey length'), 'scriptPubKey');
    if (spk.length >= 38 && spk.subarray(0, 6).equals(WITNESS_COMMITMENT_PREFIX)) commitment = spk.subarray(6, 38);
  }
  let reserved: Buffer | null = null;
  if (t.segwit) {
    const items = c.compactSize('witness item count');
    if (items === 1) {
      const len = c.compactSize('witness item length');
      if (len === 32) reserved = c.bytes(32, 'witness reserved value');
    }
  }
  return { isCoinbase, scriptSig, commitment, reserved };
}

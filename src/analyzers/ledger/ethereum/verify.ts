import { hex0x } from '../bytes.js';
import { Linker, type LinkNode } from '../linker.js';
import type { Aspect, LedgerIssue, ReportBuilder } from '../types.js';
import { EthFormatError, decodeBlockRlp, type EthBlock, type Header } from './block.js';
import { atLeast, forkAt, forkFromHeaderShape, type Fork, type ForkSchedule } from './forks.js';
import { EMPTY_LIST_HASH, keccak, orderedTrieRoot } from './trie.js';
import { listElements } from './rlp.js';
import { TX_TYPE_NAMES, TxInvalid, checkTx, decodeTx } from './tx.js';

const GAS_PER_BLOB = 131_072n;
const INITIAL_BASE_FEE = 1_000_000_000n;
const MIN_GAS_LIMIT = 5000n;
const MAX_GAS_LIMIT = (1n << 63n) - 1n;
const BLOB_PARAMS: Partial<Record<Fork, { target: bigint; max: bigint }>> = {
  Cancun: { target: 3n * GAS_PER_BLOB, max: 6n * GAS_PER_BLOB },
  Prague: { target: 6n * GAS_PER_BLOB, max: 9n * GAS_PER_BLOB },
};
const FIELDS_FOR_FORK = (f: Fork): number =>
  atLeast(f, 'Prague') ? 21 : atLeast(f, 'Cancun') ? 20 : atLeast(f, 'Shanghai') ? 17 : atLeast(f, 'London') ? 16 : 15;
const NON_REPUDIATION_RULES = new Set([
  'signature-range',
  'signature-high-s',
  'sender-recovery',
  'signature-v',
  'chain-id',
  'chain-id-before-eip155',
]);

export interface EthereumVerifyOptions {
  /** Fork schedule; without one the fork is inferred from each header's shape. */
  schedule?: ForkSchedule;
  /** Chain id for EIP-155 / typed transactions when no schedule gives one. */
  chainId?: bigint;
  /** Every block must link to an anchored block (ethereum/tests: the genesis). */
  requireKnownParent?: boolean;
}

interface EthNode extends LinkNode {
  number: bigint;
  timestamp: bigint;
  gasLimit: bigint;
  gasUsed: bigint;
  baseFee: bigint | undefined;
  blobGasUsed: bigint | undefined;
  excessBlobGas: bigint | undefined;
  fork: Fork;
  offset?: number;
}

export function nodeOf(header: Header, fork: Fork, offset?: number): EthNode {
  return {
    hash: hex0x(header.hash),
    parent: hex0x(header.get('parentHash')!),
    height: Number(header.int('number')),
    number: header.int('number')!,
    timestamp: header.int('timestamp')!,
    gasLimit: header.int('gasLimit')!,
    gasUsed: header.int('gasUsed')!,
    baseFee: header.int('baseFeePerGas'),
    blobGasUsed: header.int('blobGasUsed'),
    excessBlobGas: header.int('excessBlobGas'),
    fork,
    offset,
  };
}

/** EIP-1559 base fee of a child of `parent`. */
export function expectedBaseFee(parent: { gasLimit: bigint; gasUsed: bigint; baseFee?: bigint; fork: Fork }): bigint {
  if (!atLeast(parent.fork, 'London') || parent.baseFee === undefined) return INITIAL_BASE_FEE;
  const target = parent.gasLimit / 2n;
  const base = parent.baseFee;
  if (parent.gasUsed === target) return base;
  if (parent.gasUsed > target) {
    const delta = (base * (parent.gasUsed - target)) / target / 8n;
    return base + (delta > 1n ? delta : 1n);
  }
  const delta = (base * (target - parent.gasUsed)) / target / 8n;
  return base - delta > 0n ? base - delta : 0n;
}

/** keccak of the first element of a block that failed to decode, so the finding still names the block. */
function headerHashOf(raw: Buffer): string | null {
  try {
    return hex0x(keccak(listElements(raw)[0]));
  } catch {
    return null;
  }
}

export class EthereumVerifier {
  private readonly linker: Linker<EthNode>;
  private roots = 0;
  private linkedAny = false;

  constructor(
    private readonly report: ReportBuilder,
    private readonly opts: EthereumVerifyOptions = {},
  ) {
    this.linker = new Linker<EthNode>({
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
  }

  private get chainId(): bigint {
    return this.opts.schedule?.chainId ?? this.opts.chainId ?? 1n;
  }

  /** Registers a block known good without verifying it (the genesis of a test chain). */
  anchor(header: Header): void {
    const fork = this.forkOf(header);
    this.linker.anchor(nodeOf(header, fork));
    this.report.height(Number(header.int('number')), hex0x(header.hash));
  }

  private forkOf(h: Header): Fork {
    const difficulty = h.int('difficulty')!;
    if (!this.opts.schedule) return forkFromHeaderShape(h.fields.length, difficulty);
    return forkAt(this.opts.schedule, Number(h.int('number')), Number(h.int('timestamp')), difficulty);
  }

  addRlp(raw: Buffer, meta: { offset?: number } = {}): void {
    let block: EthBlock;
    try {
      block = decodeBlockRlp(raw);
    } catch (e) {
      const hash = headerHashOf(raw);
      this.report.block({ height: null, hash: hash ?? `@${meta.offset ?? 0}`, offset: meta.offset }, raw.length);
      const field = e instanceof EthFormatError ? e.field : 'block';
      this.report.issue({
        height: null,
        hash,
        offset: meta.offset,
        field,
        rule: 'unparseable',
        aspect: 'format',
        message: (e as Error).message,
      });
      return;
    }
    this.addBlock(block, meta);
  }

  addBlock(block: EthBlock, meta: { offset?: number } = {}): void {
    const h = block.header;
    const fork = this.forkOf(h);
    const node = nodeOf(h, fork, meta.offset);
    this.report.block({ height: node.height, hash: node.hash, offset: meta.offset }, block.size);
    const at = { height: node.height, hash: node.hash, offset: meta.offset };
    const issue = (aspect: Aspect, field: string, rule: string, message: string, expected?: string, actual?: string) =>
      this.report.issue({ ...at, aspect, field, rule, message, expected, actual });

    if (block.claimed?.hash && block.claimed.hash !== node.hash)
      issue(
        'storage-integrity',
        'hash',
        'header-hash-mismatch',
        'keccak256 of the header RLP differs from the hash the source states',
        block.claimed.hash,
        node.hash,
      );
    else this.report.verified('header hash');

    const expectFields = FIELDS_FOR_FORK(fork);
    if (this.opts.schedule && h.fields.length !== expectFields)
      issue(
        'format',
        'header',
        'header-fields-for-fork',
        `${fork} headers have ${expectFields} fields`,
        String(expectFields),
        String(h.fields.length),
      );
    if ((h.get('extraData')?.length ?? 0) > 32)
      issue(
        'format',
        'extraData',
        'extra-data-size',
        'extraData longer than 32 bytes',
        '≤ 32 bytes',
        `${h.get('extraData')!.length} bytes`,
      );
    if (node.gasUsed > node.gasLimit)
      issue(
        'consensus',
        'gasUsed',
        'gas-used-above-limit',
        'gas used above the gas limit',
        `≤ ${node.gasLimit}`,
        String(node.gasUsed),
      );
    if (node.gasLimit < MIN_GAS_LIMIT || node.gasLimit > MAX_GAS_LIMIT)
      issue(
        'consensus',
        'gasLimit',
        'gas-limit-range',
        'gas limit outside 5000..2^63-1',
        '5000..2^63-1',
        String(node.gasLimit),
      );

    const txRoot = orderedTrieRoot(block.txs);
    if (!txRoot.equals(h.get('transactionsRoot')!))
      issue(
        'storage-integrity',
        'transactionsRoot',
        'transactions-root-mismatch',
        'transaction trie root differs from the header',
        hex0x(txRoot),
        hex0x(h.get('transactionsRoot')!),
      );
    else this.report.verified('transactionsRoot');

    this.transactions(block, fork, issue);
    this.ommers(block, fork, issue);

    const wr = h.get('withdrawalsRoot');
    if (block.withdrawals && wr) {
      const root = orderedTrieRoot(block.withdrawals);
      if (!root.equals(wr))
        issue(
          'storage-integrity',
          'withdrawalsRoot',
          'withdrawals-root-mismatch',
          'withdrawals trie root differs from the header',
          hex0x(root),
          hex0x(wr),
        );
      else this.report.verified('withdrawalsRoot');
    } else if (block.withdrawals && !wr)
      issue(
        'format',
        'withdrawals',
        'withdrawals-unexpected',
        'block body carries withdrawals but the header has no withdrawalsRoot',
      );
    else if (!block.withdrawals && wr)
      issue(
        'format',
        'withdrawals',
        'withdrawals-missing',
        'header has a withdrawalsRoot but the body has no withdrawals list',
      );

    if (atLeast(fork, 'Paris')) {
      if (h.int('difficulty') !== 0n)
        issue(
          'consensus',
          'difficulty',
          'post-merge-difficulty',
          'difficulty must be 0 after the Merge',
          '0',
          String(h.int('difficulty')),
        );
      if (!h.get('nonce')!.equals(Buffer.alloc(8)))
        issue(
          'consensus',
          'nonce',
          'post-merge-nonce',
          'nonce must be zero after the Merge',
          '0x0000000000000000',
          hex0x(h.get('nonce')!),
        );
    } else
      this.report.notVerified(
        'proof of work seal (ethash), difficulty formula',
        'needs the ethash dataset and the difficulty rules of each fork',
      );

    if (block.receipts) {
      const root = orderedTrieRoot(block.receipts);
      if (!root.equals(h.get('receiptsRoot')!))
        issue(
          'storage-integrity',
          'receiptsRoot',
          'receipts-root-mismatch',
          'receipts trie root differs from the header',
          hex0x(root),
          hex0x(h.get('receiptsRoot')!),
        );
      else this.report.verified('receiptsRoot');
    } else this.report.notVerified('receiptsRoot', 'receipts not in the source (they come from execution)');
    this.report.notVerified(
      'stateRoot, logsBloom, gasUsed',
      'needs execution of the transactions against the parent state',
    );

    this.linker.add(node);
  }

  finish(): void {
    this.linker.finish();
  }

  private transactions(
    block: EthBlock,
    fork: Fork,
    issue: (a: Aspect, f: string, r: string, m: string, e?: string, x?: string) => void,
  ): void {
    const h = block.header;
    const baseFee = h.int('baseFeePerGas');
    const blockGasLimit = h.int('gasLimit')!;
    let blobGas = 0n;
    block.txs.forEach((raw, i) => {
      try {
        const tx = decodeTx(raw);
        const claimedHash = block.claimed?.txHashes?.[i];
        if (claimedHash && claimedHash !== hex0x(tx.hash))
          issue(
            'storage-integrity',
            `tx[${i}].hash`,
            'tx-hash-mismatch',
            'transaction hash differs from the one the source states',
            claimedHash,
            hex0x(tx.hash),
          );
        const { sender } = checkTx(tx, fork, this.chainId);
        this.report.verified(`sender recovery (${TX_TYPE_NAMES[tx.type]})`);
        const claimedSender = block.claimed?.senders?.[i];
        if (claimedSender && claimedSender !== hex0x(sender))
          issue(
            'non-repudiation',
            `tx[${i}].from`,
            'sender-mismatch',
            'recovered sender differs from the one the source states',
            claimedSender,
            hex0x(sender),
          );
        if (tx.gasLimit > blockGasLimit)
          issue(
            'consensus',
            `tx[${i}].gasLimit`,
            'tx-gas-above-block',
            'transaction gas limit above the block gas limit',
            `≤ ${blockGasLimit}`,
            String(tx.gasLimit),
          );
        if (baseFee !== undefined && tx.maxFeePerGas < baseFee)
          issue(
            'consensus',
            `tx[${i}].maxFeePerGas`,
            'fee-below-base-fee',
            'transaction fee cap below the block base fee',
            `≥ ${baseFee}`,
            String(tx.maxFeePerGas),
          );
        blobGas += BigInt(tx.blobHashes) * GAS_PER_BLOB;
      } catch (e) {
        if (!(e instanceof TxInvalid)) throw e;
        const aspect: Aspect = NON_REPUDIATION_RULES.has(e.rule)
          ? 'non-repudiation'
          : e.rule === 'intrinsic-gas'
            ? 'consensus'
            : 'format';
        issue(aspect, `tx[${i}]`, `tx-${e.rule}`, `transaction ${i}: ${e.message}`);
      }
    });
    const used = h.int('blobGasUsed');
    const limits = BLOB_PARAMS[atLeast(fork, 'Prague') ? 'Prague' : 'Cancun']!;
    if (used !== undefined) {
      if (used !== blobGas)
        issue(
          'consensus',
          'blobGasUsed',
          'blob-gas-used',
          'blobGasUsed differs from the blobs the transactions carry',
          String(blobGas),
          String(used),
        );
      else if (used > limits.max)
        issue(
          'consensus',
          'blobGasUsed',
          'blob-gas-limit',
          'more blob gas than a block allows',
          `≤ ${limits.max}`,
          String(used),
        );
      else this.report.verified('blobGasUsed');
    } else if (blobGas > 0n)
      issue('format', 'blobGasUsed', 'blob-gas-missing', 'blob transactions in a block without blob gas fields');
  }

  private ommers(
    block: EthBlock,
    fork: Fork,
    issue: (a: Aspect, f: string, r: string, m: string, e?: string, x?: string) => void,
  ): void {
    const declared = block.header.get('ommersHash')!;
    if (!block.unclesRaw || !block.uncles) {
      this.report.notVerified('ommersHash', 'source gave ommer hashes only');
      return;
    }
    const computed = keccak(block.unclesRaw);
    if (!computed.equals(declared))
      issue(
        'storage-integrity',
        'ommersHash',
        'ommers-hash-mismatch',
        'hash of the ommers list differs from the header',
        hex0x(computed),
        hex0x(declared),
      );
    else this.report.verified('ommersHash');
    if (atLeast(fork, 'Paris') && !declared.equals(EMPTY_LIST_HASH))
      issue(
        'consensus',
        'ommersHash',
        'post-merge-ommers',
        'blocks after the Merge have no ommers',
        hex0x(EMPTY_LIST_HASH),
        hex0x(declared),
      );
    if (block.uncles.length > 2)
      issue('consensus', 'ommers', 'too-many-ommers', 'more than two ommers', '≤ 2', String(block.uncles.length));
  }

  private contextual(node: EthNode, parent: EthNode | null): void {
    const issue = (aspect: Aspect, field: string, rule: string, message: string, expected?: string, actual?: string) =>
      this.report.issue({
        height: Number(node.number),
        hash: node.hash,
        offset: node.offset,
        aspect,
        field,
        rule,
        message,
        expected,
        actual,
      } satisfies LedgerIssue);
    if (!parent) {
      this.roots++;
      if (this.opts.requireKnownParent)
        issue(
          'linkage',
          'parentHash',
          'unknown-parent',
          'parent block is not known',
          'a known block hash',
          node.parent,
        );
      else {
        this.report.event({
          kind: this.roots === 1 && !this.linkedAny ? 'unlinked-start' : 'gap',
          height: node.height,
          hash: node.hash,
          message:
            this.roots === 1 && !this.linkedAny
              ? `first block's parent ${node.parent} is not in the source; linkage starts here`
              : `gap: parent ${node.parent} of block ${node.hash} (number ${node.number}) is not in the source`,
        });
        this.report.notVerified('parent linkage and parent-relative header rules', 'parent not in the source');
      }
      return;
    }
    this.linkedAny = true;
    if (this.report.isFailed(parent.hash))
      issue(
        'linkage',
        'parentHash',
        'parent-invalid',
        'block builds on a block that failed verification',
        'a valid parent',
        parent.hash,
      );
    else this.report.verified('parent linkage');
    if (node.number !== parent.number + 1n)
      issue(
        'linkage',
        'number',
        'number-not-parent-plus-one',
        'block number is not the parent number + 1',
        String(parent.number + 1n),
        String(node.number),
      );
    if (node.timestamp <= parent.timestamp)
      issue(
        'consensus',
        'timestamp',
        'timestamp-not-after-parent',
        'timestamp not after the parent timestamp',
        `> ${parent.timestamp}`,
        String(node.timestamp),
      );
    let parentLimit = parent.gasLimit;
    if (atLeast(node.fork, 'London') && !atLeast(parent.fork, 'London')) parentLimit *= 2n;
    const bound = parentLimit / 1024n;
    const diff = node.gasLimit > parentLimit ? node.gasLimit - parentLimit : parentLimit - node.gasLimit;
    if (diff >= bound)
      issue(
        'consensus',
        'gasLimit',
        'gas-limit-change',
        'gas limit moved by parent/1024 or more',
        `within ${parentLimit} ± ${bound - 1n}`,
        String(node.gasLimit),
      );
    if (atLeast(node.fork, 'London')) {
      const expected = expectedBaseFee(parent);
      if (node.baseFee !== expected)
        issue(
          'consensus',
          'baseFeePerGas',
          'base-fee',
          'base fee differs from the EIP-1559 formula',
          String(expected),
          String(node.baseFee),
        );
      else this.report.verified('baseFeePerGas');
    }
    if (atLeast(node.fork, 'Cancun')) {
      const limits = BLOB_PARAMS[atLeast(node.fork, 'Prague') ? 'Prague' : 'Cancun']!;
      const sum = (parent.excessBlobGas ?? 0n) + (parent.blobGasUsed ?? 0n);
      const expected = sum < limits.target ? 0n : sum - limits.target;
      if (node.excessBlobGas !== expected)
        issue(
          'consensus',
          'excessBlobGas',
          'excess-blob-gas',
          'excessBlobGas differs from the EIP-4844 formula',
          String(expected),
          String(node.excessBlobGas),
        );
      else this.report.verified('excessBlobGas');
    }
  }
}

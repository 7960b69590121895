import { defineCheck } from '../types.js';
import { LEDGER_TIMEOUT_MS, aspectResults, ledgerReport } from './support.js';

export default defineCheck(
  {
    id: 'ledger.block-verification',
    title: 'Blocks satisfy the consensus rules a static verifier can check',
    description:
      'Bitcoin: proof of work against bits, difficulty retargets, median-time-past and future-time limits, BIP34 height, block weight. Ethereum: gas limit bounds, EIP-1559 base fee, EIP-4844 blob gas, post-Merge header constants, intrinsic gas and fee caps. State roots and receipts without receipts need execution and are reported as not verified.',
    targetKinds: ['ledger'],
    severity: 'high',
    confidence: 'high',
    tags: ['ledger', 'consensus'],
    remediation:
      'Blocks that break consensus rules must not be on the canonical chain: find which node accepted them and why.',
    references: [
      'https://github.com/bitcoin/bitcoin/blob/master/src/validation.cpp',
      'https://eips.ethereum.org/EIPS/eip-1559',
      'https://eips.ethereum.org/EIPS/eip-4844',
    ],
    level: 'passive',
    timeoutMs: LEDGER_TIMEOUT_MS,
  },
  async (ctx) =>
    aspectResults(
      await ledgerReport(ctx),
      ['consensus'],
      (k) => /proof of work|difficulty|median-time-past|BIP34|baseFeePerGas|excessBlobGas|blobGasUsed/.test(k),
      'block verification',
    ),
);

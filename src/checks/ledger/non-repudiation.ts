import { defineCheck } from '../types.js';
import { LEDGER_TIMEOUT_MS, aspectResults, ledgerReport } from './support.js';

export default defineCheck(
  {
    id: 'ledger.non-repudiation',
    title: 'Transactions carry valid signatures of their senders',
    description:
      'Verifies transaction signatures: Bitcoin P2PKH, P2WPKH, P2SH-P2WPKH and P2TR key-path inputs (against Bitcoin Core consensus rules), Ethereum sender recovery for legacy, EIP-2930, EIP-1559, EIP-4844 and EIP-7702 transactions with EIP-155 chain ids. Inputs whose type or spent output is not available are reported as not verified.',
    targetKinds: ['ledger'],
    severity: 'critical',
    confidence: 'high',
    tags: ['ledger', 'signatures'],
    remediation:
      'A stored transaction whose signature fails cannot be attributed to its sender: treat the block as tampered and restore it from a trusted source.',
    references: [
      'https://github.com/bitcoin/bips/blob/master/bip-0143.mediawiki',
      'https://github.com/bitcoin/bips/blob/master/bip-0341.mediawiki',
      'https://eips.ethereum.org/EIPS/eip-155',
    ],
    level: 'passive',
    timeoutMs: LEDGER_TIMEOUT_MS,
  },
  async (ctx) =>
    aspectResults(
      await ledgerReport(ctx),
      ['non-repudiation'],
      (k) => /^signature|sender recovery|signatures/.test(k),
      'non-repudiation',
    ),
);

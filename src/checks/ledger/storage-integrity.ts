import { defineCheck } from '../types.js';
import { LEDGER_TIMEOUT_MS, aspectResults, ledgerReport } from './support.js';

const HASH_COUNTERS =
  /merkle root|witness commitment|header hash|transactionsRoot|withdrawalsRoot|receiptsRoot|ommersHash|data hash|previous-hash link|previous hash|parent linkage/;

export default defineCheck(
  {
    id: 'ledger.storage-integrity',
    title: 'Stored blocks are intact: hashes, Merkle/trie roots and the hash chain match',
    description:
      'Recomputes every block hash, the Merkle root (Bitcoin, with CVE-2012-2459 mutation detection), the transaction/withdrawal/receipt tries (Ethereum) or the data hash (Fabric), and checks that each block names the hash of its parent. Any mismatch means the stored ledger was altered or corrupted.',
    targetKinds: ['ledger'],
    severity: 'critical',
    confidence: 'high',
    tags: ['ledger', 'integrity', 'merkle'],
    remediation:
      'Restore the affected blocks from a trusted peer or backup, find how the store was modified (disk fault, tampering, a faulty client), and re-verify.',
    references: [
      'https://github.com/bitcoin/bitcoin/blob/master/src/consensus/merkle.cpp',
      'https://ethereum.github.io/yellowpaper/paper.pdf',
      'https://hyperledger-fabric.readthedocs.io/en/latest/commands/ledgerutil.html',
    ],
    level: 'passive',
    timeoutMs: LEDGER_TIMEOUT_MS,
  },
  async (ctx) =>
    aspectResults(
      await ledgerReport(ctx),
      ['storage-integrity', 'linkage'],
      (k) => HASH_COUNTERS.test(k),
      'storage integrity',
    ),
);

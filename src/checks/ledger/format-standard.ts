import { defineCheck } from '../types.js';
import { LEDGER_TIMEOUT_MS, aspectResults, ledgerReport } from './support.js';

export default defineCheck(
  {
    id: 'ledger.format-standard',
    title: 'Blocks follow the ledger format standard',
    description:
      'Parses every block strictly: Bitcoin serialization (canonical sizes, coinbase layout, version rules), Ethereum RLP (canonical encodings, the header fields each fork defines, typed transactions), Fabric block records and transaction envelopes (no trailing bytes).',
    targetKinds: ['ledger'],
    severity: 'high',
    confidence: 'high',
    tags: ['ledger', 'format'],
    remediation:
      'Find which component wrote the non-conforming blocks; replace them with well-formed copies from a correct peer.',
    references: [
      'https://github.com/bitcoin/bips/blob/master/bip-0144.mediawiki',
      'https://ethereum.org/en/developers/docs/data-structures-and-encoding/rlp/',
    ],
    level: 'passive',
    timeoutMs: LEDGER_TIMEOUT_MS,
  },
  async (ctx) => {
    const r = await ledgerReport(ctx);
    const parsed = r.blocks - r.issues.filter((i) => i.rule === 'unparseable').length;
    const results = aspectResults(r, ['format'], () => false, 'format');
    if (results[0].status === 'fail') return results;
    return [
      {
        status: 'pass',
        message: `format: ${parsed} of ${r.blocks} blocks parse strictly`,
        evidence: results[0].evidence,
        key: 'summary',
      },
    ];
  },
);

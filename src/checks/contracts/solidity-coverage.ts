import { defineCheck } from '../types.js';
import { analysisOf } from './shared.js';

export default defineCheck(
  {
    id: 'contracts.solidity.coverage',
    title: 'Every Solidity source could be analysed',
    description:
      'Lists the Solidity files the analyzer could not parse or finish within its size and time bounds; findings of the other contract checks do not cover them, so each one leaves the run incomplete.',
    targetKinds: ['contracts'],
    severity: 'low',
    confidence: 'high',
    tags: ['solidity', 'smart-contract', 'coverage'],
    remediation: 'Fix the syntax error or review the listed files by hand or with a compiler-based tool.',
    references: [],
    level: 'passive',
    timeoutMs: 600_000,
  },
  async (ctx) => {
    const analysis = await analysisOf(ctx);
    if (!analysis.files.length && !analysis.notAnalysed.length) {
      return [{ status: 'error', message: `${ctx.target.path}: no .sol files there` }];
    }
    const results = analysis.notAnalysed.map((n) => ({
      status: 'error' as const,
      message: `${n.file} not analysed: ${n.reason}`,
      locations: [{ file: n.file }],
      key: `not-analysed:${n.file}:${n.reason.slice(0, 40)}`,
    }));
    if (!results.length) {
      const contracts = analysis.files.reduce((a, f) => a + f.contracts, 0);
      return [
        {
          status: 'pass',
          message: `all ${analysis.files.length} Solidity files (${contracts} contracts) were parsed and analysed`,
        },
      ];
    }
    return results;
  },
);

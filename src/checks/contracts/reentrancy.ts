import { defineCheck } from '../types.js';
import { categoryMeta, runCategory } from './shared.js';

export default defineCheck(
  {
    ...categoryMeta(
      'reentrancy',
      'contracts.solidity.reentrancy',
      'Solidity reentrancy',
      ['TECH.CONTRACT.SYSTEM_CONTRACT', 'DJCP.CONTRACT.MALICIOUS_CODE'],
      ['reentrancy'],
    ),
    targetKinds: ['contracts'],
  },
  (ctx) => runCategory(ctx, 'reentrancy'),
);

import { defineCheck } from '../types.js';
import { categoryMeta, runCategory } from './shared.js';

export default defineCheck(
  {
    ...categoryMeta(
      'other',
      'contracts.solidity.code-quality',
      'Solidity code hygiene (storage, shadowing, locked ether, deprecated syntax, pragma)',
      ['TECH.CONTRACT.SYSTEM_CONTRACT', 'TECH.STATIC.BUILTIN_FUNCTIONS'],
      ['hygiene'],
    ),
    targetKinds: ['contracts'],
  },
  (ctx) => runCategory(ctx, 'other'),
);

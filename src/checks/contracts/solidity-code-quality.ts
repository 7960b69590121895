import { defineCheck } from '../types.js';
import { categoryMeta, runCategory } from './shared.js';

export default defineCheck(
  {
    ...categoryMeta(
      'other',
      'contracts.solidity.code-quality',
      'Solidity code hygiene (storage, shadowing, locked ether, deprecated syntax, pragma)',
      ['hygiene'],
    ),
    targetKinds: ['contracts'],
  },
  (ctx) => runCategory(ctx, 'other'),
);

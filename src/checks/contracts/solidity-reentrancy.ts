import { defineCheck } from '../types.js';
import { categoryMeta, runCategory } from './shared.js';

export default defineCheck(
  {
    ...categoryMeta('reentrancy', 'contracts.solidity.reentrancy', 'Solidity reentrancy', ['reentrancy']),
    targetKinds: ['contracts'],
  },
  (ctx) => runCategory(ctx, 'reentrancy'),
);

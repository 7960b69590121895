import { defineCheck } from '../types.js';
import { categoryMeta, runCategory } from './shared.js';

export default defineCheck(
  {
    ...categoryMeta('arithmetic', 'contracts.solidity.arithmetic', 'Solidity integer arithmetic', ['arithmetic']),
    targetKinds: ['contracts'],
  },
  (ctx) => runCategory(ctx, 'arithmetic'),
);

import { defineCheck } from '../types.js';
import { categoryMeta, runCategory } from './shared.js';

export default defineCheck(
  {
    ...categoryMeta(
      'unchecked_low_level_calls',
      'contracts.solidity.unchecked-calls',
      'Solidity unchecked call results',
      ['exception-handling'],
    ),
    targetKinds: ['contracts'],
  },
  (ctx) => runCategory(ctx, 'unchecked_low_level_calls'),
);

import { defineCheck } from '../types.js';
import { categoryMeta, runCategory } from './shared.js';

export default defineCheck(
  {
    ...categoryMeta('short_addresses', 'contracts.solidity.short-addresses', 'Solidity call-data length validation', [
      'input-validation',
    ]),
    targetKinds: ['contracts'],
  },
  (ctx) => runCategory(ctx, 'short_addresses'),
);

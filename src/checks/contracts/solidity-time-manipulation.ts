import { defineCheck } from '../types.js';
import { categoryMeta, runCategory } from './shared.js';

export default defineCheck(
  {
    ...categoryMeta('time_manipulation', 'contracts.solidity.time-manipulation', 'Solidity timestamp dependence', [
      'timestamp',
    ]),
    targetKinds: ['contracts'],
  },
  (ctx) => runCategory(ctx, 'time_manipulation'),
);

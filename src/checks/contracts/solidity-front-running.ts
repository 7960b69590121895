import { defineCheck } from '../types.js';
import { categoryMeta, runCategory } from './shared.js';

export default defineCheck(
  {
    ...categoryMeta('front_running', 'contracts.solidity.front-running', 'Solidity transaction ordering', [
      'front-running',
    ]),
    targetKinds: ['contracts'],
  },
  (ctx) => runCategory(ctx, 'front_running'),
);

import { defineCheck } from '../types.js';
import { categoryMeta, runCategory } from './shared.js';

export default defineCheck(
  {
    ...categoryMeta('bad_randomness', 'contracts.solidity.randomness', 'Solidity randomness sources', ['randomness']),
    targetKinds: ['contracts'],
  },
  (ctx) => runCategory(ctx, 'bad_randomness'),
);

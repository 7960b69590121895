import { defineCheck } from '../types.js';
import { categoryMeta, runCategory } from './shared.js';

export default defineCheck(
  {
    ...categoryMeta(
      'bad_randomness',
      'contracts.solidity.randomness',
      'Solidity randomness sources',
      ['TECH.CONTRACT.SYSTEM_CONTRACT', 'TECH.CRYPTO.RNG'],
      ['randomness'],
    ),
    targetKinds: ['contracts'],
  },
  (ctx) => runCategory(ctx, 'bad_randomness'),
);

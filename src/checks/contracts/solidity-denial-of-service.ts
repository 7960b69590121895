import { defineCheck } from '../types.js';
import { categoryMeta, runCategory } from './shared.js';

export default defineCheck(
  {
    ...categoryMeta('denial_of_service', 'contracts.solidity.denial-of-service', 'Solidity denial of service', ['dos']),
    targetKinds: ['contracts'],
  },
  (ctx) => runCategory(ctx, 'denial_of_service'),
);

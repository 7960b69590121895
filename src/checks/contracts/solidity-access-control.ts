import { defineCheck } from '../types.js';
import { categoryMeta, runCategory } from './shared.js';

export default defineCheck(
  {
    ...categoryMeta('access_control', 'contracts.solidity.access-control', 'Solidity access control', [
      'access-control',
    ]),
    targetKinds: ['contracts'],
  },
  (ctx) => runCategory(ctx, 'access_control'),
);

import type { Check } from '../types.js';

export const contractsChecks: Check[] = [];

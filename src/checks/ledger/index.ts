import type { Check } from '../types.js';

export const ledgerChecks: Check[] = [];

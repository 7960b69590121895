import type { Check } from '../types.js';

export const configsChecks: Check[] = [];

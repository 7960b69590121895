import type { Check } from '../types.js';

export const secretsChecks: Check[] = [];

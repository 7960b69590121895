import type { Check } from '../types.js';

export const hostChecks: Check[] = [];

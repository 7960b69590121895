import type { Check } from '../types.js';

export const webChecks: Check[] = [];

import type { Check } from '../types.js';

export const bitcoinChecks: Check[] = [];

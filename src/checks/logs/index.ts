import type { Check } from '../types.js';

export const logsChecks: Check[] = [];

import type { Check } from '../types.js';

export const servicesChecks: Check[] = [];

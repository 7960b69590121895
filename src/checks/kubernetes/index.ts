import type { Check } from '../types.js';

export const kubernetesChecks: Check[] = [];

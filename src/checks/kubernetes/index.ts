import type { Check } from '../types.js';
import manifests from './manifests.js';

export const kubernetesChecks: Check[] = [manifests];

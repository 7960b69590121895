import type { Check } from '../types.js';
import blockVerification from './block-verification.js';
import formatStandard from './format-standard.js';
import idempotence from './idempotence.js';
import nonRepudiation from './non-repudiation.js';
import storageIntegrity from './storage-integrity.js';
import synchronization from './synchronization.js';

export const ledgerChecks: Check[] = [
  storageIntegrity,
  formatStandard,
  nonRepudiation,
  blockVerification,
  synchronization,
  idempotence,
];

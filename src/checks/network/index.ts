import type { Check } from '../types.js';
import headAgreement from './head-agreement.js';
import forkDetection from './fork-detection.js';
import syncLag from './sync-lag.js';
import chainAgreement from './chain-agreement.js';
import idempotence from './idempotence.js';
import nodeMonitoring from './node-monitoring.js';
import blockProduction from './block-production.js';

export const networkChecks: Check[] = [
  headAgreement,
  forkDetection,
  syncLag,
  chainAgreement,
  idempotence,
  nodeMonitoring,
  blockProduction,
];

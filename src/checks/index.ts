import type { Check } from './types.js';
import { evmChecks } from './evm/index.js';
import { bitcoinChecks } from './bitcoin/index.js';
import { networkChecks } from './network/index.js';
import { ledgerChecks } from './ledger/index.js';
import { contractsChecks } from './contracts/index.js';
import { hostChecks } from './host/index.js';
import { servicesChecks } from './services/index.js';
import { configsChecks } from './configs/index.js';
import { secretsChecks } from './secrets/index.js';
import { kubernetesChecks } from './kubernetes/index.js';
import { cloudChecks } from './cloud/index.js';
import { logsChecks } from './logs/index.js';
import { webChecks } from './web/index.js';

/** Every check the tool ships, grouped by domain; each domain's index lists its own files. */
export const registry: Check[] = [
  ...evmChecks,
  ...bitcoinChecks,
  ...networkChecks,
  ...ledgerChecks,
  ...contractsChecks,
  ...hostChecks,
  ...servicesChecks,
  ...configsChecks,
  ...secretsChecks,
  ...kubernetesChecks,
  ...cloudChecks,
  ...logsChecks,
  ...webChecks,
];

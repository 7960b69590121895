import type { Check } from '../types.js';
import backupCrossRegion from './backup-cross-region.js';
import computeMetadataV2 from './compute-metadata-v2.js';
import computeSignerEnclave from './compute-signer-enclave.js';
import computeValidatorZones from './compute-validator-zones.js';
import iamAdminSourceIp from './iam-admin-source-ip.js';
import iamConsoleMfa from './iam-console-mfa.js';
import iamWildcardPolicy from './iam-wildcard-policy.js';
import kmsKeyPolicy from './kms-key-policy.js';
import kmsSigningKeys from './kms-signing-keys.js';
import kubernetesApiEndpoint from './kubernetes-api-endpoint.js';
import lbDdosProtection from './lb-ddos-protection.js';
import lbNodeRpc from './lb-node-rpc.js';
import logsAuditTrail from './logs-audit-trail.js';
import logsEncryption from './logs-encryption.js';
import logsObjectLock from './logs-object-lock.js';
import monitoringThreatDetection from './monitoring-threat-detection.js';
import networkAdminIngress from './network-admin-ingress.js';
import networkDatabaseIngress from './network-database-ingress.js';
import networkNodeIngress from './network-node-ingress.js';
import storageEncryption from './storage-encryption.js';
import storagePublicAccess from './storage-public-access.js';

export const cloudChecks: Check[] = [
  backupCrossRegion,
  computeMetadataV2,
  computeSignerEnclave,
  computeValidatorZones,
  iamAdminSourceIp,
  iamConsoleMfa,
  iamWildcardPolicy,
  kmsKeyPolicy,
  kmsSigningKeys,
  kubernetesApiEndpoint,
  lbDdosProtection,
  lbNodeRpc,
  logsAuditTrail,
  logsEncryption,
  logsObjectLock,
  monitoringThreatDetection,
  networkAdminIngress,
  networkDatabaseIngress,
  networkNodeIngress,
  storageEncryption,
  storagePublicAccess,
];

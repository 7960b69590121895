import type { Check } from '../types.js';
import chainDataReclaimPolicy from './chain-data-reclaim-policy.js';
import cometbftDoubleSignCheck from './cometbft-double-sign-check.js';
import cometbftRpc from './cometbft-rpc.js';
import cometbftSentry from './cometbft-sentry.js';
import cometbftTimeouts from './cometbft-timeouts.js';
import fabricCouchdb from './fabric-couchdb.js';
import fabricDockerSocket from './fabric-docker-socket.js';
import fabricTls from './fabric-tls.js';
import ingressNodeRpcAuth from './ingress-node-rpc-auth.js';
import ingressRateLimit from './ingress-rate-limit.js';
import ingressTls from './ingress-tls.js';
import keysEnv from './keys-env.js';
import keysInImage from './keys-in-image.js';
import keysSecretMountMode from './keys-secret-mount-mode.js';
import namespacePodSecurity from './namespace-pod-security.js';
import networkDefaultDeny from './network-default-deny.js';
import nodeAccountUnlock from './node-account-unlock.js';
import nodeAdminExposure from './node-admin-exposure.js';
import nodeEngineApiAuth from './node-engine-api-auth.js';
import nodeEngineApiExposure from './node-engine-api-exposure.js';
import nodeMetricsExposure from './node-metrics-exposure.js';
import nodeResourceGuarantee from './node-resource-guarantee.js';
import nodeRpcExposure from './node-rpc-exposure.js';
import nodeRpcModules from './node-rpc-modules.js';
import nodeRpcOrigins from './node-rpc-origins.js';
import nodeUnprotectedTxs from './node-unprotected-txs.js';
import podCapabilities from './pod-capabilities.js';
import podDefaultServiceAccount from './pod-default-service-account.js';
import podHostNamespaces from './pod-host-namespaces.js';
import podHostPath from './pod-host-path.js';
import podHostPorts from './pod-host-ports.js';
import podImageDigest from './pod-image-digest.js';
import podPrivilegeEscalation from './pod-privilege-escalation.js';
import podPrivileged from './pod-privileged.js';
import podProbes from './pod-probes.js';
import podReadOnlyRootFs from './pod-read-only-root-fs.js';
import podResourceLimits from './pod-resource-limits.js';
import podRunAsNonRoot from './pod-run-as-non-root.js';
import podSeccomp from './pod-seccomp.js';
import podServiceAccountToken from './pod-service-account-token.js';
import rbacAnonymousBindings from './rbac-anonymous-bindings.js';
import rbacClusterAdmin from './rbac-cluster-admin.js';
import rbacEscalationVerbs from './rbac-escalation-verbs.js';
import rbacPodExec from './rbac-pod-exec.js';
import rbacSecretsRead from './rbac-secrets-read.js';
import rbacWildcard from './rbac-wildcard.js';
import runtimeSensor from './runtime-sensor.js';
import secretsConfigmap from './secrets-configmap.js';
import secretsEnvLiteral from './secrets-env-literal.js';
import serviceDatabaseExposed from './service-database-exposed.js';
import serviceExternalIps from './service-external-ips.js';
import signerDoppelganger from './signer-doppelganger.js';
import signerKeyCustody from './signer-key-custody.js';
import signerNetworkIsolation from './signer-network-isolation.js';
import signerReplicas from './signer-replicas.js';
import signerRollout from './signer-rollout.js';
import signerSlashingProtection from './signer-slashing-protection.js';
import validatorsDisruptionBudget from './validators-disruption-budget.js';
import validatorsNodeSpread from './validators-node-spread.js';
import validatorsZoneSpread from './validators-zone-spread.js';

export const kubernetesChecks: Check[] = [
  chainDataReclaimPolicy,
  cometbftDoubleSignCheck,
  cometbftRpc,
  cometbftSentry,
  cometbftTimeouts,
  fabricCouchdb,
  fabricDockerSocket,
  fabricTls,
  ingressNodeRpcAuth,
  ingressRateLimit,
  ingressTls,
  keysEnv,
  keysInImage,
  keysSecretMountMode,
  namespacePodSecurity,
  networkDefaultDeny,
  nodeAccountUnlock,
  nodeAdminExposure,
  nodeEngineApiAuth,
  nodeEngineApiExposure,
  nodeMetricsExposure,
  nodeResourceGuarantee,
  nodeRpcExposure,
  nodeRpcModules,
  nodeRpcOrigins,
  nodeUnprotectedTxs,
  podCapabilities,
  podDefaultServiceAccount,
  podHostNamespaces,
  podHostPath,
  podHostPorts,
  podImageDigest,
  podPrivilegeEscalation,
  podPrivileged,
  podProbes,
  podReadOnlyRootFs,
  podResourceLimits,
  podRunAsNonRoot,
  podSeccomp,
  podServiceAccountToken,
  rbacAnonymousBindings,
  rbacClusterAdmin,
  rbacEscalationVerbs,
  rbacPodExec,
  rbacSecretsRead,
  rbacWildcard,
  runtimeSensor,
  secretsConfigmap,
  secretsEnvLiteral,
  serviceDatabaseExposed,
  serviceExternalIps,
  signerDoppelganger,
  signerKeyCustody,
  signerNetworkIsolation,
  signerReplicas,
  signerRollout,
  signerSlashingProtection,
  validatorsDisruptionBudget,
  validatorsNodeSpread,
  validatorsZoneSpread,
];

import { CHANNEL_RESULTS, exposureResults } from './exposure-shared.js';
import { kubeCheck, WORKLOAD_KINDS } from './support.js';

export default kubeCheck(
  {
    id: 'kubernetes.node.admin-exposure',
    title: 'Admin, key-manager and signing APIs exposed outside the cluster',
    description:
      "Key-manager APIs of validator clients, Web3Signer's signing API, CometBFT's privval and ABCI ports, Fabric operations (log level) and admin endpoints, and Fabric CA enrollment change or use keys; published outside the cluster they are one stolen token away from key theft or a forged signature.",
    severity: 'critical',
    confidence: 'high',
    tags: ['kubernetes', 'exposure', 'rpc', 'blockchain'],
    remediation:
      'Keep admin, key-manager and signing ports on ClusterIP Services limited by NetworkPolicies to the component that uses them.',
    references: ['https://kubernetes.io/docs/concepts/services-networking/service/#publishing-services-service-types'],
    results: CHANNEL_RESULTS,
  },
  [...WORKLOAD_KINDS, 'Service'],
  (inv) => exposureResults(inv, ['admin', 'signing'], 'admin or signing API'),
);

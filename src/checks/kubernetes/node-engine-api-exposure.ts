import { CHANNEL_RESULTS, exposureResults } from './exposure-shared.js';
import { kubeCheck, WORKLOAD_KINDS } from './support.js';

export default kubeCheck(
  {
    id: 'kubernetes.node.engine-api-exposure',
    title: 'Engine API (authrpc) exposed outside the cluster',
    description:
      'The Engine API (port 8551) lets whoever holds the JWT secret drive the execution client: choose the head, build blocks. It is meant for the paired consensus client only and must never be published.',
    severity: 'critical',
    confidence: 'high',
    tags: ['kubernetes', 'exposure', 'rpc', 'blockchain'],
    remediation:
      'Keep the Engine API on a ClusterIP Service (or localhost in a shared pod) reachable only by the consensus client.',
    references: ['https://kubernetes.io/docs/concepts/services-networking/service/#publishing-services-service-types'],
    results: CHANNEL_RESULTS,
  },
  [...WORKLOAD_KINDS, 'Service'],
  (inv) => exposureResults(inv, ['engine'], 'Engine API'),
);

import { CHANNEL_RESULTS, exposureResults } from './exposure-shared.js';
import { kubeCheck, WORKLOAD_KINDS } from './support.js';

export default kubeCheck(
  {
    id: 'kubernetes.node.metrics-exposure',
    title: 'Node metrics ports exposed outside the cluster',
    description:
      'Metrics and pprof endpoints disclose peers, versions, validator indices and internal state, and pprof can be used to exhaust the node; they belong on the monitoring network.',
    severity: 'medium',
    confidence: 'high',
    tags: ['kubernetes', 'exposure', 'rpc', 'blockchain'],
    remediation: 'Keep metrics on ClusterIP Services scraped from inside the cluster.',
    references: ['https://kubernetes.io/docs/concepts/services-networking/service/#publishing-services-service-types'],
    results: CHANNEL_RESULTS,
  },
  [...WORKLOAD_KINDS, 'Service'],
  (inv) => exposureResults(inv, ['metrics'], 'metrics endpoint'),
);

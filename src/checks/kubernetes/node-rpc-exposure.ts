import { CHANNEL_RESULTS, exposureResults } from './exposure-shared.js';
import { kubeCheck, WORKLOAD_KINDS } from './support.js';

export default kubeCheck(
  {
    id: 'kubernetes.node.rpc-exposure',
    title: 'Node RPC and WebSocket ports exposed outside the cluster',
    description:
      "JSON-RPC and WebSocket RPC let callers read state, submit transactions and, with the wrong modules, control the node. Published through a LoadBalancer, NodePort, externalIPs, hostPort or the host network, they are on the internet or the node's address, bypassing any gateway that would authenticate and rate-limit.",
    severity: 'high',
    confidence: 'high',
    tags: ['kubernetes', 'exposure', 'rpc', 'blockchain'],
    remediation:
      'Serve public RPC from dedicated full nodes behind an authenticating, rate-limiting gateway; keep node Services ClusterIP, or set loadBalancerSourceRanges / an internal load balancer.',
    references: ['https://kubernetes.io/docs/concepts/services-networking/service/#publishing-services-service-types'],
    results: CHANNEL_RESULTS,
  },
  [...WORKLOAD_KINDS, 'Service'],
  (inv) => exposureResults(inv, ['rpc', 'ws'], 'node RPC'),
);

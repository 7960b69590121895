import { cloudCheck, ingressFor, INGRESS_RESULTS } from './support.js';

export default cloudCheck(
  {
    id: 'cloud.network.node-ingress',
    title: 'Node RPC, Engine, metrics and admin ports open to the internet',
    description:
      "Security groups, network ACLs and firewalls that open JSON-RPC, WebSocket, the Engine API, beacon and CometBFT RPC, metrics, pprof, key-manager or Fabric operations/CA ports to 0.0.0.0/0 make the node's control surface public.",
    severity: 'critical',
    confidence: 'high',
    tags: ['cloud', 'terraform', 'network', 'firewall'],
    remediation:
      'Open node RPC only to the gateway or application subnets; never open Engine, key-manager, signer or metrics ports to the internet.',
    references: [
      'https://docs.aws.amazon.com/vpc/latest/userguide/vpc-security-groups.html',
      'https://www.alibabacloud.com/help/en/ecs/user-guide/overview-44',
      'https://support.huaweicloud.com/intl/en-us/usermanual-vpc/en-us_topic_0073379079.html',
    ],
    results: INGRESS_RESULTS,
  },
  (model) => ingressFor(model, 'node'),
);

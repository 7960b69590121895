import { cloudCheck, ingressFor, INGRESS_RESULTS } from './support.js';

export default cloudCheck(
  {
    id: 'cloud.network.admin-ingress',
    title: 'Administrative ports open to the internet',
    description:
      'SSH, RDP, the Kubernetes API, the kubelet or the Docker API reachable from 0.0.0.0/0 is brute-forced and exploited within hours; administration belongs behind a bastion, VPN or cloud desktop whose address is the only allowed source.',
    severity: 'high',
    confidence: 'high',
    tags: ['cloud', 'terraform', 'network', 'firewall'],
    remediation:
      'Allow administrative ports only from the bastion or VPN range (or a bastion security group); use SSM/Cloud Assistant/CloudShell style access instead of open SSH.',
    references: [
      'https://docs.aws.amazon.com/vpc/latest/userguide/vpc-security-groups.html',
      'https://www.alibabacloud.com/help/en/ecs/user-guide/overview-44',
      'https://support.huaweicloud.com/intl/en-us/usermanual-vpc/en-us_topic_0073379079.html',
    ],
    results: INGRESS_RESULTS,
  },
  (model) => ingressFor(model, 'admin'),
);

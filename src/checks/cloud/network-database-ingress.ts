import { cloudCheck, ingressFor, INGRESS_RESULTS } from './support.js';

export default cloudCheck(
  {
    id: 'cloud.network.database-ingress',
    title: 'Database ports open to the internet',
    description:
      'PostgreSQL, MySQL, Redis, CouchDB (Fabric state), MongoDB, Elasticsearch and etcd reachable from 0.0.0.0/0 are read, wiped or ransomed by automated scanners.',
    severity: 'critical',
    confidence: 'high',
    tags: ['cloud', 'terraform', 'network', 'firewall'],
    remediation: 'Allow database ports only from the application security group or subnet.',
    references: [
      'https://docs.aws.amazon.com/vpc/latest/userguide/vpc-security-groups.html',
      'https://www.alibabacloud.com/help/en/ecs/user-guide/overview-44',
      'https://support.huaweicloud.com/intl/en-us/usermanual-vpc/en-us_topic_0073379079.html',
    ],
    results: INGRESS_RESULTS,
  },
  (model) => ingressFor(model, 'db'),
);

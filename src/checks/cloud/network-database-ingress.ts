import { cloudPorts, ingressRules, openSources, portNames, ruleText } from '../../analyzers/iac/network.js';
import type { CheckResult } from '../types.js';
import { cloudCheck, cloudHit } from './support.js';

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
    results: {
      open: { title: 'Open to the internet' },
      restricted: { title: 'Allowed only from listed sources', severity: 'info' },
      'unknown-source': { title: 'Source not determinable from the configuration', severity: 'medium' },
    },
  },
  (model) => {
    const results: CheckResult[] = [];
    const rules = ingressRules(model);
    let examined = 0;
    for (const r of rules) {
      const ports = cloudPorts(r.from, r.to, 'db');
      if (!ports.length) continue;
      examined++;
      const open = openSources(r);
      if (!open.length && r.unresolved.length) {
        results.push(
          cloudHit({
            result: 'unknown-source',
            status: 'warn',
            resource: r.resource,
            path: r.path,
            message: `${r.resource.address} allows ${portNames(ports)} from ${r.unresolved.join(', ')}, which the configuration does not resolve: audit the plan`,
            detail: `${r.path.join('.')}:${r.from}-${r.to}`,
            evidence: [{ label: 'rule', value: ruleText(r) }],
          }),
        );
        continue;
      }
      results.push(
        cloudHit({
          result: open.length ? 'open' : 'restricted',
          status: open.length ? 'fail' : 'pass',
          resource: r.resource,
          path: r.path,
          message: open.length
            ? `${r.resource.address} (${r.kind}) opens ${portNames(ports)} to ${open.join(', ')}`
            : `${r.resource.address} allows ${portNames(ports)} only from ${r.sources.join(', ') || 'referenced groups'}`,
          detail: `${r.path.join('.')}:${r.from}-${r.to}`,
          evidence: [{ label: 'rule', value: ruleText(r) }],
        }),
      );
    }
    return { results, examined, subject: 'rules covering these ports', clean: 'none is open to the internet' };
  },
);

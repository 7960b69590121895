import { cloudPorts, ingressRules, openSources, portNames, ruleText } from '../../analyzers/iac/network.js';
import type { CheckResult } from '../types.js';
import { cloudCheck, cloudHit } from './support.js';

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
      const ports = cloudPorts(r.from, r.to, 'admin');
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

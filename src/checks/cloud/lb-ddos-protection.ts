import { isPublicLb, LOAD_BALANCERS } from '../../analyzers/iac/resources.js';
import { pointsTo } from '../../analyzers/iac/terraform.js';
import type { CheckResult } from '../types.js';
import { cloudCheck, cloudHit } from './support.js';

const GUARDS: Record<string, string[]> = {
  aws: ['aws_shield_protection', 'aws_wafv2_web_acl_association', 'aws_wafregional_web_acl_association'],
  alicloud: ['alicloud_ddoscoo_instance', 'alicloud_ddosbgp_instance', 'alicloud_waf_domain', 'alicloud_wafv3_domain'],
  huaweicloud: [
    'huaweicloud_antiddos_basic',
    'huaweicloud_aad_forward_rule',
    'huaweicloud_waf_dedicated_domain',
    'huaweicloud_waf_domain',
  ],
};

export default cloudCheck(
  {
    id: 'cloud.lb.ddos-protection',
    title: 'Public load balancers without DDoS protection or WAF',
    description:
      'RPC gateways, APIs and front ends behind a public load balancer go down under a flood unless a DDoS protection service (AWS Shield Advanced, Alibaba Cloud Anti-DDoS, Huawei Cloud AAD) or a WAF with rate rules sits in front of them.',
    severity: 'medium',
    confidence: 'medium',
    tags: ['cloud', 'terraform', 'ddos', 'load-balancer'],
    remediation:
      "Attach a WAF web ACL with rate-based rules and enrol public load balancers in the provider's DDoS protection.",
    references: [
      'https://docs.aws.amazon.com/waf/latest/developerguide/shield-chapter.html',
      'https://www.alibabacloud.com/help/en/anti-ddos/',
      'https://support.huaweicloud.com/intl/en-us/aad/index.html',
    ],
    results: {
      unprotected: { title: 'Public load balancer without DDoS protection or WAF' },
      protected: { title: 'Protected public load balancer', severity: 'info' },
    },
  },
  (model) => {
    const results: CheckResult[] = [];
    const lbs = model.resources.filter((r) => LOAD_BALANCERS.includes(r.type) && isPublicLb(model, r));
    for (const lb of lbs) {
      const guards = model.resources.filter((g) => (GUARDS[lb.provider] ?? []).includes(g.type));
      const aimed = guards.find((g) =>
        ['resource_arn', 'resource_id', 'instance_id'].some((k) => pointsTo(model, g.values[k], lb)),
      );
      const accountWide = lb.provider !== 'aws' ? guards[0] : undefined;
      const by = aimed ?? accountWide;
      results.push(
        by
          ? cloudHit({
              result: 'protected',
              status: 'pass',
              resource: lb,
              message: `${lb.address} is covered by ${by.address}`,
              detail: 'ddos',
            })
          : cloudHit({
              result: 'unprotected',
              status: 'warn',
              resource: lb,
              message: `${lb.address} is internet-facing with no DDoS protection or WAF in the configuration`,
              detail: 'ddos',
            }),
      );
    }
    return { results, examined: lbs.length, subject: 'public load balancers', clean: 'each is protected' };
  },
);

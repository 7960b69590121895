import { policyDocuments, statements } from '../../analyzers/iac/resources.js';
import type { CheckResult } from '../types.js';
import { cloudCheck, cloudHit } from './support.js';

export default cloudCheck(
  {
    id: 'cloud.iam.admin-source-ip',
    title: 'Administrative grants usable from anywhere',
    description:
      "Cloud administration should come from a jump server or cloud desktop, not from laptops: administrative statements (every action, IAM/RAM, KMS administration) need a source condition — aws:SourceIp / aws:SourceVpce, acs:SourceIp — naming the bastion's range.",
    severity: 'medium',
    confidence: 'medium',
    tags: ['cloud', 'terraform', 'iam', 'jump-host'],
    remediation:
      'Add a Condition with aws:SourceIp / aws:SourceVpce (Alibaba Cloud acs:SourceIp) naming the bastion or cloud-desktop range to administrative statements.',
    references: [
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_examples_aws_deny-ip.html',
      'https://www.alibabacloud.com/help/en/ram/user-guide/policy-elements',
    ],
    results: {
      unrestricted: { title: 'Administrative statement without a source condition' },
      restricted: { title: 'Administrative statement limited by source', severity: 'info' },
    },
  },
  (model) => {
    const results: CheckResult[] = [];
    let examined = 0;
    for (const d of policyDocuments(model).filter((x) => /iam_|ram_policy|identity_role/.test(x.resource.type)))
      for (const [i, s] of statements(d.doc).entries()) {
        if (
          s.effect !== 'Allow' ||
          !s.actions.some((a) => a === '*' || a === '*:*:*' || /^(iam|ram|kms|sts):\*$/.test(a))
        )
          continue;
        examined++;
        const cond = JSON.stringify(s.condition ?? {});
        results.push(
          /SourceIp|SourceVpce|SourceVpc/i.test(cond)
            ? cloudHit({
                result: 'restricted',
                status: 'pass',
                resource: d.resource,
                path: [d.attr],
                message: `${d.resource.address} limits its administrative statement by source`,
                detail: `stmt:${i}`,
              })
            : cloudHit({
                result: 'unrestricted',
                status: 'warn',
                resource: d.resource,
                path: [d.attr],
                message: `${d.resource.address} grants ${s.actions.join(', ')} from any address (no source-IP or VPC-endpoint condition)`,
                detail: `stmt:${i}`,
              }),
        );
      }
    return {
      results,
      examined,
      subject: 'administrative policy statements',
      clean: 'each is limited to the jump host',
    };
  },
);

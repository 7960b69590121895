import { first } from '../../analyzers/iac/terraform.js';
import type { CheckResult } from '../types.js';
import { cloudCheck, cloudHit } from './support.js';

export default cloudCheck(
  {
    id: 'cloud.compute.metadata-v2',
    title: 'Instance metadata reachable without a session token',
    description:
      "With IMDSv1 (or Alibaba Cloud's normal metadata mode) a single server-side request forgery in a node's RPC proxy or web front end reads the instance role's credentials from 169.254.169.254; requiring session tokens stops it.",
    severity: 'medium',
    confidence: 'high',
    tags: ['cloud', 'terraform', 'metadata', 'ssrf'],
    remediation:
      'Set metadata_options { http_tokens = "required" } (AWS instances and launch templates) and http_tokens = "required" on Alibaba Cloud instances.',
    references: [
      'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-IMDS-existing-instances.html',
      'https://www.alibabacloud.com/help/en/ecs/user-guide/view-instance-metadata',
    ],
    results: {
      'tokens-optional': { title: 'Metadata tokens optional' },
      'tokens-required': { title: 'Metadata tokens required', severity: 'info' },
    },
  },
  (model) => {
    const results: CheckResult[] = [];
    const vms = model.resources.filter((r) =>
      ['aws_instance', 'aws_launch_template', 'alicloud_instance', 'alicloud_ecs_instance'].includes(r.type),
    );
    for (const r of vms) {
      const tokens = r.provider === 'aws' ? first(r.values.metadata_options).http_tokens : r.values.http_tokens;
      results.push(
        tokens === 'required'
          ? cloudHit({
              result: 'tokens-required',
              status: 'pass',
              resource: r,
              message: `${r.address} requires metadata session tokens`,
              detail: 'imds',
            })
          : cloudHit({
              result: 'tokens-optional',
              status: 'warn',
              resource: r,
              path: [r.provider === 'aws' ? 'metadata_options' : 'http_tokens'],
              message: `${r.address} serves instance metadata without a session token (http_tokens ${tokens === undefined ? 'not set' : String(tokens)})`,
              detail: 'imds',
            }),
      );
    }
    return { results, examined: vms.length, subject: 'instances', clean: 'metadata requires tokens' };
  },
);

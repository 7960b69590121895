import { auditBuckets, bucketName, bucketParts } from '../../analyzers/iac/resources.js';
import { first, str } from '../../analyzers/iac/terraform.js';
import type { CheckResult } from '../types.js';
import { cloudCheck, cloudHit } from './support.js';

export default cloudCheck(
  {
    id: 'cloud.logs.encryption',
    title: 'Audit logs encrypted with a managed key',
    description:
      "Audit logs that cross clouds or borders must be encrypted at rest with a key the operator controls (SSE-KMS, OSS KMS encryption, OBS KMS) so that the provider's storage staff or a leaked bucket credential alone cannot read them; the trail itself can be KMS-encrypted too.",
    severity: 'medium',
    confidence: 'medium',
    tags: ['cloud', 'terraform', 'logging', 'encryption'],
    remediation:
      'Encrypt the audit bucket with a customer-managed KMS key (aws:kms / KMS / kms_key_id) and set kms_key_id on the trail.',
    references: [
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html',
      'https://www.alibabacloud.com/help/en/oss/user-guide/server-side-encryption-8',
    ],
    results: {
      'no-kms': { title: 'Audit bucket not encrypted with a managed key' },
      kms: { title: 'Audit bucket encrypted with a managed key', severity: 'info' },
    },
  },
  (model) => {
    const results: CheckResult[] = [];
    const logs = auditBuckets(model);
    for (const { bucket: b } of logs) {
      let kms = false;
      if (b.type === 'aws_s3_bucket') {
        const cfg = bucketParts(model, b, ['aws_s3_bucket_server_side_encryption_configuration'])[0];
        const rule = first(
          first(
            first(cfg?.values.rule ?? first(b.values.server_side_encryption_configuration).rule)
              .apply_server_side_encryption_by_default,
          ),
        );
        kms = /kms/i.test(str(rule.sse_algorithm) ?? '');
      } else if (b.type === 'alicloud_oss_bucket')
        kms = /KMS/i.test(str(first(b.values.server_side_encryption_rule).sse_algorithm) ?? '');
      else
        kms = b.values.kms_key_id !== undefined || (b.values.encryption === true && b.values.sse_algorithm === 'kms');
      results.push(
        kms
          ? cloudHit({
              result: 'kms',
              status: 'pass',
              resource: b,
              message: `${b.address} (${bucketName(b)}) is encrypted with a managed key`,
              detail: 'kms',
            })
          : cloudHit({
              result: 'no-kms',
              status: 'warn',
              resource: b,
              message: `${b.address} (${bucketName(b)}) holds audit logs without managed-key encryption`,
              detail: 'kms',
            }),
      );
    }
    return { results, examined: logs.length, subject: 'audit-log buckets', clean: 'all use managed-key encryption' };
  },
);

import { auditBuckets, bucketName, bucketParts } from '../../analyzers/iac/resources.js';
import type { CheckResult } from '../types.js';
import { cloudCheck, cloudHit } from './support.js';

export default cloudCheck(
  {
    id: 'cloud.backup.cross-region',
    title: 'Audit logs replicated to a second site',
    description:
      'An audit trail kept in a single region and account is lost with that region or that account; replication to a bucket in another region or account (S3 replication, OSS cross-region replication, OBS cross-region replication) is the recovery copy.',
    severity: 'medium',
    confidence: 'medium',
    tags: ['cloud', 'terraform', 'logging', 'recovery'],
    remediation:
      'Replicate the audit bucket to another region (and preferably another account), with object lock on the replica too.',
    references: [
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication.html',
      'https://www.alibabacloud.com/help/en/oss/user-guide/cross-region-replication-overview',
    ],
    results: {
      'not-replicated': { title: 'Audit bucket not replicated' },
      replicated: { title: 'Audit bucket replicated', severity: 'info' },
    },
  },
  (model) => {
    const results: CheckResult[] = [];
    const logs = auditBuckets(model);
    for (const { bucket: b } of logs) {
      const rep =
        bucketParts(model, b, [
          'aws_s3_bucket_replication_configuration',
          'alicloud_oss_bucket_replication',
          'huaweicloud_obs_bucket_replication',
        ])[0] ?? (b.values.replication_configuration !== undefined ? b : undefined);
      results.push(
        rep
          ? cloudHit({
              result: 'replicated',
              status: 'pass',
              resource: rep,
              message: `${b.address} (${bucketName(b)}) is replicated by ${rep.address}`,
              detail: 'replication',
            })
          : cloudHit({
              result: 'not-replicated',
              status: 'warn',
              resource: b,
              message: `${b.address} (${bucketName(b)}) has no replica in another region or account`,
              detail: 'replication',
            }),
      );
    }
    return { results, examined: logs.length, subject: 'audit-log buckets', clean: 'all are replicated' };
  },
);

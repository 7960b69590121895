import { BUCKETS, bucketName, bucketParts } from '../../analyzers/iac/resources.js';
import { str } from '../../analyzers/iac/terraform.js';
import type { CheckResult } from '../types.js';
import { cloudCheck, cloudHit } from './support.js';

export default cloudCheck(
  {
    id: 'cloud.storage.public-access',
    title: 'Publicly readable buckets and databases',
    description:
      'Public-read bucket ACLs, S3 buckets without a public-access block, and databases marked publicly accessible are the most common way outsiders reach cloud backends: backups, keystores and user data end up listed on search engines.',
    severity: 'high',
    confidence: 'high',
    tags: ['cloud', 'terraform', 'storage', 'misconfiguration'],
    remediation:
      'Keep bucket ACLs private, add aws_s3_bucket_public_access_block with all four settings true, and set publicly_accessible = false on databases.',
    references: [
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html',
      'https://www.alibabacloud.com/help/en/oss/user-guide/bucket-acl',
    ],
    results: {
      'public-acl': { title: 'Bucket ACL grants public access', severity: 'critical' },
      'no-public-access-block': { title: 'S3 bucket without a public-access block', severity: 'low' },
      'public-database': { title: 'Database publicly accessible', severity: 'high' },
    },
  },
  (model) => {
    const results: CheckResult[] = [];
    const accountBlock = model.resources.some((r) => r.type === 'aws_s3_account_public_access_block');
    let examined = 0;
    for (const b of model.resources.filter((r) => BUCKETS.includes(r.type))) {
      examined++;
      const acl =
        str(b.values.acl) ??
        str(bucketParts(model, b, ['aws_s3_bucket_acl', 'alicloud_oss_bucket_acl'])[0]?.values.acl) ??
        'private';
      if (/public/.test(acl))
        results.push(
          cloudHit({
            result: 'public-acl',
            status: 'fail',
            resource: b,
            path: ['acl'],
            message: `${b.address} (${bucketName(b)}) has ACL ${acl}`,
            detail: 'acl',
          }),
        );
      if (b.type === 'aws_s3_bucket' && !accountBlock) {
        const block = bucketParts(model, b, ['aws_s3_bucket_public_access_block'])[0];
        const all =
          block &&
          ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'].every(
            (k) => block.values[k] === true,
          );
        if (!all)
          results.push(
            cloudHit({
              result: 'no-public-access-block',
              status: 'warn',
              resource: block ?? b,
              message: `${b.address} (${bucketName(b)}) has ${block ? 'an incomplete' : 'no'} public-access block`,
              detail: 'block',
            }),
          );
      }
    }
    for (const d of model.resources.filter((r) =>
      /^(aws_db_instance|aws_rds_cluster_instance|alicloud_db_instance|huaweicloud_rds_instance)$/.test(r.type),
    )) {
      examined++;
      if (d.values.publicly_accessible === true)
        results.push(
          cloudHit({
            result: 'public-database',
            status: 'fail',
            resource: d,
            path: ['publicly_accessible'],
            message: `${d.address} is publicly accessible`,
            detail: 'public',
          }),
        );
    }
    return { results, examined, subject: 'buckets and databases', clean: 'none is public' };
  },
);

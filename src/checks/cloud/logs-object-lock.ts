import { auditBuckets, bucketName, bucketParts } from '../../analyzers/iac/resources.js';
import { first, str } from '../../analyzers/iac/terraform.js';
import type { CheckResult } from '../types.js';
import { cloudCheck, cloudHit } from './support.js';

const MIN_DAYS = 180;

export default cloudCheck(
  {
    id: 'cloud.logs.object-lock',
    title: 'Audit-log buckets without WORM object lock',
    description:
      'Audit logs in an ordinary bucket are deleted by whoever steals the cloud credentials, first thing. Write-once storage — S3 Object Lock in compliance mode, OSS retention policies (WORM) in Locked state, OBS WORM policies — with at least six months of retention keeps the trail intact.',
    severity: 'high',
    confidence: 'high',
    tags: ['cloud', 'terraform', 'logging', 'worm', 'audit'],
    remediation:
      'Enable object lock on the audit bucket with a default retention in COMPLIANCE mode of at least 180 days (OSS: alicloud_oss_bucket_worm locked; OBS: worm_policy).',
    references: [
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html',
      'https://www.alibabacloud.com/help/en/oss/user-guide/retention-policies',
      'https://support.huaweicloud.com/intl/en-us/usermanual-obs/obs_03_0155.html',
    ],
    results: {
      'no-lock': { title: 'No object lock on the audit bucket', severity: 'high' },
      'governance-mode': { title: 'Object lock in governance mode (removable)', severity: 'medium' },
      'short-retention': { title: `Retention shorter than ${MIN_DAYS} days`, severity: 'medium' },
      'not-locked': { title: 'Retention policy not locked', severity: 'medium' },
      locked: { title: 'Compliance-mode object lock', severity: 'info' },
    },
  },
  (model) => {
    const results: CheckResult[] = [];
    const logs = auditBuckets(model);
    for (const { bucket: b, why } of logs) {
      const name = `${b.address} (${bucketName(b)}, ${why})`;
      let mode: string | undefined;
      let days: number | undefined;
      let state: string | undefined;
      let at = b;
      if (b.type === 'aws_s3_bucket') {
        const cfg = bucketParts(model, b, ['aws_s3_bucket_object_lock_configuration'])[0];
        const legacy = first(b.values.object_lock_configuration);
        const enabled = b.values.object_lock_enabled === true || legacy.object_lock_enabled === 'Enabled' || !!cfg;
        if (enabled) {
          const ret = first(first(first(cfg?.values.rule ?? legacy.rule).default_retention));
          mode = str(ret.mode);
          days =
            ret.days !== undefined ? Number(ret.days) : ret.years !== undefined ? Number(ret.years) * 365 : undefined;
          at = cfg ?? b;
          if (!mode) mode = 'none';
        }
      } else if (b.type === 'alicloud_oss_bucket') {
        const worm = bucketParts(model, b, ['alicloud_oss_bucket_worm'])[0];
        if (worm) {
          mode = 'COMPLIANCE';
          days = Number(worm.values.retention_period_in_days);
          state = str(worm.values.status);
          at = worm;
        }
      } else if (b.type === 'huaweicloud_obs_bucket') {
        const w = first(b.values.worm_policy);
        if (Object.keys(w).length) {
          mode = 'COMPLIANCE';
          days = w.days !== undefined ? Number(w.days) : Number(w.years ?? 0) * 365;
        }
      }
      if (!mode)
        results.push(
          cloudHit({
            result: 'no-lock',
            status: 'fail',
            resource: b,
            message: `${name} has no object lock: whoever holds the credentials can delete the trail`,
            detail: 'worm',
          }),
        );
      else if (mode === 'none')
        results.push(
          cloudHit({
            result: 'no-lock',
            status: 'fail',
            resource: at,
            message: `${name} enables object lock without a default retention: objects are not locked unless each writer asks`,
            detail: 'worm',
          }),
        );
      else if (mode === 'GOVERNANCE')
        results.push(
          cloudHit({
            result: 'governance-mode',
            status: 'warn',
            resource: at,
            message: `${name} locks objects in GOVERNANCE mode: a principal with s3:BypassGovernanceRetention can still delete them`,
            detail: 'worm',
          }),
        );
      else if (state && state !== 'Locked')
        results.push(
          cloudHit({
            result: 'not-locked',
            status: 'warn',
            resource: at,
            message: `${name} has a retention policy in state ${state}: until it is Locked it can be removed`,
            detail: 'worm',
          }),
        );
      else if ((days ?? 0) < MIN_DAYS)
        results.push(
          cloudHit({
            result: 'short-retention',
            status: 'warn',
            resource: at,
            message: `${name} retains objects for ${days ?? 0} days (< ${MIN_DAYS})`,
            detail: 'worm',
          }),
        );
      else
        results.push(
          cloudHit({
            result: 'locked',
            status: 'pass',
            resource: at,
            message: `${name} locks objects in compliance mode for ${days} days`,
            detail: 'worm',
          }),
        );
    }
    return { results, examined: logs.length, subject: 'audit-log buckets', clean: 'each is WORM-locked' };
  },
);

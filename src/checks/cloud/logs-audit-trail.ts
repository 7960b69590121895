import type { Provider } from '../../analyzers/iac/terraform.js';
import type { CheckResult } from '../types.js';
import { cloudCheck, cloudHit } from './support.js';

const TRAIL: Partial<Record<Provider, string>> = {
  aws: 'aws_cloudtrail',
  alicloud: 'alicloud_actiontrail_trail',
  huaweicloud: 'huaweicloud_cts_tracker',
};

export default cloudCheck(
  {
    id: 'cloud.logs.audit-trail',
    title: 'Cloud API audit trail in every region',
    description:
      'Every API call on the account (who created an instance, changed a security group, read a KMS key) is only on record if an audit trail is enabled for all regions: CloudTrail multi-region with log-file validation, ActionTrail for all regions, Huawei Cloud CTS.',
    severity: 'high',
    confidence: 'medium',
    tags: ['cloud', 'terraform', 'logging', 'audit'],
    remediation:
      'Define a multi-region trail (is_multi_region_trail, enable_log_file_validation; ActionTrail trail_region = "All"; CTS tracker enabled) delivering to the WORM audit bucket.',
    references: [
      'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-user-guide.html',
      'https://www.alibabacloud.com/help/en/actiontrail/',
      'https://support.huaweicloud.com/intl/en-us/cts/index.html',
    ],
    results: {
      missing: { title: 'No audit trail for a provider in use' },
      'single-region': { title: 'Trail covers one region only', severity: 'medium' },
      'no-validation': { title: 'Log file integrity validation off', severity: 'medium' },
      disabled: { title: 'Trail disabled', severity: 'high' },
      ok: { title: 'Multi-region trail', severity: 'info' },
    },
  },
  (model) => {
    const results: CheckResult[] = [];
    const providers = [...new Set(model.resources.map((r) => r.provider))].filter((p) => TRAIL[p]);
    for (const p of providers) {
      const trails = model.resources.filter((r) => r.type === TRAIL[p]);
      if (!trails.length) {
        const anchor = model.resources.find((r) => r.provider === p)!;
        results.push(
          cloudHit({
            result: 'missing',
            status: 'fail',
            resource: anchor,
            message: `no ${TRAIL[p]} in a configuration that manages ${p} resources`,
            detail: `trail:${p}`,
          }),
        );
        continue;
      }
      for (const t of trails) {
        const v = t.values;
        if (v.enable_logging === false || v.status === 'Disable' || v.enabled === false)
          results.push(
            cloudHit({
              result: 'disabled',
              status: 'fail',
              resource: t,
              message: `${t.address} is disabled`,
              detail: 'trail',
            }),
          );
        else if (p === 'aws' && v.is_multi_region_trail !== true)
          results.push(
            cloudHit({
              result: 'single-region',
              status: 'warn',
              resource: t,
              message: `${t.address} records one region only (is_multi_region_trail not true)`,
              detail: 'trail',
            }),
          );
        else if (p === 'alicloud' && String(v.trail_region ?? 'All') !== 'All')
          results.push(
            cloudHit({
              result: 'single-region',
              status: 'warn',
              resource: t,
              path: ['trail_region'],
              message: `${t.address} records region ${String(v.trail_region)} only`,
              detail: 'trail',
            }),
          );
        else if (p === 'aws' && v.enable_log_file_validation !== true)
          results.push(
            cloudHit({
              result: 'no-validation',
              status: 'warn',
              resource: t,
              message: `${t.address} does not validate log files: altered logs go unnoticed`,
              detail: 'trail',
            }),
          );
        else
          results.push(
            cloudHit({
              result: 'ok',
              status: 'pass',
              resource: t,
              message: `${t.address} records API calls in every region`,
              detail: 'trail',
            }),
          );
      }
    }
    return {
      results,
      examined: providers.length,
      subject: 'cloud providers with an audit-trail service',
      clean: 'each has a multi-region trail',
    };
  },
);

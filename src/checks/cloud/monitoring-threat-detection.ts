import type { Provider } from '../../analyzers/iac/terraform.js';
import type { CheckResult } from '../types.js';
import { cloudCheck, cloudHit } from './support.js';

const DETECTORS: Partial<Record<Provider, RegExp>> = {
  aws: /^aws_guardduty_detector$/,
  alicloud: /^alicloud_(threat_detection_|security_center_)/,
  huaweicloud: /^huaweicloud_(hss_|secmaster_)/,
};

export default cloudCheck(
  {
    id: 'cloud.monitoring.threat-detection',
    title: 'Cloud threat detection enabled',
    description:
      "Anomalous API calls, credentials used from new places and crypto-mining on instances are detected by the provider's threat-detection service (GuardDuty, Alibaba Cloud Security Center threat detection, Huawei Cloud HSS/SecMaster); a configuration that manages the account without enabling it leaves the first layer of detection off.",
    severity: 'medium',
    confidence: 'medium',
    tags: ['cloud', 'terraform', 'monitoring', 'detection'],
    remediation: 'Enable the provider threat-detection service in every region and route its findings to on-call.',
    references: [
      'https://docs.aws.amazon.com/guardduty/latest/ug/what-is-guardduty.html',
      'https://www.alibabacloud.com/help/en/security-center/',
      'https://support.huaweicloud.com/intl/en-us/hss/index.html',
    ],
    results: {
      missing: { title: 'No threat detection configured' },
      disabled: { title: 'Threat detection disabled', severity: 'high' },
      enabled: { title: 'Threat detection enabled', severity: 'info' },
    },
  },
  (model) => {
    const results: CheckResult[] = [];
    const providers = [...new Set(model.resources.map((r) => r.provider))].filter((p) => DETECTORS[p]);
    for (const p of providers) {
      const d = model.resources.filter((r) => DETECTORS[p]!.test(r.type));
      if (!d.length) {
        results.push(
          cloudHit({
            result: 'missing',
            status: 'warn',
            resource: model.resources.find((r) => r.provider === p)!,
            message: `no threat-detection resource in a configuration that manages ${p} resources`,
            detail: `detection:${p}`,
          }),
        );
        continue;
      }
      for (const r of d)
        results.push(
          r.values.enable === false || r.values.status === 'Disable'
            ? cloudHit({
                result: 'disabled',
                status: 'fail',
                resource: r,
                message: `${r.address} is disabled`,
                detail: 'detection',
              })
            : cloudHit({
                result: 'enabled',
                status: 'pass',
                resource: r,
                message: `${r.address} enables threat detection`,
                detail: 'detection',
              }),
        );
    }
    return {
      results,
      examined: providers.length,
      subject: 'cloud providers with a threat-detection service',
      clean: 'threat detection is on',
    };
  },
);

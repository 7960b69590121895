import { first, list } from '../../analyzers/iac/terraform.js';
import type { CheckResult } from '../types.js';
import { cloudCheck, cloudHit } from './support.js';

export default cloudCheck(
  {
    id: 'cloud.kubernetes.api-endpoint',
    title: 'Managed Kubernetes API endpoints open to the internet',
    description:
      'EKS clusters have a public API endpoint open to 0.0.0.0/0 unless told otherwise; ACK clusters with slb_internet_enabled and CCE clusters with an EIP publish the API too. Anyone who reaches it with a leaked kubeconfig can exec into validators. EKS control-plane audit logs record who did.',
    severity: 'high',
    confidence: 'high',
    tags: ['cloud', 'terraform', 'kubernetes', 'api-access'],
    remediation:
      'Make the endpoint private (endpoint_public_access = false; slb_internet_enabled = false; no EIP) or limit public_access_cidrs to the bastion range, and enable the audit log type.',
    references: [
      'https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html',
      'https://www.alibabacloud.com/help/en/ack/',
      'https://support.huaweicloud.com/intl/en-us/cce/index.html',
    ],
    results: {
      'public-endpoint': { title: 'API endpoint public to everyone', severity: 'high' },
      'no-audit-log': { title: 'Control-plane audit log off', severity: 'medium' },
      private: { title: 'API endpoint private or limited', severity: 'info' },
    },
  },
  (model) => {
    const results: CheckResult[] = [];
    const clusters = model.resources.filter((r) =>
      /^(aws_eks_cluster|alicloud_cs_managed_kubernetes|alicloud_cs_kubernetes|huaweicloud_cce_cluster)$/.test(r.type),
    );
    for (const c of clusters) {
      let open = false;
      let path: string[] = [];
      if (c.type === 'aws_eks_cluster') {
        const vpc = first(c.values.vpc_config);
        const cidrs = list(vpc.public_access_cidrs).map(String);
        open = vpc.endpoint_public_access !== false && (!cidrs.length || cidrs.includes('0.0.0.0/0'));
        path = ['vpc_config'];
        if (!list(c.values.enabled_cluster_log_types).map(String).includes('audit'))
          results.push(
            cloudHit({
              result: 'no-audit-log',
              status: 'warn',
              resource: c,
              message: `${c.address} does not ship the Kubernetes audit log`,
              detail: 'audit',
            }),
          );
      } else if (c.type.startsWith('alicloud_cs_')) {
        open = c.values.slb_internet_enabled === true;
        path = ['slb_internet_enabled'];
      } else {
        open = c.values.eip !== undefined;
        path = ['eip'];
      }
      results.push(
        open
          ? cloudHit({
              result: 'public-endpoint',
              status: 'fail',
              resource: c,
              path,
              message: `${c.address} publishes its Kubernetes API to the internet`,
              detail: 'endpoint',
            })
          : cloudHit({
              result: 'private',
              status: 'pass',
              resource: c,
              path,
              message: `${c.address} keeps its API endpoint private or limited`,
              detail: 'endpoint',
            }),
      );
    }
    return {
      results,
      examined: clusters.length,
      subject: 'managed Kubernetes clusters',
      clean: 'API endpoints are private',
    };
  },
);

import { policyDocuments, statements } from '../../analyzers/iac/resources.js';
import { str } from '../../analyzers/iac/terraform.js';
import type { CheckResult } from '../types.js';
import { cloudCheck, cloudHit } from './support.js';

const ADMIN_POLICY = /(^|\/)AdministratorAccess$|^admin$/i;

export default cloudCheck(
  {
    id: 'cloud.iam.wildcard-policy',
    title: 'IAM policies granting every action, or every action of a data service',
    description:
      "Action '*' on Resource '*' (Huawei Cloud '*:*:*') is an administrator; 's3:*', 'oss:*', 'kms:*' on '*' open every bucket or key to one grant. Keys, personal data, logs and chain data each need their own narrowly scoped access.",
    severity: 'high',
    confidence: 'high',
    tags: ['cloud', 'terraform', 'iam', 'least-privilege'],
    remediation:
      'Grant named actions on named resources per data type (the log bucket, the signing key); keep administrator policies to break-glass roles.',
    references: [
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege',
      'https://www.alibabacloud.com/help/en/ram/user-guide/policy-elements',
    ],
    results: {
      'admin-equivalent': { title: "Allow '*' on '*'", severity: 'critical' },
      'service-wildcard': { title: 'Every action of a data service on every resource', severity: 'medium' },
      'admin-attached': { title: 'Administrator policy attached', severity: 'high' },
    },
  },
  (model) => {
    const results: CheckResult[] = [];
    const docs = policyDocuments(model).filter((d) => !/kms_key$|bucket_policy$/.test(d.resource.type));
    for (const d of docs) {
      for (const s of statements(d.doc).filter((x) => x.effect === 'Allow')) {
        const allRes = s.resources.includes('*') || d.resource.provider === 'huaweicloud';
        if (s.actions.some((a) => a === '*' || a === '*:*:*') && allRes) {
          results.push(
            cloudHit({
              result: 'admin-equivalent',
              status: 'fail',
              resource: d.resource,
              path: [d.attr],
              message: `${d.resource.address} allows every action on every resource`,
              detail: 'admin',
            }),
          );
          break;
        }
        const svc = s.actions.filter((a) => /^(s3|oss|obs|kms|secretsmanager|ram|iam|ec2|ecs):\*$/.test(a));
        if (svc.length && allRes)
          results.push(
            cloudHit({
              result: 'service-wildcard',
              status: 'warn',
              resource: d.resource,
              path: [d.attr],
              message: `${d.resource.address} allows ${svc.join(', ')} on every resource`,
              detail: `svc:${svc.join(',')}`,
            }),
          );
      }
    }
    const attachments = model.resources.filter((r) => /_policy_attachment$|_role_policy_attachment$/.test(r.type));
    for (const a of attachments) {
      const p = str(a.values.policy_arn) ?? str(a.values.policy_name) ?? '';
      if (ADMIN_POLICY.test(p))
        results.push(
          cloudHit({
            result: 'admin-attached',
            status: 'warn',
            resource: a,
            message: `${a.address} attaches ${p}`,
            detail: 'attach',
          }),
        );
    }
    return {
      results,
      examined: docs.length + attachments.length,
      subject: 'IAM policies and attachments',
      clean: 'no wildcard grant',
    };
  },
);

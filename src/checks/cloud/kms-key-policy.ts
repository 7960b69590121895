import { policyDocuments, statements } from '../../analyzers/iac/resources.js';
import type { CheckResult } from '../types.js';
import { cloudCheck, cloudHit } from './support.js';

export default cloudCheck(
  {
    id: 'cloud.kms.key-policy',
    title: 'KMS key policies open to any principal or any action',
    description:
      "A key policy that allows Principal '*' without a condition, or kms:* to broad principals, lets any account (or any role) sign with, decrypt with or schedule deletion of the key: for a validator signing key that is a forged signature or a lost validator.",
    severity: 'critical',
    confidence: 'high',
    tags: ['cloud', 'terraform', 'kms', 'keys', 'iam'],
    remediation:
      'Name the signer role as the only principal allowed kms:Sign / kms:GetPublicKey; keep administration (kms:*) to a separate key-admin role; add conditions (source VPC endpoint, account).',
    references: ['https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html'],
    results: {
      'any-principal': { title: 'Key usable by any principal', severity: 'critical' },
      'all-actions': { title: 'kms:* granted to a broad principal', severity: 'high' },
    },
  },
  (model) => {
    const results: CheckResult[] = [];
    const docs = policyDocuments(model).filter((d) => /kms_key$/.test(d.resource.type));
    for (const d of docs)
      for (const s of statements(d.doc).filter((x) => x.effect === 'Allow')) {
        if (s.principals.includes('*') && !s.condition)
          results.push(
            cloudHit({
              result: 'any-principal',
              status: 'fail',
              resource: d.resource,
              path: [d.attr],
              message: `${d.resource.address} allows ${s.actions.join(', ')} to any principal without a condition`,
              detail: 'policy:any',
            }),
          );
        else if (
          s.actions.some((a) => a === 'kms:*' || a === '*') &&
          s.principals.some((p) => /:root"?$|^\*$/.test(p)) &&
          s.actions.length === 1 &&
          d.resource.type !== 'aws_kms_key'
        )
          results.push(
            cloudHit({
              result: 'all-actions',
              status: 'warn',
              resource: d.resource,
              path: [d.attr],
              message: `${d.resource.address} grants kms:* to ${s.principals.join(', ')}`,
              detail: 'policy:all',
            }),
          );
      }
    return { results, examined: docs.length, subject: 'KMS key policies', clean: 'none is open to any principal' };
  },
);

import { policyDocuments } from '../../analyzers/iac/resources.js';
import type { CheckResult } from '../types.js';
import { cloudCheck, cloudHit } from './support.js';

export default cloudCheck(
  {
    id: 'cloud.iam.console-mfa',
    title: 'Console users without enforced MFA and weak password policies',
    description:
      'Cloud accounts taken over with phished or reused passwords have cost exchanges and wallets their funds. Console users need MFA enforced (RAM mfa_bind_required, an IAM policy denying actions without aws:MultiFactorAuthPresent), and the account password policy must demand long passwords.',
    severity: 'high',
    confidence: 'medium',
    tags: ['cloud', 'terraform', 'iam', 'mfa', 'account-takeover'],
    remediation:
      'Require MFA for every console user (mfa_bind_required = true; an MFA-enforcing IAM policy), set a password policy with at least 14 characters, and keep root without access keys.',
    references: [
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa.html',
      'https://www.alibabacloud.com/help/en/ram/user-guide/bind-an-mfa-device-to-a-ram-user',
    ],
    results: {
      'mfa-not-required': { title: 'Console login without required MFA', severity: 'high' },
      'no-mfa-enforcement': { title: 'No policy enforces MFA for console users', severity: 'medium' },
      'weak-password-policy': { title: 'Password policy allows short passwords', severity: 'medium' },
    },
  },
  (model) => {
    const results: CheckResult[] = [];
    let examined = 0;
    const mfaPolicy = policyDocuments(model).some((d) => JSON.stringify(d.doc).includes('MultiFactorAuthPresent'));
    for (const r of model.resources) {
      if (r.type === 'alicloud_ram_login_profile') {
        examined++;
        if (r.values.mfa_bind_required !== true)
          results.push(
            cloudHit({
              result: 'mfa-not-required',
              status: 'fail',
              resource: r,
              path: ['mfa_bind_required'],
              message: `${r.address} gives a console password without requiring MFA`,
              detail: 'mfa',
            }),
          );
      } else if (r.type === 'aws_iam_user_login_profile') {
        examined++;
        if (!mfaPolicy)
          results.push(
            cloudHit({
              result: 'no-mfa-enforcement',
              status: 'warn',
              resource: r,
              message: `${r.address} gives a console password and no policy in the configuration denies actions without MFA`,
              detail: 'mfa',
            }),
          );
      } else if (
        /^(aws_iam_account_password_policy|alicloud_ram_account_password_policy|huaweicloud_identity_password_policy)$/.test(
          r.type,
        )
      ) {
        examined++;
        const len = Number(r.values.minimum_password_length ?? r.values.password_char_combination ?? 8);
        if (len < 14)
          results.push(
            cloudHit({
              result: 'weak-password-policy',
              status: 'warn',
              resource: r,
              path: ['minimum_password_length'],
              message: `${r.address} accepts passwords of ${len} characters`,
              detail: 'password',
            }),
          );
      }
    }
    return {
      results,
      examined,
      subject: 'console users and password policies',
      clean: 'MFA and password length are enforced',
    };
  },
);

import { str } from '../../analyzers/iac/terraform.js';
import type { CheckResult } from '../types.js';
import { cloudCheck, cloudHit, INSTANCE_TYPES, isSignerInstance } from './support.js';

export default cloudCheck(
  {
    id: 'cloud.kms.signing-keys',
    title: 'Signing keys held in a cloud KMS or HSM',
    description:
      'Validator, hot-wallet and CA keys kept in files on instances are exposed to whoever gets the instance or its snapshots. Asymmetric signing keys in a KMS or HSM (AWS KMS ECC_SECG_P256K1 for Ethereum, CloudHSM; Alibaba Cloud KMS EC_SECP256K1 / EC_SM2 with HSM protection; Huawei Cloud KMS / Dedicated HSM) are non-exportable and usable only by named roles.',
    severity: 'high',
    confidence: 'medium',
    tags: ['cloud', 'terraform', 'kms', 'hsm', 'keys', 'blockchain'],
    remediation:
      'Create signing keys as asymmetric KMS keys (key usage SIGN_VERIFY, secp256k1 or SM2) with HSM protection, and sign through a remote signer that calls the KMS.',
    references: [
      'https://docs.aws.amazon.com/kms/latest/developerguide/symm-asymm-choose-key-spec.html',
      'https://www.alibabacloud.com/help/en/kms/key-management-service/',
      'https://support.huaweicloud.com/intl/en-us/usermanual-dew/dew_01_0001.html',
    ],
    results: {
      hsm: { title: 'Signing key in an HSM', severity: 'info' },
      'kms-signing-key': { title: 'Asymmetric signing key in KMS', severity: 'info' },
      'software-protection': { title: 'KMS signing key with software protection', severity: 'low' },
      'no-kms-signing': { title: 'Signer instances but no KMS/HSM signing key', severity: 'high' },
    },
  },
  (model) => {
    const results: CheckResult[] = [];
    let keys = 0;
    for (const r of model.resources) {
      const v = r.values;
      if (
        r.type === 'aws_cloudhsm_v2_cluster' ||
        r.type === 'huaweicloud_kms_dedicated_keystore' ||
        r.type === 'huaweicloud_dedicated_hsm' ||
        r.type === 'alicloud_kms_instance'
      ) {
        keys++;
        results.push(
          cloudHit({
            result: 'hsm',
            status: 'pass',
            resource: r,
            message: `${r.address} provides a dedicated HSM`,
            detail: 'hsm',
          }),
        );
      } else if (r.type === 'aws_kms_key' && String(v.key_usage ?? '') === 'SIGN_VERIFY') {
        keys++;
        const spec = str(v.customer_master_key_spec ?? v.key_spec) ?? '?';
        results.push(
          cloudHit({
            result: v.custom_key_store_id ? 'hsm' : 'kms-signing-key',
            status: 'pass',
            resource: r,
            path: ['key_usage'],
            message: `${r.address} is a non-exportable ${spec} signing key${v.custom_key_store_id ? ' in a CloudHSM key store' : ''}`,
            detail: 'kms',
          }),
        );
      } else if (r.type === 'alicloud_kms_key' && /SIGN/i.test(String(v.key_usage ?? ''))) {
        keys++;
        const hsm = String(v.protection_level ?? 'SOFTWARE').toUpperCase() === 'HSM';
        results.push(
          cloudHit({
            result: hsm ? 'hsm' : 'software-protection',
            status: hsm ? 'pass' : 'warn',
            resource: r,
            path: ['protection_level'],
            message: `${r.address} is a ${str(v.key_spec) ?? '?'} signing key with ${hsm ? 'HSM' : 'software'} protection`,
            detail: 'kms',
          }),
        );
      } else if (r.type === 'huaweicloud_kms_key' && /SIGN/i.test(String(v.key_usage ?? ''))) {
        keys++;
        results.push(
          cloudHit({
            result: 'kms-signing-key',
            status: 'pass',
            resource: r,
            path: ['key_usage'],
            message: `${r.address} is a ${str(v.key_algorithm) ?? '?'} signing key in KMS`,
            detail: 'kms',
          }),
        );
      }
    }
    const signers = model.resources.filter((r) => INSTANCE_TYPES.includes(r.type) && isSignerInstance(r));
    if (signers.length && !keys)
      results.push(
        cloudHit({
          result: 'no-kms-signing',
          status: 'fail',
          resource: signers[0],
          message: `${signers.map((s) => s.address).join(', ')} run signers, and no KMS or HSM signing key is defined: their keys live on the instances`,
          detail: 'kms',
        }),
      );
    return {
      results,
      examined: keys + signers.length,
      subject: 'signing keys and signer instances',
      clean: 'signing keys are held in KMS or HSM',
    };
  },
);

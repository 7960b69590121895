import { first, list, type TfResource } from '../../analyzers/iac/terraform.js';
import type { CheckResult } from '../types.js';
import { cloudCheck, cloudHit } from './support.js';

type Judge = (r: TfResource) => { encrypted: boolean; path: (string | number)[]; what: string }[];

const DISKS: Record<string, Judge> = {
  aws_ebs_volume: (r) => [{ encrypted: r.values.encrypted === true, path: ['encrypted'], what: 'volume' }],
  aws_instance: (r) => [
    ...list(r.values.root_block_device).map((d, i) => ({
      encrypted: first(d).encrypted === true,
      path: ['root_block_device', i] as (string | number)[],
      what: 'root volume',
    })),
    ...list(r.values.ebs_block_device).map((d, i) => ({
      encrypted: first(d).encrypted === true,
      path: ['ebs_block_device', i] as (string | number)[],
      what: 'data volume',
    })),
  ],
  aws_db_instance: (r) => [
    { encrypted: r.values.storage_encrypted === true, path: ['storage_encrypted'], what: 'database storage' },
  ],
  aws_rds_cluster: (r) => [
    { encrypted: r.values.storage_encrypted === true, path: ['storage_encrypted'], what: 'database storage' },
  ],
  aws_efs_file_system: (r) => [{ encrypted: r.values.encrypted === true, path: ['encrypted'], what: 'file system' }],
  alicloud_disk: (r) => [{ encrypted: r.values.encrypted === true, path: ['encrypted'], what: 'disk' }],
  alicloud_ecs_disk: (r) => [{ encrypted: r.values.encrypted === true, path: ['encrypted'], what: 'disk' }],
  alicloud_instance: (r) => [
    { encrypted: r.values.system_disk_encrypted === true, path: ['system_disk_encrypted'], what: 'system disk' },
    ...list(r.values.data_disks).map((d, i) => ({
      encrypted: first(d).encrypted === true,
      path: ['data_disks', i] as (string | number)[],
      what: 'data disk',
    })),
  ],
  huaweicloud_evs_volume: (r) => [{ encrypted: r.values.kms_id !== undefined, path: ['kms_id'], what: 'volume' }],
  huaweicloud_compute_instance: (r) => [
    { encrypted: r.values.system_disk_kms_id !== undefined, path: ['system_disk_kms_id'], what: 'system disk' },
  ],
};

export default cloudCheck(
  {
    id: 'cloud.storage.encryption',
    title: 'Unencrypted volumes, disks and databases',
    description:
      'Chain data, keystores, off-chain databases and their snapshots on unencrypted disks are readable by anyone who obtains a snapshot or a detached volume; encryption at rest with a managed key closes that path.',
    severity: 'high',
    confidence: 'high',
    tags: ['cloud', 'terraform', 'encryption', 'storage'],
    remediation:
      'Set encrypted = true (AWS EBS, RDS storage_encrypted; Alibaba Cloud disk encrypted; Huawei Cloud kms_id) with a customer-managed KMS key; turn on account-level default encryption.',
    references: [
      'https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html',
      'https://www.alibabacloud.com/help/en/ecs/user-guide/encryption-overview',
      'https://support.huaweicloud.com/intl/en-us/usermanual-evs/evs_01_0001.html',
    ],
    results: {
      unencrypted: { title: 'Storage not encrypted' },
      encrypted: { title: 'Storage encrypted', severity: 'info' },
    },
  },
  (model) => {
    const results: CheckResult[] = [];
    const byDefault = model.resources.some(
      (r) => r.type === 'aws_ebs_encryption_by_default' && r.values.enabled !== false,
    );
    let examined = 0;
    for (const r of model.resources) {
      const judge = DISKS[r.type];
      if (!judge) continue;
      for (const d of judge(r)) {
        examined++;
        const enc = d.encrypted || (byDefault && /^aws_(ebs_volume|instance)$/.test(r.type));
        results.push(
          enc
            ? cloudHit({
                result: 'encrypted',
                status: 'pass',
                resource: r,
                path: d.path,
                message: `${r.address} ${d.what} is encrypted`,
                detail: d.path.join('.'),
              })
            : cloudHit({
                result: 'unencrypted',
                status: 'fail',
                resource: r,
                path: d.path,
                message: `${r.address} ${d.what} is not encrypted`,
                detail: d.path.join('.'),
              }),
        );
      }
    }
    return { results, examined, subject: 'volumes, disks and databases', clean: 'all are encrypted' };
  },
);

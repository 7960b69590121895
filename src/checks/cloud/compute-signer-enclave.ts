import { first, str } from '../../analyzers/iac/terraform.js';
import type { CheckResult } from '../types.js';
import { cloudCheck, cloudHit, isSignerInstance } from './support.js';

export default cloudCheck(
  {
    id: 'cloud.compute.signer-enclave',
    title: 'Signer instances without confidential computing',
    description:
      'Keys used on an ordinary VM are in memory the hypervisor and anyone with host access can read. Nitro Enclaves (AWS) or SGX/TDX instance families (Alibaba Cloud g7t/c7t/r7t, Huawei Cloud kc/ac confidential flavours) keep signing keys inside an attested enclave; some regulators require it for financial nodes.',
    severity: 'low',
    confidence: 'medium',
    tags: ['cloud', 'terraform', 'confidential-computing', 'keys', 'blockchain'],
    remediation:
      'Run signers on enclave-capable instances (enclave_options { enabled = true } on AWS; a TDX/SGX family on Alibaba Cloud) and release keys only after attestation.',
    references: [
      'https://docs.aws.amazon.com/enclaves/latest/user/nitro-enclave.html',
      'https://www.alibabacloud.com/help/en/ecs/user-guide/overview-of-security-enhanced-instances',
    ],
    results: {
      'no-enclave': { title: 'Signer instance without an enclave' },
      enclave: { title: 'Signer instance with an enclave', severity: 'info' },
    },
  },
  (model) => {
    const results: CheckResult[] = [];
    const vms = model.resources.filter(
      (r) =>
        [
          'aws_instance',
          'aws_launch_template',
          'alicloud_instance',
          'alicloud_ecs_instance',
          'huaweicloud_compute_instance',
        ].includes(r.type) && isSignerInstance(r),
    );
    for (const r of vms) {
      const type = str(r.values.instance_type) ?? str(r.values.flavor_name) ?? str(r.values.flavor_id) ?? '';
      const enclave =
        first(r.values.enclave_options).enabled === true ||
        /^ecs\.[a-z]+7t\./.test(type) ||
        /^(kc|ac)\d/.test(type) ||
        r.values.security_options !== undefined;
      results.push(
        enclave
          ? cloudHit({
              result: 'enclave',
              status: 'pass',
              resource: r,
              message: `${r.address} (${type || 'instance'}) offers an enclave for its keys`,
              detail: 'enclave',
            })
          : cloudHit({
              result: 'no-enclave',
              status: 'warn',
              resource: r,
              path: ['instance_type'],
              message: `${r.address} runs a signer on ${type || 'an instance'} without an enclave`,
              detail: 'enclave',
            }),
      );
    }
    return { results, examined: vms.length, subject: 'signer instances', clean: 'each can keep keys in an enclave' };
  },
);

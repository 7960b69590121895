import { hclParser } from '../iac/hcl.js';
import { cloudPorts, ingressRules, openSources, portNames, ruleText } from '../iac/network.js';
import type { TfModel } from '../iac/terraform.js';
import { loadTerraformText } from '../iac/terraform.js';
import { finding, type ConfigFinding, type ConfigReport } from './common.js';

/** Terraform security groups, network ACLs and firewall rules open to the whole internet on SSH, RPC, P2P or database ports. */
export async function auditTerraform(text: string, name = 'main.tf'): Promise<ConfigReport> {
  await hclParser();
  const model: TfModel = await loadTerraformText(text, name);
  const out: ConfigFinding[] = [];
  const rules = ingressRules(model);
  for (const r of rules) {
    const open = openSources(r);
    const hit = [
      ...cloudPorts(r.from, r.to, 'admin'),
      ...cloudPorts(r.from, r.to, 'node'),
      ...cloudPorts(r.from, r.to, 'db'),
    ];
    const p2p = cloudPorts(r.from, r.to, 'p2p');
    const at = {
      setting: ruleText(r),
      line: r.resource.lineOf(r.path),
      key: `${r.resource.address}:${r.path.join('.')}:${r.from}-${r.to}`,
    };
    if (!hit.length) {
      if (p2p.length && open.length)
        out.push(
          finding(
            'terraform.open-p2p',
            'warn',
            'medium',
            `${r.resource.address} opens ${portNames(p2p)} to ${open.join(', ')}`,
            "For a consortium network allow P2P only from the member organisations' addresses.",
            at,
          ),
        );
      continue;
    }
    if (open.length)
      out.push(
        finding(
          'terraform.open-ingress',
          'fail',
          hit.every((p) => p.port === 22) ? 'high' : 'critical',
          `${r.resource.address} opens ${portNames(hit)} to ${open.join(', ')}`,
          'Restrict the source to the admin / application networks (or a bastion security group); keep RPC and databases off the internet.',
          at,
        ),
      );
    else
      out.push(
        finding(
          'terraform.open-ingress',
          'pass',
          'info',
          `${r.resource.address} allows ${portNames(hit)} only from ${r.sources.join(', ') || 'referenced groups'}`,
          '',
          at,
        ),
      );
  }
  if (!rules.length) out.push(finding('terraform.open-ingress', 'pass', 'info', 'no ingress rules found', ''));
  return { format: 'terraform', findings: out };
}

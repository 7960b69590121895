import { configCheck } from './shared.js';

export default configCheck(
  {
    id: 'configs.terraform',
    title: 'Terraform firewall rules open to the internet',
    description:
      'Reads AWS security groups (inline ingress, aws_security_group_rule, aws_vpc_security_group_ingress_rule), GCP firewalls and Azure NSG rules, and reports SSH, RPC and database ports open to 0.0.0.0/0 or ::/0, and P2P ports open to everyone.',
    severity: 'critical',
    confidence: 'high',
    tags: ['terraform', 'firewall', 'cloud', 'config'],
    remediation:
      'Restrict sources to the networks that need the port (bastion, application subnets, member organisations).',
    references: ['https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/security_group'],
  },
  ['terraform'],
  {
    'terraform.open-ingress': {
      title: 'Administrative, RPC or database port open to the internet',
      severity: 'critical',
    },
    'terraform.open-p2p': { title: 'P2P port open to everyone', severity: 'low' },
  },
);

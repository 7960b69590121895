import { configCheck } from './shared.js';

export default configCheck(
  {
    id: 'configs.terraform',
    title: 'Terraform firewall rules open to the internet',
    description:
      'Reads security groups and network ACLs of AWS, Alibaba Cloud and Huawei Cloud (and GCP firewalls, Azure NSG rules) from a .tf file, and reports administrative, node RPC and database ports open to 0.0.0.0/0 or ::/0, and P2P ports open to everyone.',
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

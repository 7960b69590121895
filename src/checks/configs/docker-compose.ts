import { configCheck } from './shared.js';

export default configCheck(
  {
    id: 'configs.docker-compose',
    title: 'docker-compose port publishing and privileges',
    description:
      "Finds RPC, database and SSH ports that a compose file publishes on every host interface (Docker's own iptables rules bypass host firewalls), host networking and privileged containers.",
    severity: 'high',
    confidence: 'high',
    tags: ['docker', 'ports', 'config'],
    remediation: 'Publish sensitive ports on 127.0.0.1 only, or keep them on an internal network.',
    references: ['https://docs.docker.com/engine/network/packet-filtering-firewalls/'],
  },
  ['docker-compose'],
  {
    'compose.parse': { title: 'Compose file defines services', severity: 'info' },
    'compose.published-ports': { title: 'Node ports published on every interface', severity: 'high' },
    'compose.host-network': { title: 'Service on the host network', severity: 'high' },
    'compose.privileged': { title: 'Privileged service container', severity: 'critical' },
  },
);

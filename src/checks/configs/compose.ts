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
    'compose.parse': [],
    'compose.published-ports': [
      'BIZ.NET.PORT.MINIMIZE_SERVICE_PORTS',
      'BIZ.SERVER.BASIC_CONFIG.MINIMIZE_SERVICE_PORTS',
      'BIZ.SERVER.DATABASE.NO_PUBLIC_PORT',
      'TECH.RPC.PERMISSION',
    ],
    'compose.host-network': ['BIZ.NET.PORT.MINIMIZE_SERVICE_PORTS'],
    'compose.privileged': ['CLOUD.CONTAINER.ESCAPE', 'DJCP3.CE.AC.LEAST_PRIVILEGE'],
  },
);

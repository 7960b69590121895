import { configCheck } from './shared.js';

export default configCheck(
  {
    id: 'configs.docker-compose',
    title: 'docker-compose port publishing and privileges',
    description:
      "Finds RPC, database and SSH ports that a compose file publishes on every host interface (Docker's own iptables rules bypass host firewalls), host networking and privileged containers, and reads each blockchain client's command line and environment: dangerous RPC modules, CORS or Host '*', unlocked accounts, unprotected transactions, slashing protection off, several copies of a signer, CouchDB without an administrator, the Docker socket mounted.",
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
    'compose.node-flags': { title: 'Dangerous node flags in a service command', severity: 'high' },
    'compose.signer-replicas': { title: 'Several copies of a signer', severity: 'critical' },
    'compose.couchdb-credentials': { title: 'CouchDB without an administrator from a secret', severity: 'high' },
    'compose.docker-socket': { title: 'Docker socket mounted into a service', severity: 'critical' },
  },
);

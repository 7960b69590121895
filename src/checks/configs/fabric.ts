import { configCheck } from './shared.js';

export default configCheck(
  {
    id: 'configs.fabric',
    title: 'Hyperledger Fabric peer / orderer configuration',
    description:
      'Judges core.yaml and orderer.yaml: TLS on gRPC, mutual TLS, TLS on the operations endpoint, software versus PKCS#11 key storage (BCCSP), CouchDB state database credentials and the gossip external endpoint.',
    severity: 'high',
    confidence: 'high',
    tags: ['fabric', 'tls', 'keys', 'config'],
    remediation:
      'Apply the fix named in each finding (or the matching CORE_* / ORDERER_* environment variable) and restart the node.',
    references: [
      'https://hyperledger-fabric.readthedocs.io/en/latest/enable_tls.html',
      'https://hyperledger-fabric.readthedocs.io/en/latest/hsm.html',
    ],
  },
  ['fabric-core', 'fabric-orderer'],
  {
    'fabric.tls': { title: 'TLS on peer and orderer endpoints', severity: 'critical' },
    'fabric.mutual-tls': { title: 'Mutual TLS between peers and clients', severity: 'high' },
    'fabric.operations-tls': { title: 'Operations endpoint TLS', severity: 'medium' },
    'fabric.bccsp': { title: 'Key store provider (BCCSP: software or PKCS#11 HSM)', severity: 'medium' },
    'fabric.couchdb-credentials': { title: 'State database (CouchDB) credentials', severity: 'high' },
    'fabric.gossip-endpoint': { title: 'Gossip external endpoint', severity: 'low' },
  },
);

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
    'fabric.tls': ['TECH.P2P.ENCRYPTION', 'DJCP3.CE.DC.TRANSMISSION'],
    'fabric.mutual-tls': ['DJCP.P2P.NODE_ACCESS_CONTROL'],
    'fabric.operations-tls': ['TECH.RPC.ENCRYPTION', 'TECH.RPC.PERMISSION', 'EXT.RPC.UNENCRYPTED'],
    'fabric.bccsp': ['CLOUD.KEYS.HSM', 'BIZ.SERVER.KEY_MGMT.ENCRYPTED_STORAGE'],
    'fabric.couchdb-credentials': ['BIZ.SERVER.DATABASE.PASSWORD_COMPLEXITY'],
    'fabric.gossip-endpoint': ['DJCP.P2P.NODE_ACCESS_CONTROL'],
  },
);

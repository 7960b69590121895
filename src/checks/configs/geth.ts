import { configCheck } from './shared.js';

export default configCheck(
  {
    id: 'configs.geth',
    title: 'geth node configuration',
    description:
      'Judges a geth TOML config (`geth dumpconfig`) or command line: HTTP/WS RPC bind address, modules (personal, admin, debug…), CORS and WebSocket origins, virtual hosts, the engine API (authrpc), --allow-insecure-unlock, peer limits and peer admission (nodiscover, netrestrict).',
    severity: 'critical',
    confidence: 'high',
    tags: ['geth', 'evm', 'rpc', 'p2p', 'config'],
    remediation: 'Apply the fix named in each finding and restart geth.',
    references: [
      'https://geth.ethereum.org/docs/fundamentals/command-line-options',
      'https://geth.ethereum.org/docs/fundamentals/security',
    ],
  },
  ['geth'],
  {
    'geth.rpc-exposure': [
      'TECH.RPC.PERMISSION',
      'BIZ.SERVER.NODE_SERVICE.IP_ALLOWLIST',
      'BIZ.NET.PORT.MINIMIZE_SERVICE_PORTS',
    ],
    'geth.rpc-apis': ['TECH.RPC.PERMISSION', 'BIZ.SERVER.KEY_MGMT.NO_OPEN_INTERFACE'],
    'geth.cors': ['TECH.RPC.CORS', 'EXT.RPC.LOCAL_CORS_PHISHING'],
    'geth.vhosts': ['TECH.RPC.CORS'],
    'geth.authrpc': ['CLOUD.NODE.GETH_AUTHRPC_VHOSTS', 'TECH.RPC.PERMISSION'],
    'geth.insecure-unlock': [
      'BIZ.SERVER.KEY_MGMT.NO_OPEN_INTERFACE',
      'TECH.RPC.PERMISSION',
      'EXT.RPC.EXPOSED_UNLOCKED_ACCOUNTS',
    ],
    'geth.peers': ['TECH.P2P.NODE_CONNECTIONS', 'DJCP.P2P.CONCURRENT_CONNECTIONS'],
    'geth.peer-admission': ['TECH.P2P.ALIEN_ATTACK', 'DJCP.P2P.NODE_ACCESS_CONTROL'],
  },
);

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
    'geth.rpc-exposure': { title: 'HTTP/WS RPC bound beyond loopback', severity: 'high' },
    'geth.rpc-apis': { title: 'Dangerous RPC modules enabled (personal, admin, debug …)', severity: 'critical' },
    'geth.cors': { title: 'RPC CORS domains', severity: 'high' },
    'geth.vhosts': { title: 'RPC virtual hosts', severity: 'medium' },
    'geth.authrpc': { title: 'Engine API (authrpc) address and virtual hosts', severity: 'high' },
    'geth.insecure-unlock': { title: 'Account unlocking over HTTP (--allow-insecure-unlock)', severity: 'critical' },
    'geth.peers': { title: 'Peer limit (maxpeers)', severity: 'medium' },
    'geth.peer-admission': { title: 'Peer admission (nodiscover, netrestrict)', severity: 'medium' },
  },
);

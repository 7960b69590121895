import { configCheck } from './shared.js';

export default configCheck(
  {
    id: 'configs.bitcoin',
    title: 'Bitcoin Core configuration',
    description:
      'Judges bitcoin.conf (and forks such as litecoin.conf): rpcallowip and rpcbind breadth, rpcpassword in clear versus rpcauth, RPC server with the wallet loaded, maxconnections, the unauthenticated REST interface, ZMQ publishers and BIP324 v2 transport.',
    severity: 'critical',
    confidence: 'high',
    tags: ['bitcoin', 'rpc', 'p2p', 'config'],
    remediation: 'Apply the fix named in each finding and restart the node.',
    references: [
      'https://github.com/bitcoin/bitcoin/blob/master/doc/JSON-RPC-interface.md',
      'https://github.com/bitcoin/bitcoin/blob/master/share/examples/bitcoin.conf',
    ],
  },
  ['bitcoin'],
  {
    'bitcoin.rpcallowip': { title: 'RPC client allow-list (rpcallowip)', severity: 'critical' },
    'bitcoin.rpcbind': { title: 'RPC bind address (rpcbind)', severity: 'high' },
    'bitcoin.rpc-credentials': { title: 'RPC credentials (rpcauth instead of rpcpassword)', severity: 'high' },
    'bitcoin.server-wallet': { title: 'Wallet loaded on an RPC server', severity: 'high' },
    'bitcoin.maxconnections': { title: 'Peer connection limit (maxconnections)', severity: 'medium' },
    'bitcoin.rest': { title: 'Unauthenticated REST interface', severity: 'medium' },
    'bitcoin.zmq': { title: 'ZMQ publishers bound beyond loopback', severity: 'medium' },
    'bitcoin.v2transport': { title: 'P2P transport encryption (BIP324 v2transport)', severity: 'medium' },
  },
);

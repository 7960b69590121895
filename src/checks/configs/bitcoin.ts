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
    'bitcoin.rpcallowip': ['TECH.RPC.PERMISSION', 'BIZ.SERVER.NODE_SERVICE.IP_ALLOWLIST'],
    'bitcoin.rpcbind': ['TECH.RPC.PERMISSION', 'BIZ.NET.PORT.MINIMIZE_SERVICE_PORTS'],
    'bitcoin.rpc-credentials': ['TECH.RPC.PERMISSION', 'BIZ.SERVER.APP_SERVICE.PASSWORD_POLICY'],
    'bitcoin.server-wallet': ['BIZ.SERVER.KEY_MGMT.NO_OPEN_INTERFACE', 'EXT.OPS.WALLET_DISABLED_PUBLIC_NODE'],
    'bitcoin.maxconnections': ['TECH.P2P.NODE_CONNECTIONS', 'DJCP.P2P.CONCURRENT_CONNECTIONS'],
    'bitcoin.rest': ['TECH.RPC.PERMISSION'],
    'bitcoin.zmq': ['BIZ.NET.PORT.MINIMIZE_SERVICE_PORTS'],
    'bitcoin.v2transport': ['TECH.P2P.ENCRYPTION'],
  },
);

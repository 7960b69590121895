import { configCheck } from './shared.js';

export default configCheck(
  {
    id: 'configs.cometbft',
    title: 'CometBFT / Tendermint configuration',
    description:
      'Judges config.toml: RPC listen address, CORS, unsafe RPC, inbound/outbound peer limits, peer exchange, addr_book_strict, Prometheus exposure and whether the validator key is a local file or a remote signer.',
    severity: 'high',
    confidence: 'high',
    tags: ['cometbft', 'tendermint', 'rpc', 'p2p', 'config'],
    remediation: 'Apply the fix named in each finding and restart the node.',
    references: [
      'https://docs.cometbft.com/v0.38/core/configuration',
      'https://docs.cometbft.com/v0.38/core/validators',
    ],
  },
  ['cometbft'],
  {
    'cometbft.rpc-laddr': ['TECH.RPC.PERMISSION', 'BIZ.NET.PORT.MINIMIZE_SERVICE_PORTS'],
    'cometbft.rpc-cors': ['TECH.RPC.CORS'],
    'cometbft.rpc-unsafe': ['TECH.RPC.PERMISSION'],
    'cometbft.peer-limits': ['TECH.P2P.NODE_CONNECTIONS', 'DJCP.P2P.CONCURRENT_CONNECTIONS'],
    'cometbft.pex': ['TECH.P2P.ALIEN_ATTACK', 'DJCP.P2P.NODE_ACCESS_CONTROL'],
    'cometbft.addr-book-strict': ['TECH.P2P.ALIEN_ATTACK'],
    'cometbft.prometheus': ['BIZ.NET.PORT.MINIMIZE_SERVICE_PORTS'],
    'cometbft.validator-key': ['CLOUD.KEYS.HSM', 'BIZ.SERVER.KEY_MGMT.ENCRYPTED_STORAGE'],
  },
);

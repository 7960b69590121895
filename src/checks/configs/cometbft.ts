import { configCheck } from './shared.js';

export default configCheck(
  {
    id: 'configs.cometbft',
    title: 'CometBFT / Tendermint configuration',
    description:
      'Judges config.toml: RPC listen address, CORS, unsafe RPC, inbound/outbound peer limits, peer exchange, addr_book_strict, Prometheus exposure and whether the validator key is a local file or a remote signer, the double-sign check and consensus timeouts too short for validators in several zones.',
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
    'cometbft.rpc-laddr': { title: 'RPC listen address (laddr)', severity: 'high' },
    'cometbft.rpc-cors': { title: 'RPC CORS origins', severity: 'high' },
    'cometbft.rpc-unsafe': { title: 'Unsafe RPC endpoints enabled (unsafe = true)', severity: 'critical' },
    'cometbft.peer-limits': { title: 'Inbound and outbound peer limits', severity: 'medium' },
    'cometbft.pex': { title: 'Peer exchange on a validator (pex)', severity: 'medium' },
    'cometbft.addr-book-strict': {
      title: 'Address book accepts only routable addresses (addr_book_strict)',
      severity: 'low',
    },
    'cometbft.prometheus': { title: 'Prometheus metrics listener exposed', severity: 'medium' },
    'cometbft.validator-key': { title: 'Validator key file and remote signer', severity: 'high' },
    'cometbft.double-sign-check': {
      title: 'Double-sign check before signing (double_sign_check_height)',
      severity: 'medium',
    },
    'cometbft.timeouts': { title: 'Consensus timeouts tuned for one data centre', severity: 'medium' },
  },
);

import type { Check } from '../types.js';
import rpcUnauthenticated from './rpc-unauthenticated.js';
import weakCredentials from './rpc-weak-credentials.js';
import loginFailureDelay from './rpc-login-failure-delay.js';
import restOpen from './rest-unauthenticated.js';
import rpcAllowIp from './rpc-allowip.js';
import walletEnabled from './wallet-enabled.js';
import rpcInfoPathLeak from './rpc-path-leak.js';
import zmqEndpoints from './zmq-endpoints.js';
import connectionLimits from './p2p-connection-limits.js';
import transportEncryption from './p2p-transport-encryption.js';
import nodeAccessControl from './p2p-node-access-control.js';
import banList from './p2p-ban-list.js';
import reachability from './p2p-reachability.js';
import connectionTimeout from './p2p-connection-timeout.js';
import chainTips from './chain-tips.js';
import mempoolLimits from './mempool-limits.js';
import clientVersion from './node-known-vulnerable-version.js';
import chainIdentity from './chain-identity.js';
import clock from './node-clock.js';
import syncStatus from './node-sync-status.js';
import rpcRobustness from './rpc-robustness.js';
import illegalTransactions from './consensus-illegal-transactions.js';
import legalTransaction from './consensus-legal-transaction.js';
import nodeOutage from './consensus-node-outage.js';

export const bitcoinChecks: Check[] = [
  rpcUnauthenticated,
  weakCredentials,
  loginFailureDelay,
  restOpen,
  rpcAllowIp,
  walletEnabled,
  rpcInfoPathLeak,
  zmqEndpoints,
  connectionLimits,
  transportEncryption,
  nodeAccessControl,
  banList,
  reachability,
  connectionTimeout,
  chainTips,
  mempoolLimits,
  clientVersion,
  chainIdentity,
  clock,
  syncStatus,
  rpcRobustness,
  illegalTransactions,
  legalTransaction,
  nodeOutage,
];

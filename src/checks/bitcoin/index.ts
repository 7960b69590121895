import type { Check } from '../types.js';
import rpcUnauthenticated from './rpc-unauthenticated.js';
import weakCredentials from './weak-credentials.js';
import loginFailureDelay from './login-failure-delay.js';
import restOpen from './rest-open.js';
import rpcAllowIp from './rpc-allowip.js';
import walletEnabled from './wallet-enabled.js';
import rpcInfoPathLeak from './rpcinfo-path-leak.js';
import zmqEndpoints from './zmq-endpoints.js';
import connectionLimits from './connection-limits.js';
import transportEncryption from './transport-encryption.js';
import nodeAccessControl from './node-access-control.js';
import banList from './ban-list.js';
import reachability from './reachability.js';
import connectionTimeout from './connection-timeout.js';
import chainTips from './chain-tips.js';
import mempoolLimits from './mempool-limits.js';
import clientVersion from './client-version.js';
import chainIdentity from './chain-identity.js';
import clock from './clock.js';
import syncStatus from './sync-status.js';
import rpcRobustness from './rpc-robustness.js';
import illegalTransactions from './illegal-transactions.js';
import legalTransaction from './legal-transaction.js';
import nodeOutage from './node-outage.js';

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

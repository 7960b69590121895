import type { Check } from '../types.js';
import authrpcJwt from './engine-no-jwt.js';
import chainIdentityAgreement from './chain-identity-agreement.js';
import headAgreement from './chain-head-agreement.js';
import idempotence from './chain-idempotence.js';
import chainIdentity from './node-chain-identity.js';
import clientAdvisories from './node-client-advisories.js';
import clientVersion from './rpc-client-version.js';
import clock from './node-clock.js';
import cors from './rpc-cors.js';
import dangerousNamespaces from './rpc-dangerous-namespaces.js';
import errorLeaks from './rpc-error-leaks.js';
import hostHeader from './rpc-host-header.js';
import peers from './node-peers.js';
import plaintext from './rpc-plaintext.js';
import activeTransactions from './active-transactions.js';
import robustness from './rpc-robustness.js';
import rpcNoAuth from './rpc-no-auth.js';
import syncStatus from './node-sync-status.js';
import unlockedAccounts from './rpc-unlocked-accounts.js';
import wsOrigin from './ws-any-origin.js';

export const evmChecks: Check[] = [
  rpcNoAuth,
  unlockedAccounts,
  dangerousNamespaces,
  cors,
  hostHeader,
  clientVersion,
  clientAdvisories,
  errorLeaks,
  plaintext,
  authrpcJwt,
  wsOrigin,
  chainIdentity,
  clock,
  syncStatus,
  peers,
  chainIdentityAgreement,
  headAgreement,
  idempotence,
  robustness,
  activeTransactions,
];

import type { Check } from '../types.js';
import authrpcJwt from './authrpc-jwt.js';
import { chainIdentityAgreement, headAgreement, idempotence } from './chain-consistency.js';
import chainIdentity from './chain-identity.js';
import clientAdvisories from './client-advisories.js';
import clientVersion from './client-version.js';
import clock from './clock.js';
import cors from './cors.js';
import dangerousNamespaces from './dangerous-namespaces.js';
import errorLeaks from './error-leaks.js';
import hostHeader from './host-header.js';
import peers from './peers.js';
import plaintext from './plaintext.js';
import activeTransactions from './active-transactions.js';
import robustness from './robustness.js';
import rpcNoAuth from './rpc-no-auth.js';
import syncStatus from './sync-status.js';
import unlockedAccounts from './unlocked-accounts.js';
import wsOrigin from './ws-origin.js';

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

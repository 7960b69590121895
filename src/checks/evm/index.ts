import type { Check } from '../types.js';
import clientVersion from './client-version.js';
import cors from './cors.js';
import dangerousNamespaces from './dangerous-namespaces.js';
import hostHeader from './host-header.js';
import rpcNoAuth from './rpc-no-auth.js';
import unlockedAccounts from './unlocked-accounts.js';

export const evmChecks: Check[] = [rpcNoAuth, unlockedAccounts, dangerousNamespaces, cors, hostHeader, clientVersion];

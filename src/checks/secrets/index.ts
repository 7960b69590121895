import type { Check } from '../types.js';
import plaintextChainKeys from './plaintext-chain-keys.js';
import keystoreKdf from './keystore-kdf.js';
import unencryptedPrivateKeys from './unencrypted-private-keys.js';
import serviceCredentials from './service-credentials.js';

export const secretsChecks: Check[] = [plaintextChainKeys, keystoreKdf, unencryptedPrivateKeys, serviceCredentials];

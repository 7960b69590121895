import type { SecretKind } from '../../analyzers/secrets/index.js';

/** Which check reports which secret kinds; every kind belongs to exactly one check. */
export const FAMILY_KINDS = {
  'secrets.plaintext-chain-keys': [
    'raw-private-key',
    'wif-private-key',
    'bip32-extended-private-key',
    'bip39-mnemonic',
    'solana-keypair',
    'wallet-file',
    'validator-key',
    'node-key',
    'fabric-msp-key',
  ],
  'secrets.keystore-kdf': ['keystore-weak-kdf'],
  'secrets.unencrypted-private-keys': ['pem-private-key'],
  'secrets.service-credentials': [
    'rpc-provider-key',
    'aws-credentials',
    'gcp-service-account',
    'azure-connection-string',
    'access-token',
  ],
} as const satisfies Record<string, readonly SecretKind[]>;

export type SecretsCheckId = keyof typeof FAMILY_KINDS;

export function checkIdOf(kind: SecretKind): SecretsCheckId {
  for (const [id, kinds] of Object.entries(FAMILY_KINDS))
    if ((kinds as readonly string[]).includes(kind)) return id as SecretsCheckId;
  throw new Error(`secret kind ${kind} belongs to no check`);
}

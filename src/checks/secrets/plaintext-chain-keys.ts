import { defineCheck } from '../types.js';
import { FAMILY_KINDS } from './families.js';
import { familyCheck } from './shared.js';

const meta = {
  id: 'secrets.plaintext-chain-keys',
  title: 'Blockchain private keys stored in plaintext',
  description:
    'Looks for signing keys of accounts, validators and nodes stored unencrypted in files or git history: raw secp256k1 and ed25519 keys bound to key-like names (range-checked), WIF and BIP32 extended private keys (base58check and version bytes validated), BIP39 mnemonics (English and Chinese, checksum validated), Solana keypairs and CometBFT key files (public half re-derived), geth nodekey, Fabric MSP keystore keys and unencrypted Bitcoin Core wallets. Whoever reads such a file controls the funds or the node identity.',
  targetKinds: ['secrets' as const],
  severity: 'critical' as const,
  confidence: 'high' as const,
  tags: ['keys', 'secrets'],
  remediation:
    'Treat every reported key as compromised: move funds or rotate the validator/node key, then keep keys only in an HSM, a KMS or an encrypted keystore (Web3 Secret Storage with standard scrypt, EIP-2335, Fabric BCCSP PKCS#11) and remove them from history (git filter-repo) after rotation.',
  references: [
    'https://github.com/bitcoin/bips/blob/master/bip-0039.mediawiki',
    'https://github.com/bitcoin/bips/blob/master/bip-0032.mediawiki',
    'https://en.bitcoin.it/wiki/Wallet_import_format',
  ],
  level: 'passive' as const,
  timeoutMs: 30 * 60_000,
};

export default defineCheck(meta, (ctx) =>
  familyCheck(
    meta,
    FAMILY_KINDS['secrets.plaintext-chain-keys'],
    ctx,
    () => 'no plaintext account, validator or node key found',
  ),
);

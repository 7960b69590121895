import { KDF_THRESHOLDS } from '../../analyzers/secrets/index.js';
import { defineCheck } from '../types.js';
import { FAMILY_KINDS } from './families.js';
import { familyCheck } from './shared.js';

const meta = {
  id: 'secrets.keystore-kdf',
  title: 'Encrypted keystores use a weak key-derivation function',
  description: `Reads the KDF parameters of Ethereum keystore v3 (Web3 Secret Storage) and EIP-2335 validator keystores. Weak below scrypt n·r·p = ${KDF_THRESHOLDS.scryptWork} (go-ethereum StandardScryptN 2^18 with r = 8, p = 1; its "light" 2^12 mode is weak) or pbkdf2 c = ${KDF_THRESHOLDS.pbkdf2Iterations} (Web3 Secret Storage and EIP-2335), a non-HMAC-SHA-2 prf, dklen below 32 or an unknown KDF: such files can be brute-forced offline from a weak password.`,
  targetKinds: ['secrets' as const],
  severity: 'high' as const,
  confidence: 'high' as const,
  tags: ['keys', 'keystore', 'kdf'],
  remediation:
    'Re-encrypt the key with standard parameters (geth account update without --lightkdf; scrypt n=262144 r=8 p=1 or pbkdf2 c>=262144 with hmac-sha256) and a long random password, and keep keystore files off shared storage and out of git.',
  references: [
    'https://eips.ethereum.org/EIPS/eip-2335',
    'https://ethereum.org/en/developers/docs/data-structures-and-encoding/web3-secret-storage/',
  ],
  level: 'passive' as const,
  timeoutMs: 30 * 60_000,
};

export default defineCheck(meta, (ctx) =>
  familyCheck(meta, FAMILY_KINDS['secrets.keystore-kdf'], ctx, (scan) => {
    const keystores = scan.encrypted.filter((e) => e.kind === 'keystore').length;
    return keystores
      ? `${keystores} keystore(s), all with standard KDF parameters`
      : 'no keystore with weak KDF parameters found';
  }),
);

import { defineCheck } from '../types.js';
import { FAMILY_KINDS } from './families.js';
import { familyCheck } from './shared.js';

const meta = {
  id: 'secrets.unencrypted-private-keys',
  title: 'TLS, SSH and other private keys stored without a passphrase',
  description:
    'Finds PEM private keys (PKCS#8, PKCS#1, SEC1, OpenSSH, OpenPGP) and DER key files whose body decodes and is not encrypted: OpenSSH keys with cipher "none", PEM without Proc-Type ENCRYPTED and not "ENCRYPTED PRIVATE KEY". A block whose body is key material but does not parse whole (damaged, truncated, no END line) is reported as a warning; placeholders are ignored.',
  targetKinds: ['secrets' as const],
  severity: 'high' as const,
  confidence: 'high' as const,
  tags: ['keys', 'tls', 'ssh'],
  remediation:
    'Rotate the key, protect private keys with a passphrase (ssh-keygen -p, openssl pkcs8 -topk8 -v2 aes-256-cbc) or keep them in an HSM/agent, restrict file permissions to the service account, and never commit them.',
  references: [
    'https://www.rfc-editor.org/rfc/rfc5958',
    'https://github.com/openssh/openssh-portable/blob/master/PROTOCOL.key',
  ],
  level: 'passive' as const,
  timeoutMs: 30 * 60_000,
};

export default defineCheck(meta, (ctx) =>
  familyCheck(meta, FAMILY_KINDS['secrets.unencrypted-private-keys'], ctx, (scan) => {
    const sealed = scan.encrypted.filter((e) => e.kind === 'pem-encrypted').length;
    return sealed
      ? `${sealed} private key(s) found, all passphrase-encrypted`
      : 'no unencrypted private key file found';
  }),
);

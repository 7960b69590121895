import { defineCheck } from '../types.js';
import { ERROR_RESULT, NOT_APPLICABLE_RESULT, TLS_TARGET_KINDS, certEvidence, leafOrResult } from './common.js';

/** NIST SP 800-57 / BSI TR-02102: RSA and DSA below 2048 bits, EC below 256 bits are no longer acceptable. */
function weakness(keyType: string, bits: number | undefined): string | undefined {
  if (keyType === 'dsa') return 'DSA keys are deprecated for TLS';
  if ((keyType === 'rsa' || keyType === 'rsa-pss') && (bits ?? 0) < 2048) return `${bits}-bit RSA (minimum 2048)`;
  if ((keyType === 'ecdsa' || keyType === 'sm2') && (bits ?? 0) < 256) return `${bits}-bit EC key (minimum 256)`;
  if (keyType === 'unknown') return 'unrecognised key type';
  return undefined;
}

export default defineCheck(
  {
    id: 'web.cert.key',
    title: 'Certificate keys are strong enough',
    description:
      'Reads the public key of every certificate in the chain: RSA and DSA keys under 2048 bits and EC keys under 256 bits can be factored or solved with public means (RSA-768 in 2009, RSA-829 in 2020) and fail; DSA is deprecated for TLS.',
    targetKinds: TLS_TARGET_KINDS,
    severity: 'high',
    confidence: 'high',
    tags: ['tls', 'certificate', 'key'],
    remediation: 'Re-key with ECDSA P-256 or RSA 2048 (or larger) and reissue.',
    references: ['https://csrc.nist.gov/publications/detail/sp/800-57-part-1/rev-5/final'],
    level: 'passive',
    results: {
      'weak-key': { title: 'A certificate key is too short or of a deprecated type' },
      'strong-key': { title: 'Every certificate key is strong enough', severity: 'info' },
      ...NOT_APPLICABLE_RESULT,
      ...ERROR_RESULT,
    },
  },
  async (ctx) => {
    const r = await leafOrResult(ctx);
    if (Array.isArray(r)) return r;
    const { ep, certs } = r;
    const weak = certs.chain.map((c, i) => ({ c, i, why: weakness(c.keyType, c.keyBits) })).filter((x) => x.why);
    const evidence = [
      ...certEvidence(certs),
      ...certs.chain.map((c, i) => ({
        label: `key ${i + 1}`,
        value: `${c.subject}: ${c.keyType} ${c.keyBits ?? '?'}${c.curve ? ` ${c.curve}` : ''}`,
      })),
    ];
    if (weak.length)
      return [
        {
          status: 'fail',
          result: 'weak-key',
          severity: weak.some((w) => (w.c.keyBits ?? 0) < 1024) ? 'critical' : 'high',
          message: `${ep.host}:${ep.port}: ${weak.map((w) => `${w.i === 0 ? 'leaf' : w.c.subject}: ${w.why}`).join('; ')}`,
          evidence,
          key: 'key',
        },
      ];
    const leaf = certs.chain[0];
    return [
      {
        status: 'pass',
        result: 'strong-key',
        message: `${ep.host}:${ep.port}: leaf key ${leaf.keyType} ${leaf.keyBits ?? ''}${leaf.curve ? ` (${leaf.curve})` : ''}; every chain key is strong enough`,
        evidence,
        key: 'key',
      },
    ];
  },
);

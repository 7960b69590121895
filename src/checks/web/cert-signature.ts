import { weakSignature } from '../../analyzers/tls/certificates.js';
import { defineCheck } from '../types.js';
import { ERROR_RESULT, NOT_APPLICABLE_RESULT, TLS_TARGET_KINDS, certEvidence, leafOrResult } from './common.js';

export default defineCheck(
  {
    id: 'web.cert.signature',
    title: 'Certificates are not signed with MD5 or SHA-1',
    description:
      "Reads the signature algorithm of every certificate the server sends (a self-signed root's own signature is not checked by clients and is skipped). MD5 and SHA-1 signatures can be forged by chosen-prefix collision (the 2008 rogue CA, SHAttered 2017, the 2020 SHA-1 chosen-prefix attack).",
    targetKinds: TLS_TARGET_KINDS,
    severity: 'high',
    confidence: 'high',
    tags: ['tls', 'certificate', 'signature'],
    remediation: 'Reissue with SHA-256 or better (ecdsa-with-SHA256, sha256WithRSAEncryption).',
    references: ['https://shattered.io/', 'https://sha-mbles.github.io/'],
    level: 'passive',
    results: {
      'weak-signature': { title: 'A certificate is signed with MD5 or SHA-1' },
      'strong-signature': { title: 'Every certificate is signed with SHA-256 or better', severity: 'info' },
      ...NOT_APPLICABLE_RESULT,
      ...ERROR_RESULT,
    },
  },
  async (ctx) => {
    const r = await leafOrResult(ctx);
    if (Array.isArray(r)) return r;
    const { ep, certs } = r;
    const weak = certs.chain.filter((c, i) => weakSignature(c.signatureAlgorithm) && !(i > 0 && c.selfIssued));
    const evidence = [
      ...certEvidence(certs),
      ...certs.chain.map((c, i) => ({ label: `signature ${i + 1}`, value: `${c.subject}: ${c.signatureAlgorithm}` })),
    ];
    if (weak.length)
      return [
        {
          status: 'fail',
          result: 'weak-signature',
          message: `${ep.host}:${ep.port}: ${weak.map((c) => `${c.subject} signed with ${c.signatureAlgorithm}`).join('; ')}`,
          evidence,
          key: 'signature',
        },
      ];
    return [
      {
        status: 'pass',
        result: 'strong-signature',
        message: `${ep.host}:${ep.port}: leaf signed with ${certs.chain[0].signatureAlgorithm}`,
        evidence,
        key: 'signature',
      },
    ];
  },
);

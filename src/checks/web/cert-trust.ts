import { defineCheck } from '../types.js';
import { ERROR_RESULT, NOT_APPLICABLE_RESULT, TLS_TARGET_KINDS, certEvidence, leafOrResult } from './common.js';

export default defineCheck(
  {
    id: 'web.cert.trust',
    title: 'The certificate chain verifies against a trust store',
    description:
      "Fetches the chain through OpenSSL and verifies it against Mozilla's CA list (as bundled with Node.js), the system trust store and, when the scope names one, the deployment's own CA (caFile). A self-signed or unknown-issuer certificate trains users to click through warnings and gives no protection against interception.",
    targetKinds: TLS_TARGET_KINDS,
    severity: 'high',
    confidence: 'high',
    tags: ['tls', 'certificate', 'pki'],
    remediation:
      'Serve a certificate from a publicly trusted CA with its full intermediate chain (nginx: `ssl_certificate` with the fullchain file); for private consortium endpoints, name the consortium CA in the scope (caFile) and distribute it to clients.',
    references: [
      'https://wiki.mozilla.org/CA/Included_Certificates',
      'https://www.rfc-editor.org/rfc/rfc5280#section-6',
    ],
    level: 'passive',
    results: {
      trusted: { title: 'The chain verifies', severity: 'info' },
      untrusted: { title: 'The chain verifies against no trust store' },
      ...NOT_APPLICABLE_RESULT,
      ...ERROR_RESULT,
    },
  },
  async (ctx) => {
    const r = await leafOrResult(ctx);
    if (Array.isArray(r)) return r;
    const { ep, certs } = r;
    if (!certs.trust.length)
      return [
        {
          status: 'error',
          result: 'unreachable',
          message: `${ep.host}:${ep.port}: ${certs.error ?? 'trust could not be verified'}`,
        },
      ];
    const evidence = [
      ...certEvidence(certs),
      { label: 'chain length', value: String(certs.chain.length) },
      ...certs.trust.map((t) => ({
        label: t.store,
        value: t.trusted ? 'verifies' : `fails (${t.error ?? 'unknown'})`,
      })),
    ];
    const trusted = certs.trust.filter((t) => t.trusted);
    if (trusted.length)
      return [
        {
          status: 'pass',
          result: 'trusted',
          message: `${ep.host}:${ep.port}: the chain verifies against ${trusted.map((t) => t.store).join(', ')}`,
          evidence,
          key: 'trust',
        },
      ];
    const reason = certs.trust[0]?.error ?? 'unknown';
    return [
      {
        status: 'fail',
        result: 'untrusted',
        message: `${ep.host}:${ep.port}: the chain verifies against no trust store (${reason}${certs.chain[0].selfIssued ? ', self-signed' : ''})`,
        evidence,
        key: 'trust',
      },
    ];
  },
);

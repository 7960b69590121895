import { defineCheck } from '../types.js';
import {
  ERROR_RESULT,
  NOT_APPLICABLE_RESULT,
  TLS_TARGET_KINDS,
  certEvidence,
  leafOrResult,
  tlsScanFor,
} from './common.js';

export default defineCheck(
  {
    id: 'web.cert.transparency',
    title: 'Publicly trusted certificates carry Certificate Transparency SCTs',
    description:
      "Counts the signed certificate timestamps embedded in the leaf (RFC 6962 extension) and those sent in the TLS extension. Chrome and Apple refuse publicly trusted certificates with fewer than two; CT logging is also what lets an operator notice a mis-issued certificate for their domain. Log signatures are not verified (that needs the logs' keys).",
    targetKinds: TLS_TARGET_KINDS,
    severity: 'medium',
    confidence: 'medium',
    tags: ['tls', 'certificate', 'certificate-transparency'],
    remediation: 'Obtain certificates from a CA that logs them (all public CAs do); monitor CT logs for your domains.',
    references: [
      'https://www.rfc-editor.org/rfc/rfc6962',
      'https://googlechrome.github.io/CertificateTransparency/ct_policy.html',
    ],
    level: 'passive',
    results: {
      'scts-present': { title: 'The certificate comes with SCTs', severity: 'info' },
      'no-scts': { title: 'A publicly trusted certificate comes without SCTs' },
      ...NOT_APPLICABLE_RESULT,
      ...ERROR_RESULT,
    },
  },
  async (ctx) => {
    const r = await leafOrResult(ctx);
    if (Array.isArray(r)) return r;
    const { ep, certs } = r;
    const leaf = certs.chain[0];
    const scan = await tlsScanFor(ctx, ep);
    const embedded = leaf.embeddedScts.length;
    const total = embedded + scan.tlsExtensionScts;
    const evidence = [
      ...certEvidence(certs),
      {
        label: 'embedded SCTs',
        value: embedded
          ? leaf.embeddedScts.map((s) => `${s.logId.slice(0, 12)}… @ ${s.timestamp.toISOString()}`).join('; ')
          : '0',
      },
      { label: 'SCTs in the TLS extension', value: String(scan.tlsExtensionScts) },
    ];
    if (total >= 2 || (total > 0 && !certs.trust.slice(0, 2).some((t) => t.trusted)))
      return [
        {
          status: 'pass',
          result: 'scts-present',
          message: `${ep.host}:${ep.port}: ${total} SCT(s) (${embedded} embedded, ${scan.tlsExtensionScts} in the handshake)`,
          evidence,
          key: 'ct',
        },
      ];
    const publiclyTrusted = certs.trust.slice(0, 2).some((t) => t.trusted);
    if (!publiclyTrusted)
      return [
        {
          status: 'not-applicable',
          result: 'not-applicable',
          message: `${ep.host}:${ep.port}: the certificate is not publicly trusted, so Certificate Transparency does not apply`,
          evidence,
        },
      ];
    return [
      {
        status: 'fail',
        result: 'no-scts',
        message: `${ep.host}:${ep.port}: publicly trusted certificate with ${total} SCT(s); at least 2 are required`,
        evidence,
        key: 'ct',
      },
    ];
  },
);

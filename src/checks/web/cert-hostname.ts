import { coversHost } from '../../analyzers/tls/certificates.js';
import { defineCheck } from '../types.js';
import { ERROR_RESULT, NOT_APPLICABLE_RESULT, TLS_TARGET_KINDS, certEvidence, leafOrResult } from './common.js';

export default defineCheck(
  {
    id: 'web.cert.hostname',
    title: 'The certificate names every host it serves',
    description:
      "Matches the leaf certificate's subjectAltName entries (RFC 6125 rules: one wildcard label, IP addresses only from iPAddress entries) against the URL's host and every expected host name the scope lists. A mismatch means browsers and wallets either refuse the site or, worse, users learn to ignore the warning.",
    targetKinds: TLS_TARGET_KINDS,
    severity: 'high',
    confidence: 'high',
    tags: ['tls', 'certificate', 'hostname'],
    remediation: 'Issue the certificate with every served name in subjectAltName.',
    references: ['https://www.rfc-editor.org/rfc/rfc6125'],
    level: 'passive',
    results: {
      mismatch: { title: 'The certificate does not cover a served host name' },
      match: { title: 'The certificate covers every host name', severity: 'info' },
      ...NOT_APPLICABLE_RESULT,
      ...ERROR_RESULT,
    },
  },
  async (ctx) => {
    const r = await leafOrResult(ctx);
    if (Array.isArray(r)) return r;
    const { ep, certs } = r;
    const leaf = certs.chain[0];
    const names = [ep.servername, ...(ctx.target.kind === 'web' ? ctx.target.hostnames : [])];
    const uncovered = [...new Set(names)].filter((n) => !coversHost(leaf.der, n));
    const evidence = [
      ...certEvidence(certs),
      {
        label: 'subjectAltName',
        value:
          [...leaf.dnsNames.map((d) => `DNS:${d}`), ...leaf.ipAddresses.map((i) => `IP:${i}`)].join(', ') || '(none)',
      },
      { label: 'expected', value: names.join(', ') },
    ];
    if (uncovered.length)
      return [
        {
          status: 'fail',
          result: 'mismatch',
          message: `the certificate of ${ep.host}:${ep.port} does not cover ${uncovered.join(', ')}`,
          evidence,
          key: 'hostname',
        },
      ];
    return [
      {
        status: 'pass',
        result: 'match',
        message: `the certificate of ${ep.host}:${ep.port} covers ${names.join(', ')}`,
        evidence,
        key: 'hostname',
      },
    ];
  },
);

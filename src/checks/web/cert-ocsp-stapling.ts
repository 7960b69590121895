import { parseOcspResponse } from '../../analyzers/tls/certificates.js';
import { errorMessage } from '../../errors.js';
import { defineCheck } from '../types.js';
import { ERROR_RESULT, NOT_APPLICABLE_RESULT, TLS_TARGET_KINDS, certEvidence, leafOrResult } from './common.js';

export default defineCheck(
  {
    id: 'web.cert.ocsp-stapling',
    title: 'A fresh OCSP response is stapled to the handshake',
    description:
      'Requests certificate status in the handshake and reads the stapled OCSP response: it must be successful, name the leaf, say "good" and not be past its nextUpdate. Without stapling every client asks the CA (leaking who visits) or, more often, does not check revocation at all; a certificate carrying the OCSP Must-Staple feature is refused by browsers without it.',
    targetKinds: TLS_TARGET_KINDS,
    severity: 'low',
    confidence: 'high',
    tags: ['tls', 'certificate', 'ocsp', 'revocation'],
    remediation: 'nginx: `ssl_stapling on; ssl_stapling_verify on;` with a resolver, or `ssl_stapling_file`.',
    references: ['https://www.rfc-editor.org/rfc/rfc6066#section-8', 'https://www.rfc-editor.org/rfc/rfc7633'],
    level: 'passive',
    results: {
      stapled: { title: 'A valid OCSP response is stapled', severity: 'info' },
      revoked: { title: 'The stapled OCSP response says the certificate is revoked', severity: 'critical' },
      'bad-staple': {
        title: 'The stapled OCSP response is stale, unsuccessful or for another certificate',
        severity: 'medium',
      },
      'not-stapled': { title: 'No OCSP response is stapled' },
      'must-staple-missing': {
        title: 'The certificate demands stapling (Must-Staple) and none is sent',
        severity: 'high',
      },
      ...NOT_APPLICABLE_RESULT,
      ...ERROR_RESULT,
    },
  },
  async (ctx) => {
    const r = await leafOrResult(ctx);
    if (Array.isArray(r)) return r;
    const { ep, certs } = r;
    const leaf = certs.chain[0];
    const evidence = [
      ...certEvidence(certs),
      { label: 'OCSP responders', value: leaf.ocspUrls.join(', ') || '(none named)' },
    ];
    if (!certs.ocsp) {
      if (leaf.ocspMustStaple)
        return [
          {
            status: 'fail',
            result: 'must-staple-missing',
            message: `${ep.host}:${ep.port}: Must-Staple certificate without a stapled response`,
            evidence,
            key: 'ocsp',
          },
        ];
      if (!leaf.ocspUrls.length) return notApplicableNoResponder(ep.host, ep.port);
      return [
        {
          status: 'warn',
          result: 'not-stapled',
          message: `${ep.host}:${ep.port} staples no OCSP response`,
          evidence,
          key: 'ocsp',
        },
      ];
    }
    let status;
    try {
      status = parseOcspResponse(certs.ocsp, leaf.serialHex);
    } catch (e) {
      return [
        {
          status: 'fail',
          result: 'bad-staple',
          message: `${ep.host}:${ep.port}: the stapled OCSP response is unreadable (${errorMessage(e)})`,
          evidence,
          key: 'ocsp',
        },
      ];
    }
    evidence.push({
      label: 'stapled OCSP',
      value: `${status.responseStatus}; ${status.certStatus ?? '-'}; thisUpdate ${status.thisUpdate?.toISOString() ?? '-'}; nextUpdate ${status.nextUpdate?.toISOString() ?? '-'}; for the leaf: ${status.matchesLeaf ?? '-'}`,
    });
    if (status.certStatus === 'revoked')
      return [
        {
          status: 'fail',
          result: 'revoked',
          message: `${ep.host}:${ep.port}: the stapled OCSP response says the certificate is revoked`,
          evidence,
          key: 'ocsp',
        },
      ];
    const problems = [
      ...(status.responseStatus !== 'successful' ? [`response status ${status.responseStatus}`] : []),
      ...(status.certStatus && status.certStatus !== 'good' ? [`certificate status ${status.certStatus}`] : []),
      ...(status.matchesLeaf === false ? ['it is for another certificate'] : []),
      ...(status.nextUpdate && status.nextUpdate < new Date()
        ? [`it expired at ${status.nextUpdate.toISOString()}`]
        : []),
    ];
    if (problems.length)
      return [
        {
          status: 'fail',
          result: 'bad-staple',
          message: `${ep.host}:${ep.port}: stapled OCSP response unusable: ${problems.join('; ')}`,
          evidence,
          key: 'ocsp',
        },
      ];
    return [
      {
        status: 'pass',
        result: 'stapled',
        message: `${ep.host}:${ep.port} staples a good OCSP response for its certificate`,
        evidence,
        key: 'ocsp',
      },
    ];
  },
);

function notApplicableNoResponder(host: string, port: number) {
  return [
    {
      status: 'not-applicable' as const,
      result: 'not-applicable',
      message: `${host}:${port}: the certificate names no OCSP responder and none is stapled (a private CA without OCSP)`,
    },
  ];
}

import { defineCheck } from '../types.js';
import { ERROR_RESULT, NOT_APPLICABLE_RESULT, TLS_TARGET_KINDS, notApplicable, scanOrResult } from './common.js';

export default defineCheck(
  {
    id: 'web.tls.fallback-scsv',
    title: 'Protocol downgrades are refused (TLS_FALLBACK_SCSV)',
    description:
      'Sends a hello for the second-best protocol the server speaks, carrying TLS_FALLBACK_SCSV (RFC 7507). A server that answers instead of sending inappropriate_fallback lets an attacker who breaks the first handshake force clients onto the weaker protocol.',
    targetKinds: TLS_TARGET_KINDS,
    severity: 'medium',
    confidence: 'high',
    tags: ['tls', 'downgrade'],
    remediation:
      'Upgrade the TLS library (OpenSSL ≥ 1.0.1j honours TLS_FALLBACK_SCSV) or offer a single protocol version.',
    references: ['https://www.rfc-editor.org/rfc/rfc7507'],
    level: 'passive',
    results: {
      'downgrade-accepted': { title: 'A downgraded hello with TLS_FALLBACK_SCSV is accepted' },
      'downgrade-refused': { title: 'Downgrades are refused with inappropriate_fallback', severity: 'info' },
      ...NOT_APPLICABLE_RESULT,
      ...ERROR_RESULT,
    },
  },
  async (ctx) => {
    const scanned = await scanOrResult(ctx);
    if (Array.isArray(scanned)) return scanned;
    const { ep, scan } = scanned;
    switch (scan.fallbackScsv) {
      case 'not-applicable':
        return notApplicable(
          `${ep.host}:${ep.port} offers a single protocol version: there is nothing to downgrade to`,
        );
      case 'supported':
        return [
          {
            status: 'pass',
            result: 'downgrade-refused',
            message: `${ep.host}:${ep.port} refused a downgraded hello with inappropriate_fallback`,
            key: 'scsv',
          },
        ];
      case 'missing':
        return [
          {
            status: 'fail',
            result: 'downgrade-accepted',
            message: `${ep.host}:${ep.port} completed a downgraded hello that carried TLS_FALLBACK_SCSV`,
            key: 'scsv',
          },
        ];
      default:
        return [
          {
            status: 'error',
            result: 'unreachable',
            message: `${ep.host}:${ep.port}: the downgrade probe got neither an answer nor an alert`,
          },
        ];
    }
  },
);

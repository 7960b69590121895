import { defineCheck } from '../types.js';
import { ERROR_RESULT, NOT_APPLICABLE_RESULT, TLS_TARGET_KINDS, notApplicable, scanOrResult } from './common.js';

export default defineCheck(
  {
    id: 'web.tls.compression',
    title: 'TLS compression is disabled (CRIME)',
    description:
      'Offers DEFLATE compression in a TLS ≤ 1.2 hello. A server that accepts it leaks secrets such as session cookies through compressed-length side channels (CRIME). TLS 1.3 has no compression.',
    targetKinds: TLS_TARGET_KINDS,
    severity: 'high',
    confidence: 'high',
    tags: ['tls', 'crime'],
    remediation: 'Disable TLS-level compression (OpenSSL: SSL_OP_NO_COMPRESSION, the default since 1.1.0).',
    references: ['https://en.wikipedia.org/wiki/CRIME'],
    level: 'passive',
    results: {
      compression: { title: 'The server accepts TLS compression' },
      'no-compression': { title: 'The server refuses TLS compression', severity: 'info' },
      ...NOT_APPLICABLE_RESULT,
      ...ERROR_RESULT,
    },
  },
  async (ctx) => {
    const scanned = await scanOrResult(ctx);
    if (Array.isArray(scanned)) return scanned;
    const { ep, scan } = scanned;
    if (scan.compression === undefined) {
      if (
        scan.protocols['tls1.3'].offered &&
        !['sslv3', 'tls1.0', 'tls1.1', 'tls1.2'].some((p) => scan.protocols[p as 'tls1.2'].offered)
      )
        return notApplicable(`${ep.host}:${ep.port} speaks only TLS 1.3, which has no compression`);
      return [
        {
          status: 'error',
          result: 'unreachable',
          message: `${ep.host}:${ep.port}: the compression probe got no answer`,
        },
      ];
    }
    return scan.compression
      ? [
          {
            status: 'fail',
            result: 'compression',
            message: `${ep.host}:${ep.port} accepted DEFLATE compression`,
            key: 'compression',
          },
        ]
      : [
          {
            status: 'pass',
            result: 'no-compression',
            message: `${ep.host}:${ep.port} chose no compression when DEFLATE was offered`,
            key: 'compression',
          },
        ];
  },
);

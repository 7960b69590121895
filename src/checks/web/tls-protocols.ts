import { PROTOCOL_LABEL } from '../../analyzers/tls/registry.js';
import { defineCheck } from '../types.js';
import { ERROR_RESULT, NOT_APPLICABLE_RESULT, TLS_TARGET_KINDS, protocolEvidence, scanOrResult } from './common.js';

export default defineCheck(
  {
    id: 'web.tls.protocols',
    title: 'Only TLS 1.2 and TLS 1.3 are offered',
    description:
      'Enumerates SSLv2, SSLv3, TLS 1.0, 1.1, 1.2, 1.3 and TLCP with hand-built ClientHello messages (a stock OpenSSL client cannot offer SSLv3), and reports every legacy protocol the server still accepts. SSLv3 falls to POODLE; TLS 1.0 and 1.1 were deprecated by RFC 8996.',
    targetKinds: TLS_TARGET_KINDS,
    severity: 'high',
    confidence: 'high',
    tags: ['tls', 'protocol', 'probe'],
    remediation: 'Accept TLS 1.2 and 1.3 only (nginx: `ssl_protocols TLSv1.2 TLSv1.3;`).',
    references: ['https://www.rfc-editor.org/rfc/rfc8996', 'https://www.rfc-editor.org/rfc/rfc7568'],
    level: 'passive',
    results: {
      'legacy-protocol': { title: 'A deprecated protocol (SSLv2, SSLv3, TLS 1.0, TLS 1.1) is accepted' },
      'no-modern-protocol': { title: 'Neither TLS 1.2 nor TLS 1.3 is offered' },
      'modern-only': { title: 'Only TLS 1.2 and/or TLS 1.3 are offered', severity: 'info' },
      ...NOT_APPLICABLE_RESULT,
      ...ERROR_RESULT,
    },
  },
  async (ctx) => {
    const scanned = await scanOrResult(ctx);
    if (Array.isArray(scanned)) return scanned;
    const { ep, scan } = scanned;
    const evidence = protocolEvidence(scan);
    const legacy = (['sslv2', 'sslv3', 'tls1.0', 'tls1.1'] as const).filter((p) => scan.protocols[p].offered);
    const modern = (['tls1.2', 'tls1.3'] as const).filter((p) => scan.protocols[p].offered);
    const results = [];
    if (legacy.length)
      results.push({
        status: 'fail' as const,
        result: 'legacy-protocol',
        severity: legacy.some((p) => p === 'sslv2' || p === 'sslv3') ? ('critical' as const) : ('high' as const),
        message: `${ep.host}:${ep.port} accepts ${legacy.map((p) => PROTOCOL_LABEL[p]).join(', ')}`,
        evidence,
        key: 'legacy',
      });
    if (!modern.length)
      results.push({
        status: scan.protocols.tlcp.offered ? ('warn' as const) : ('fail' as const),
        result: 'no-modern-protocol',
        message: scan.protocols.tlcp.offered
          ? `${ep.host}:${ep.port} speaks only TLCP (GB/T 38636): clients without SM cryptography cannot connect`
          : `${ep.host}:${ep.port} offers neither TLS 1.2 nor TLS 1.3`,
        evidence,
        key: 'modern',
      });
    if (!results.length)
      results.push({
        status: 'pass' as const,
        result: 'modern-only',
        message: `${ep.host}:${ep.port} offers only ${modern.map((p) => PROTOCOL_LABEL[p]).join(' and ')}`,
        evidence,
        key: 'legacy',
      });
    return results;
  },
);

import { clientRenegotiation } from '../../analyzers/tls/renegotiation.js';
import { defineCheck, type CheckResult } from '../types.js';
import { ERROR_RESULT, NOT_APPLICABLE_RESULT, TLS_TARGET_KINDS, notApplicable, scanOrResult } from './common.js';

export default defineCheck(
  {
    id: 'web.tls.renegotiation',
    title: 'Renegotiation is secure and not client-initiated',
    description:
      "Checks that the server answers with the renegotiation_info extension (RFC 5746; without it a man in the middle can splice requests into a victim's session) and asks for a renegotiation after a completed TLS ≤ 1.2 handshake: a server that honours client-initiated renegotiation spends a full handshake of CPU per request of an attacker.",
    targetKinds: TLS_TARGET_KINDS,
    severity: 'medium',
    confidence: 'high',
    tags: ['tls', 'renegotiation', 'dos'],
    remediation:
      'Use a TLS library that supports RFC 5746 and refuse client-initiated renegotiation (OpenSSL 3 does by default; nginx always).',
    references: ['https://www.rfc-editor.org/rfc/rfc5746'],
    level: 'passive',
    results: {
      'insecure-renegotiation': { title: 'Secure renegotiation (RFC 5746) is not supported', severity: 'high' },
      'client-initiated': { title: 'Client-initiated renegotiation is honoured' },
      secure: { title: 'Secure renegotiation only; client-initiated renegotiation refused', severity: 'info' },
      ...NOT_APPLICABLE_RESULT,
      ...ERROR_RESULT,
    },
  },
  async (ctx) => {
    const scanned = await scanOrResult(ctx);
    if (Array.isArray(scanned)) return scanned;
    const { ep, scan } = scanned;
    if (scan.secureRenegotiation === undefined)
      return notApplicable(`${ep.host}:${ep.port} speaks no TLS ≤ 1.2 (TLS 1.3 has no renegotiation)`);
    const client = await clientRenegotiation({ ...ep, signal: ctx.signal });
    const evidence = [
      { label: 'renegotiation_info in ServerHello', value: scan.secureRenegotiation ? 'yes' : 'no' },
      { label: 'client-initiated renegotiation', value: `${client.clientInitiated}: ${client.detail.slice(0, 160)}` },
    ];
    const results: CheckResult[] = [];
    if (!scan.secureRenegotiation)
      results.push({
        status: 'fail',
        result: 'insecure-renegotiation',
        message: `${ep.host}:${ep.port} does not support RFC 5746 secure renegotiation`,
        evidence,
        key: 'secure',
      });
    if (client.clientInitiated === 'accepted')
      results.push({
        status: 'fail',
        result: 'client-initiated',
        message: `${ep.host}:${ep.port} renegotiates whenever the client asks`,
        evidence,
        key: 'client',
      });
    if (!results.length) {
      if (client.clientInitiated === 'unknown')
        results.push({
          status: 'warn',
          result: 'client-initiated',
          message: `${ep.host}:${ep.port}: secure renegotiation supported; whether client-initiated renegotiation is refused could not be told (${client.detail.slice(0, 120)})`,
          evidence,
          key: 'client',
        });
      else
        results.push({
          status: 'pass',
          result: 'secure',
          message: `${ep.host}:${ep.port} supports secure renegotiation and refuses client-initiated renegotiation`,
          evidence,
          key: 'secure',
        });
    }
    return results;
  },
);

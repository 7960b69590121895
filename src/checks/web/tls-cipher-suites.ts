import { PROTOCOLS, PROTOCOL_LABEL } from '../../analyzers/tls/registry.js';
import { suiteByCode, suiteName, suiteStrength } from '../../analyzers/tls/suites.js';
import type { Evidence } from '../../model.js';
import { defineCheck, type CheckResult } from '../types.js';
import { ERROR_RESULT, NOT_APPLICABLE_RESULT, TLS_TARGET_KINDS, scanOrResult, suiteList } from './common.js';

export default defineCheck(
  {
    id: 'web.tls.cipher-suites',
    title: 'No insecure or weak cipher suites are accepted',
    description:
      'Enumerates every cipher suite the server accepts in each protocol (offering all 378 known codes, one handshake per accepted suite) and grades them: NULL, anonymous, export-grade, RC4/RC2, DES/3DES/IDEA (64-bit blocks, Sweet32) and MD5 are insecure; static-key exchange (no forward secrecy) and CBC mode are weak. Also records whether the server imposes its own order.',
    targetKinds: TLS_TARGET_KINDS,
    severity: 'high',
    confidence: 'high',
    tags: ['tls', 'cipher', 'probe'],
    remediation:
      'Offer AEAD suites with ECDHE/DHE only (Mozilla intermediate: ECDHE-ECDSA/RSA-AES128/256-GCM, CHACHA20-POLY1305, DHE-RSA-AES-GCM), e.g. nginx `ssl_ciphers` with the intermediate list.',
    references: ['https://ssl-config.mozilla.org/', 'https://sweet32.info/', 'https://www.rfc-editor.org/rfc/rfc7465'],
    level: 'passive',
    results: {
      'insecure-suite': { title: 'Insecure suites accepted (NULL, anonymous, export, RC4, DES/3DES, MD5)' },
      'weak-suite': { title: 'Weak suites accepted (no forward secrecy or CBC mode)', severity: 'medium' },
      'strong-only': { title: 'Only AEAD suites with forward secrecy are accepted', severity: 'info' },
      ...NOT_APPLICABLE_RESULT,
      ...ERROR_RESULT,
    },
  },
  async (ctx) => {
    const scanned = await scanOrResult(ctx);
    if (Array.isArray(scanned)) return scanned;
    const { ep, scan } = scanned;
    const evidence: Evidence[] = [];
    const insecure = new Map<number, string[]>();
    const weak = new Map<number, string[]>();
    for (const p of [...PROTOCOLS, 'tlcp' as const]) {
      const r = scan.protocols[p];
      if (!r.offered || !r.suites.length) continue;
      evidence.push({
        label: `${PROTOCOL_LABEL[p]}${r.serverPreference === true ? ' (server order)' : r.serverPreference === false ? ' (client order)' : ''}`,
        value: suiteList(r.suites, 80),
      });
      for (const c of r.suites) {
        const s = suiteByCode(c);
        if (!s) continue;
        const { strength, reasons } = suiteStrength(s);
        if (strength === 'insecure') insecure.set(c, reasons);
        if (strength === 'weak') weak.set(c, reasons);
      }
    }
    const describe = (m: Map<number, string[]>) =>
      [...m.entries()]
        .slice(0, 15)
        .map(([c, r]) => `${suiteName(c)} (${r.join(', ')})`)
        .join('; ') + (m.size > 15 ? ` … and ${m.size - 15} more` : '');
    const results: CheckResult[] = [];
    if (insecure.size)
      results.push({
        status: 'fail',
        result: 'insecure-suite',
        severity: [...insecure.values()].some(
          (r) => r.includes('no encryption') || r.includes('no server authentication') || r.includes('export-grade'),
        )
          ? 'critical'
          : 'high',
        message: `${ep.host}:${ep.port} accepts ${insecure.size} insecure suite(s): ${describe(insecure)}`,
        evidence,
        key: 'insecure',
      });
    if (weak.size)
      results.push({
        status: 'warn',
        result: 'weak-suite',
        message: `${ep.host}:${ep.port} accepts ${weak.size} weak suite(s): ${describe(weak)}`,
        evidence,
        key: 'weak',
      });
    if (!results.length)
      results.push({
        status: 'pass',
        result: 'strong-only',
        message: `${ep.host}:${ep.port} accepts only AEAD suites with forward secrecy`,
        evidence,
        key: 'insecure',
      });
    return results;
  },
);

import { groupById, groupName } from '../../analyzers/tls/registry.js';
import { suiteByCode } from '../../analyzers/tls/suites.js';
import type { Evidence } from '../../model.js';
import { defineCheck, type CheckResult } from '../types.js';
import { ERROR_RESULT, NOT_APPLICABLE_RESULT, TLS_TARGET_KINDS, scanOrResult } from './common.js';

export default defineCheck(
  {
    id: 'web.tls.key-exchange',
    title: 'Key exchange groups are strong (and post-quantum hybrids are reported)',
    description:
      'Tries every named group one at a time: ECDHE curves for TLS ≤ 1.2, and TLS 1.3 groups through a HelloRetryRequest (no key share offered), including ffdhe*, curveSM2 and the ML-KEM hybrids X25519MLKEM768, SecP256r1MLKEM768 and SecP384r1MLKEM1024. Reports curves under 128-bit strength and DHE primes under 2048 bits.',
    targetKinds: TLS_TARGET_KINDS,
    severity: 'medium',
    confidence: 'high',
    tags: ['tls', 'key-exchange', 'post-quantum'],
    remediation:
      'Use X25519, P-256 and P-384 (plus X25519MLKEM768 where the TLS stack supports it) and DHE primes of 2048 bits or more (nginx `ssl_ecdh_curve X25519:prime256v1:secp384r1;`, `ssl_dhparam` with a 2048-bit file).',
    references: [
      'https://www.rfc-editor.org/rfc/rfc7919',
      'https://datatracker.ietf.org/doc/draft-ietf-tls-ecdhe-mlkem/',
      'https://weakdh.org/',
    ],
    level: 'passive',
    results: {
      'weak-group': { title: 'A weak key-exchange group or DH prime is accepted' },
      'post-quantum': { title: 'A post-quantum hybrid group (ML-KEM) is accepted', severity: 'info' },
      strong: { title: 'Only strong key-exchange groups are accepted', severity: 'info' },
      ...NOT_APPLICABLE_RESULT,
      ...ERROR_RESULT,
    },
  },
  async (ctx) => {
    const scanned = await scanOrResult(ctx);
    if (Array.isArray(scanned)) return scanned;
    const { ep, scan } = scanned;
    const evidence: Evidence[] = [
      { label: 'TLS ≤ 1.2 ECDHE curves', value: scan.groups.tls12.map(groupName).join(', ') || '(none)' },
      { label: 'TLS 1.3 groups', value: scan.groups.tls13.map(groupName).join(', ') || '(none)' },
    ];
    if (scan.dhBits !== undefined) evidence.push({ label: 'DHE prime', value: `${scan.dhBits} bits` });
    const all = [...new Set([...scan.groups.tls12, ...scan.groups.tls13])];
    const weak = all.filter((g) => {
      const info = groupById(g);
      return info && info.kind !== 'hybrid-pq' && info.bits < 112;
    });
    const usesDhe = Object.values(scan.protocols).some((p) => p.suites.some((c) => suiteByCode(c)?.kex === 'DHE'));
    const weakDh = usesDhe && scan.dhBits !== undefined && scan.dhBits < 2048;
    const results: CheckResult[] = [];
    if (weak.length || weakDh)
      results.push({
        status: 'fail',
        result: 'weak-group',
        severity: (scan.dhBits ?? 2048) < 1024 ? 'high' : 'medium',
        message: `${ep.host}:${ep.port} accepts ${[
          ...(weak.length ? [`weak groups ${weak.map(groupName).join(', ')}`] : []),
          ...(weakDh ? [`a ${scan.dhBits}-bit DHE prime`] : []),
        ].join(' and ')}`,
        evidence,
        key: 'weak',
      });
    else
      results.push({
        status: 'pass',
        result: 'strong',
        message: `${ep.host}:${ep.port} accepts only groups of 128-bit strength or more${usesDhe ? ` and a ${scan.dhBits}-bit DHE prime` : ''}`,
        evidence,
        key: 'weak',
      });
    const pq = scan.groups.tls13.filter((g) => groupById(g)?.kind === 'hybrid-pq');
    if (pq.length)
      results.push({
        status: 'pass',
        result: 'post-quantum',
        message: `${ep.host}:${ep.port} negotiates post-quantum hybrid key exchange: ${pq.map(groupName).join(', ')}`,
        evidence,
        key: 'pq',
      });
    return results;
  },
);

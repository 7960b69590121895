import { PROTOCOLS, PROTOCOL_LABEL } from '../../analyzers/tls/registry.js';
import { suiteByCode } from '../../analyzers/tls/suites.js';
import { defineCheck } from '../types.js';
import { ERROR_RESULT, NOT_APPLICABLE_RESULT, TLS_TARGET_KINDS, scanOrResult, suiteList } from './common.js';

export default defineCheck(
  {
    id: 'web.tls.forward-secrecy',
    title: 'Every accepted suite has forward secrecy',
    description:
      'A suite without an ephemeral key exchange (static RSA, static DH/ECDH) lets whoever later obtains the server key decrypt every recorded session. Checks every accepted suite in every protocol, and which suite the server picks first.',
    targetKinds: TLS_TARGET_KINDS,
    severity: 'medium',
    confidence: 'high',
    tags: ['tls', 'cipher', 'forward-secrecy'],
    remediation: 'Remove static-RSA and static-(EC)DH suites (OpenSSL: append `:!kRSA:!kDH:!kECDH`).',
    references: ['https://wiki.mozilla.org/Security/Server_Side_TLS#Forward_Secrecy'],
    level: 'passive',
    results: {
      'no-forward-secrecy': { title: 'Suites without forward secrecy are accepted' },
      'forward-secrecy': { title: 'All accepted suites use an ephemeral key exchange', severity: 'info' },
      ...NOT_APPLICABLE_RESULT,
      ...ERROR_RESULT,
    },
  },
  async (ctx) => {
    const scanned = await scanOrResult(ctx);
    if (Array.isArray(scanned)) return scanned;
    const { ep, scan } = scanned;
    const without = new Set<number>();
    const preferredWithout: string[] = [];
    for (const p of [...PROTOCOLS, 'tlcp' as const]) {
      const r = scan.protocols[p];
      r.suites.forEach((c, i) => {
        if (suiteByCode(c)?.forwardSecrecy === false) {
          without.add(c);
          if (i === 0 && r.serverPreference) preferredWithout.push(PROTOCOL_LABEL[p]);
        }
      });
    }
    if (!without.size)
      return [
        {
          status: 'pass',
          result: 'forward-secrecy',
          message: `${ep.host}:${ep.port}: every accepted suite uses ECDHE, DHE or TLS 1.3 key exchange`,
          key: 'fs',
        },
      ];
    return [
      {
        status: preferredWithout.length ? 'fail' : 'warn',
        result: 'no-forward-secrecy',
        message: `${ep.host}:${ep.port} accepts ${without.size} suite(s) without forward secrecy${preferredWithout.length ? `, and prefers one in ${preferredWithout.join(', ')}` : ''}`,
        evidence: [{ label: 'without forward secrecy', value: suiteList([...without]) }],
        key: 'fs',
      },
    ];
  },
);

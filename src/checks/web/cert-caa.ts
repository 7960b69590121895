import { promises as dns, type CaaRecord } from 'node:dns';
import { isIP } from 'node:net';
import { errorMessage } from '../../errors.js';
import { defineCheck } from '../types.js';
import { ERROR_RESULT, NOT_APPLICABLE_RESULT, TLS_TARGET_KINDS, notApplicable, tlsEndpoint } from './common.js';

const NO_RECORD = new Set(['ENODATA', 'ENOTFOUND', 'NOTFOUND']);

/** RFC 8659 §3: the relevant CAA set is the first one found climbing from the name towards the root. */
async function relevantCaa(name: string, timeoutMs: number): Promise<{ at: string; records: CaaRecord[] } | undefined> {
  const resolver = new dns.Resolver({ timeout: timeoutMs, tries: 2 });
  const labels = name.replace(/\.$/, '').split('.');
  for (let i = 0; i < labels.length - 1; i++) {
    const at = labels.slice(i).join('.');
    try {
      const records = await resolver.resolveCaa(at);
      if (records.length) return { at, records };
    } catch (e) {
      if (!NO_RECORD.has((e as NodeJS.ErrnoException).code ?? '')) throw e;
    }
  }
  return undefined;
}

function describe(r: CaaRecord): string {
  const [tag, value] = Object.entries(r).find(([k]) => k !== 'critical') ?? ['?', ''];
  return `${r.critical ? '128' : '0'} ${tag} "${String(value)}"`;
}

export default defineCheck(
  {
    id: 'web.cert.caa',
    title: 'DNS CAA records restrict which CAs may issue for the domain',
    description:
      'Looks up CAA records for the host name and its parents (RFC 8659 tree climbing) through the system resolver. Without them any public CA may issue a certificate for the domain, so a single CA compromise or a weak domain validation suffices for a mis-issued certificate.',
    targetKinds: TLS_TARGET_KINDS,
    severity: 'low',
    confidence: 'high',
    tags: ['tls', 'dns', 'caa'],
    remediation: 'Publish `CAA 0 issue "your-ca.example"` (and `iodef`) at the registered domain.',
    references: ['https://www.rfc-editor.org/rfc/rfc8659'],
    level: 'passive',
    results: {
      caa: { title: 'CAA records restrict issuance', severity: 'info' },
      'no-caa': { title: 'No CAA record for the domain or its parents' },
      ...NOT_APPLICABLE_RESULT,
      ...ERROR_RESULT,
    },
  },
  async (ctx) => {
    const ep = tlsEndpoint(ctx.target);
    if ('notApplicable' in ep) return notApplicable(ep.notApplicable);
    const name = ep.servername;
    if (
      isIP(name) ||
      name === 'localhost' ||
      !name.includes('.') ||
      /\.(localhost|local|internal|lan|test|invalid)$/i.test(name)
    )
      return notApplicable(`${name} is not a public DNS name; CAA does not apply`);
    let found;
    try {
      found = await relevantCaa(name, 4_000);
    } catch (e) {
      return [{ status: 'error', result: 'unreachable', message: `CAA lookup for ${name} failed: ${errorMessage(e)}` }];
    }
    if (!found)
      return [
        { status: 'warn', result: 'no-caa', message: `no CAA record for ${name} or any parent domain`, key: 'caa' },
      ];
    return [
      {
        status: 'pass',
        result: 'caa',
        message: `CAA at ${found.at}: ${found.records.map(describe).join('; ')}`,
        evidence: found.records.map((r) => ({ label: `CAA ${found.at}`, value: describe(r) })),
        key: 'caa',
      },
    ];
  },
);

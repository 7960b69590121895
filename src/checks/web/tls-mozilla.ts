import { GUIDELINES_HREF, GUIDELINES_VERSION, mozillaVerdict } from '../../analyzers/tls/mozilla.js';
import type { Evidence } from '../../model.js';
import { defineCheck } from '../types.js';
import {
  ERROR_RESULT,
  NOT_APPLICABLE_RESULT,
  TLS_TARGET_KINDS,
  certificatesFor,
  hv,
  mainPage,
  scanOrResult,
  type WebTarget,
} from './common.js';
import type { CheckContext } from '../types.js';

async function hstsMaxAge(ctx: CheckContext): Promise<number | null | undefined> {
  if (ctx.target.kind !== 'web') return undefined;
  try {
    const page = await mainPage(ctx as CheckContext<WebTarget>);
    const h = hv(page.page.response, 'strict-transport-security');
    const m = h?.match(/max-age\s*=\s*"?(\d+)/i);
    return m ? Number(m[1]) : null;
  } catch {
    return undefined;
  }
}

export default defineCheck(
  {
    id: 'web.tls.mozilla',
    title: "Meets Mozilla's server-side TLS guidelines (modern or intermediate)",
    description: `Judges the scanned protocols, suites, groups, DH size and certificate against Mozilla's Server Side TLS guidelines, version ${GUIDELINES_VERSION} (vendored from ${GUIDELINES_HREF}, MPL-2.0): modern, intermediate, old, or non-conforming, listing each failing requirement. OCSP stapling, HSTS age and curves beyond the profile's list are reported as the guidelines' recommendations.`,
    targetKinds: TLS_TARGET_KINDS,
    severity: 'medium',
    confidence: 'high',
    tags: ['tls', 'mozilla', 'baseline'],
    remediation: 'Generate the configuration with the Mozilla SSL Configuration Generator, "intermediate" profile.',
    references: ['https://wiki.mozilla.org/Security/Server_Side_TLS', 'https://ssl-config.mozilla.org/'],
    level: 'passive',
    results: {
      modern: { title: 'Meets the modern profile', severity: 'info' },
      intermediate: { title: 'Meets the intermediate profile', severity: 'info' },
      old: { title: 'Meets only the old (legacy clients) profile' },
      'non-conforming': { title: 'Meets no Mozilla profile' },
      ...NOT_APPLICABLE_RESULT,
      ...ERROR_RESULT,
    },
  },
  async (ctx) => {
    const scanned = await scanOrResult(ctx);
    if (Array.isArray(scanned)) return scanned;
    const { ep, scan } = scanned;
    const [certs, hsts] = await Promise.all([certificatesFor(ctx, ep), hstsMaxAge(ctx)]);
    const leaf = certs.chain[0];
    const v = mozillaVerdict({
      scan,
      leaf,
      ocspStapled: certs.chain.length ? !!certs.ocsp : undefined,
      hstsMaxAge: hsts,
    });
    const evidence: Evidence[] = v.profiles.map((p) => ({
      label: p.profile,
      value: p.failures.length ? `fails: ${p.failures.join('; ')}` : 'met',
    }));
    const intermediate = v.profiles.find((p) => p.profile === 'intermediate')!;
    if (intermediate.advice.length) evidence.push({ label: 'recommendations', value: intermediate.advice.join('; ') });
    if (!leaf) evidence.push({ label: 'certificate', value: `not judged: ${certs.error ?? 'none received'}` });
    const guideline = `Mozilla guidelines ${GUIDELINES_VERSION}`;
    switch (v.verdict) {
      case 'modern':
      case 'intermediate':
        return [
          {
            status: 'pass',
            result: v.verdict,
            message: `${ep.host}:${ep.port} meets the ${v.verdict} profile of the ${guideline}`,
            evidence,
            key: 'profile',
          },
        ];
      case 'old':
        return [
          {
            status: 'warn',
            result: 'old',
            message: `${ep.host}:${ep.port} meets only the old profile of the ${guideline}; for intermediate it fails: ${intermediate.failures.join('; ')}`,
            evidence,
            key: 'profile',
          },
        ];
      default:
        return [
          {
            status: 'fail',
            result: 'non-conforming',
            message: `${ep.host}:${ep.port} meets no profile of the ${guideline}; for intermediate it fails: ${intermediate.failures.join('; ')}`,
            evidence,
            key: 'profile',
          },
        ];
    }
  },
);

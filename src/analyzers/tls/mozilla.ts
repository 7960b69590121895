import guidelines from './mozilla/server-side-tls-5.8.json' with { type: 'json' };
import type { CertInfo } from './certificates.js';
import { GROUPS, PROTOCOLS, groupById, type Protocol } from './registry.js';
import type { TlsScan } from './scan.js';
import { suiteByCode, suiteName } from './suites.js';

export const GUIDELINES_VERSION = guidelines.version;
export const GUIDELINES_HREF = guidelines.href;

export type Profile = 'modern' | 'intermediate' | 'old';
export const PROFILES: Profile[] = ['modern', 'intermediate', 'old'];

interface ProfileSpec {
  certificate_curves: string[];
  certificate_signatures: string[];
  certificate_types: string[];
  ciphers: { iana: string[] };
  ciphersuites: string[];
  dh_param_size: number | null;
  ecdh_param_size: number;
  hsts_min_age: number;
  maximum_certificate_lifespan: number;
  ocsp_staple: boolean;
  rsa_key_size: number | null;
  server_preferred_order: boolean;
  tls_curves: string[];
  tls_versions: string[];
}

const SPEC = guidelines.configurations as unknown as Record<Profile, ProfileSpec>;

const VERSION_NAME: Record<Protocol, string> = {
  sslv2: 'SSLv2',
  sslv3: 'SSLv3',
  'tls1.0': 'TLSv1',
  'tls1.1': 'TLSv1.1',
  'tls1.2': 'TLSv1.2',
  'tls1.3': 'TLSv1.3',
};

export interface MozillaInput {
  scan: TlsScan;
  /** Leaf certificate; without it the certificate requirements are not judged. */
  leaf?: CertInfo;
  ocspStapled?: boolean;
  /** HSTS max-age from the HTTP answer; null when the header is missing, undefined when not an HTTP service. */
  hstsMaxAge?: number | null;
}

export interface ProfileResult {
  profile: Profile;
  /** Requirements the server does not meet. */
  failures: string[];
  /** Recommendations of the profile the server does not follow (OCSP stapling, HSTS age, extra curves). */
  advice: string[];
}

export interface MozillaVerdict {
  /** Best profile met, or non-conforming. */
  verdict: Profile | 'non-conforming';
  profiles: ProfileResult[];
}

function curveName(id: number): string {
  const g = groupById(id);
  return g?.alias ?? g?.name ?? String(id);
}

export function evaluateProfile(profile: Profile, input: MozillaInput): ProfileResult {
  const spec = SPEC[profile];
  const { scan, leaf } = input;
  const failures: string[] = [];
  const advice: string[] = [];
  const offered = PROTOCOLS.filter((p) => scan.protocols[p].offered);
  const badVersions = offered.filter((p) => !spec.tls_versions.includes(VERSION_NAME[p]));
  if (badVersions.length)
    failures.push(
      `protocols ${badVersions.map((p) => VERSION_NAME[p]).join(', ')} offered; the profile allows only ${spec.tls_versions.join(', ')}`,
    );
  if (!offered.some((p) => spec.tls_versions.includes(VERSION_NAME[p])))
    failures.push(`none of ${spec.tls_versions.join(', ')} is offered`);

  const legacySuites = new Set<number>();
  for (const p of offered) if (p !== 'tls1.3') for (const c of scan.protocols[p].suites) legacySuites.add(c);
  const extraSuites = [...legacySuites].filter((c) => !spec.ciphers.iana.includes(suiteName(c)));
  if (extraSuites.length)
    failures.push(
      `cipher suites outside the profile: ${extraSuites
        .slice(0, 12)
        .map(suiteName)
        .join(', ')}${extraSuites.length > 12 ? ` and ${extraSuites.length - 12} more` : ''}`,
    );
  const extra13 = scan.protocols['tls1.3'].suites.filter((c) => !spec.ciphersuites.includes(suiteName(c)));
  if (extra13.length) failures.push(`TLS 1.3 suites outside the profile: ${extra13.map(suiteName).join(', ')}`);

  if (spec.server_preferred_order) {
    const clientOrder = offered.filter((p) => scan.protocols[p].serverPreference === false);
    if (clientOrder.length)
      failures.push(
        `the server does not impose its cipher order (${clientOrder.map((p) => VERSION_NAME[p]).join(', ')})`,
      );
  }

  const usesDhe = [...legacySuites].some((c) => suiteByCode(c)?.kex === 'DHE');
  if (usesDhe && spec.dh_param_size !== null && scan.dhBits !== undefined && scan.dhBits < spec.dh_param_size)
    failures.push(`DHE parameters of ${scan.dhBits} bits; at least ${spec.dh_param_size} required`);

  const curves = [...new Set([...scan.groups.tls12, ...scan.groups.tls13])];
  const ecCurves = curves.filter((id) => GROUPS.find((g) => g.id === id)?.kind === 'ec');
  const weakCurves = ecCurves.filter((id) => (groupById(id)?.bits ?? 0) * 2 < spec.ecdh_param_size);
  if (weakCurves.length)
    failures.push(`ECDH curves below ${spec.ecdh_param_size} bits: ${weakCurves.map(curveName).join(', ')}`);
  if (ecCurves.length && !ecCurves.some((id) => spec.tls_curves.includes(curveName(id))))
    failures.push(`none of the recommended curves ${spec.tls_curves.join(', ')} is accepted`);
  const notListed = ecCurves.filter((id) => !spec.tls_curves.includes(curveName(id)) && !weakCurves.includes(id));
  if (notListed.length) advice.push(`curves beyond the profile's list: ${notListed.map(curveName).join(', ')}`);

  if (leaf) {
    const type = leaf.keyType === 'ecdsa' ? 'ecdsa' : leaf.keyType === 'rsa' ? 'rsa' : leaf.keyType;
    if (!spec.certificate_types.includes(type))
      failures.push(`certificate key type ${type}; the profile wants ${spec.certificate_types.join(' or ')}`);
    if (type === 'ecdsa' && leaf.curve && !spec.certificate_curves.includes(leaf.curve))
      failures.push(`certificate curve ${leaf.curve}; the profile wants ${spec.certificate_curves.join(' or ')}`);
    if (type === 'rsa' && spec.rsa_key_size !== null && (leaf.keyBits ?? 0) < spec.rsa_key_size)
      failures.push(`RSA key of ${leaf.keyBits} bits; at least ${spec.rsa_key_size} required`);
    if (!spec.certificate_signatures.includes(leaf.signatureAlgorithm))
      failures.push(
        `certificate signed with ${leaf.signatureAlgorithm}; the profile wants ${spec.certificate_signatures.join(', ')}`,
      );
    if (leaf.lifespanDays > spec.maximum_certificate_lifespan)
      failures.push(`certificate lifespan ${leaf.lifespanDays} days; at most ${spec.maximum_certificate_lifespan}`);
  }
  if (spec.ocsp_staple && input.ocspStapled === false) advice.push('OCSP stapling is recommended and not enabled');
  if (input.hstsMaxAge !== undefined && (input.hstsMaxAge ?? 0) < spec.hsts_min_age)
    advice.push(
      input.hstsMaxAge === null
        ? `no HSTS header (recommended max-age ≥ ${spec.hsts_min_age})`
        : `HSTS max-age ${input.hstsMaxAge} below the recommended ${spec.hsts_min_age}`,
    );
  return { profile, failures, advice };
}

/**
 * The best Mozilla profile the server meets. Hard requirements are protocols, suites, DH and curve sizes,
 * certificate type, curve, signature, key size and lifespan; OCSP stapling, HSTS age and curves beyond
 * the profile's list are the guidelines' recommendations and are reported as advice only.
 */
export function mozillaVerdict(input: MozillaInput): MozillaVerdict {
  const profiles = PROFILES.map((p) => evaluateProfile(p, input));
  const met = profiles.find((r) => r.failures.length === 0);
  return { verdict: met?.profile ?? 'non-conforming', profiles };
}

import { daysBetween } from '../../analyzers/tls/certificates.js';
import { defineCheck, type CheckResult } from '../types.js';
import { ERROR_RESULT, NOT_APPLICABLE_RESULT, TLS_TARGET_KINDS, certEvidence, leafOrResult } from './common.js';

/** CA/Browser Forum Baseline Requirements §6.3.2: publicly trusted TLS certificates since 2020-09-01. */
const MAX_PUBLIC_LIFESPAN_DAYS = 398;
const RENEW_WITHIN_DAYS = 30;

export default defineCheck(
  {
    id: 'web.cert.validity',
    title: 'Certificates are within their validity window, not about to expire, and short-lived',
    description: `Reads notBefore/notAfter of every certificate in the chain: an expired or not-yet-valid certificate fails; a leaf expiring within ${RENEW_WITHIN_DAYS} days warns; a leaf valid for more than ${MAX_PUBLIC_LIFESPAN_DAYS} days (the CA/Browser Forum limit) warns, because a long-lived key is a long-lived target.`,
    targetKinds: TLS_TARGET_KINDS,
    severity: 'high',
    confidence: 'high',
    tags: ['tls', 'certificate', 'expiry'],
    remediation: 'Renew automatically (ACME) well before expiry, with certificates of 90 days or less.',
    references: ['https://cabforum.org/baseline-requirements-documents/'],
    level: 'passive',
    results: {
      expired: { title: 'A certificate in the chain has expired', severity: 'critical' },
      'not-yet-valid': { title: 'A certificate in the chain is not yet valid' },
      'expires-soon': { title: `The leaf expires within ${RENEW_WITHIN_DAYS} days`, severity: 'medium' },
      'long-lifespan': { title: `The leaf is valid for more than ${MAX_PUBLIC_LIFESPAN_DAYS} days`, severity: 'low' },
      valid: { title: 'Every certificate is valid, the leaf for a while yet', severity: 'info' },
      ...NOT_APPLICABLE_RESULT,
      ...ERROR_RESULT,
    },
  },
  async (ctx) => {
    const r = await leafOrResult(ctx);
    if (Array.isArray(r)) return r;
    const { ep, certs } = r;
    const now = new Date();
    const leaf = certs.chain[0];
    const daysLeft = daysBetween(now, leaf.notAfter);
    const evidence = [
      ...certEvidence(certs),
      { label: 'days left', value: String(daysLeft) },
      { label: 'lifespan', value: `${leaf.lifespanDays} days` },
    ];
    const results: CheckResult[] = [];
    certs.chain.forEach((c, i) => {
      const which = i === 0 ? 'the leaf' : `chain certificate ${i + 1} (${c.subject})`;
      if (c.notAfter < now)
        results.push({
          status: 'fail',
          result: 'expired',
          message: `${ep.host}:${ep.port}: ${which} expired on ${c.notAfter.toISOString().slice(0, 10)} (${-daysBetween(now, c.notAfter)} days ago)`,
          evidence,
          key: `expired:${i}`,
        });
      if (c.notBefore > now)
        results.push({
          status: 'fail',
          result: 'not-yet-valid',
          message: `${ep.host}:${ep.port}: ${which} is valid only from ${c.notBefore.toISOString()}`,
          evidence,
          key: `not-yet-valid:${i}`,
        });
    });
    if (!results.length && daysLeft < RENEW_WITHIN_DAYS)
      results.push({
        status: 'warn',
        result: 'expires-soon',
        message: `${ep.host}:${ep.port}: the certificate expires in ${daysLeft} days (${leaf.notAfter.toISOString().slice(0, 10)})`,
        evidence,
        key: 'expiry',
      });
    if (leaf.lifespanDays > MAX_PUBLIC_LIFESPAN_DAYS)
      results.push({
        status: 'warn',
        result: 'long-lifespan',
        message: `${ep.host}:${ep.port}: the certificate is valid for ${leaf.lifespanDays} days (publicly trusted certificates may not exceed ${MAX_PUBLIC_LIFESPAN_DAYS})`,
        evidence,
        key: 'lifespan',
      });
    if (!results.length)
      results.push({
        status: 'pass',
        result: 'valid',
        message: `${ep.host}:${ep.port}: the chain is valid; the leaf has ${daysLeft} days left of ${leaf.lifespanDays}`,
        evidence,
        key: 'expiry',
      });
    return results;
  },
);

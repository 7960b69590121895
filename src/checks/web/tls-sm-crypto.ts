import { parseCertificate, type CertInfo } from '../../analyzers/tls/certificates.js';
import { rfc8998Suites } from '../../analyzers/tls/scan.js';
import { errorMessage } from '../../errors.js';
import type { Evidence } from '../../model.js';
import { defineCheck, type CheckResult } from '../types.js';
import {
  ERROR_RESULT,
  NOT_APPLICABLE_RESULT,
  TLS_TARGET_KINDS,
  notApplicable,
  scanOrResult,
  suiteList,
} from './common.js';

const SIGN = ['digitalSignature', 'nonRepudiation'];
const ENCRYPT = ['keyEncipherment', 'dataEncipherment', 'keyAgreement'];

export default defineCheck(
  {
    id: 'web.tls.sm-crypto',
    title: 'Chinese commercial cryptography: TLCP and RFC 8998 SM suites',
    description:
      'Detects TLCP (GB/T 38636-2020, the 国密 SSL protocol: record version 0x0101, ECC/ECDHE-SM4-SM3 suites) with a hello of its own, reads its certificate message and checks that it carries the two SM2 certificates TLCP requires (a signing and an encryption certificate), and detects the TLS 1.3 SM suites of RFC 8998 (TLS_SM4_GCM_SM3, TLS_SM4_CCM_SM3). Deployments under the Cryptography Law and 等保 level 3 are expected to use them; no mainstream open scanner looks for TLCP.',
    targetKinds: TLS_TARGET_KINDS,
    severity: 'medium',
    confidence: 'high',
    tags: ['tls', 'tlcp', 'sm2', 'sm4', 'guomi'],
    remediation:
      'Where commercial cryptography is required, serve TLCP (e.g. Tongsuo or GmSSL) with an SM2 signing and an SM2 encryption certificate from a licensed CA, and/or enable the RFC 8998 suites in TLS 1.3.',
    references: ['https://www.rfc-editor.org/rfc/rfc8998', 'https://openstd.samr.gov.cn/ (GB/T 38636-2020)'],
    level: 'passive',
    results: {
      tlcp: { title: 'TLCP is served with a signing and an encryption SM2 certificate', severity: 'info' },
      'tlcp-certificates': { title: 'TLCP is served without the two SM2 certificates it requires' },
      rfc8998: { title: 'TLS 1.3 SM suites (RFC 8998) are accepted', severity: 'info' },
      ...NOT_APPLICABLE_RESULT,
      ...ERROR_RESULT,
    },
  },
  async (ctx) => {
    const scanned = await scanOrResult(ctx);
    if (Array.isArray(scanned)) return scanned;
    const { ep, scan } = scanned;
    const results: CheckResult[] = [];
    const sm13 = rfc8998Suites(scan);
    if (sm13.length)
      results.push({
        status: 'pass',
        result: 'rfc8998',
        message: `${ep.host}:${ep.port} accepts ${suiteList(sm13)} in TLS 1.3${scan.groups.tls13.includes(41) ? ' with curveSM2' : ''}`,
        key: 'rfc8998',
      });
    if (scan.protocols.tlcp.offered) {
      let certs: CertInfo[] = [];
      const evidence: Evidence[] = [{ label: 'TLCP suites', value: suiteList(scan.protocols.tlcp.suites) }];
      try {
        certs = scan.tlcpCertificates.map((d) => parseCertificate(d));
      } catch (e) {
        evidence.push({ label: 'certificate message', value: `unreadable: ${errorMessage(e)}` });
      }
      certs.forEach((c, i) =>
        evidence.push({
          label: `certificate ${i + 1}`,
          value: `${c.subject}; ${c.keyType}${c.curve ? ` ${c.curve}` : ''}; ${c.signatureAlgorithm}; keyUsage ${c.keyUsage.join(',') || '(none)'}`,
        }),
      );
      const sm2 = certs.filter((c) => c.keyType === 'sm2');
      const signing = sm2.find((c) => !c.keyUsage.length || c.keyUsage.some((u) => SIGN.includes(u)));
      const encryption = sm2.find(
        (c) => c !== signing && (!c.keyUsage.length || c.keyUsage.some((u) => ENCRYPT.includes(u))),
      );
      if (signing && encryption)
        results.push({
          status: 'pass',
          result: 'tlcp',
          message: `${ep.host}:${ep.port} serves TLCP (${scan.protocols.tlcp.suites.length} suite(s)) with SM2 signing and encryption certificates`,
          evidence,
          key: 'tlcp',
        });
      else
        results.push({
          status: 'fail',
          result: 'tlcp-certificates',
          message: `${ep.host}:${ep.port} serves TLCP but its certificate message carries ${certs.length} certificate(s), ${sm2.length} with an SM2 key: TLCP needs a signing and an encryption SM2 certificate`,
          evidence,
          key: 'tlcp',
        });
    }
    if (!results.length) return notApplicable(`${ep.host}:${ep.port} offers neither TLCP nor the RFC 8998 SM suites`);
    return results;
  },
);

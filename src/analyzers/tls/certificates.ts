import { X509Certificate } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readTextFileSync } from '../../clients/files.js';
import tls from 'node:tls';
import * as pkijs from 'pkijs';

/** One certificate, read with pkijs (extensions, SCTs, OIDs) and Node's X509Certificate (keys, names). */
export interface CertInfo {
  der: Buffer;
  subject: string;
  issuer: string;
  serialHex: string;
  notBefore: Date;
  notAfter: Date;
  /** Lifetime in whole days, notAfter − notBefore. */
  lifespanDays: number;
  /** `sha256WithRSAEncryption`, `ecdsa-with-SHA256`, `SM2-with-SM3` … (names as Mozilla's guidelines use them). */
  signatureAlgorithm: string;
  keyType: 'rsa' | 'ecdsa' | 'ed25519' | 'ed448' | 'dsa' | 'sm2' | 'rsa-pss' | 'unknown';
  /** RSA/DSA modulus bits, EC field bits. */
  keyBits?: number;
  /** EC curve name (`prime256v1`, `secp384r1`, `SM2`). */
  curve?: string;
  dnsNames: string[];
  ipAddresses: string[];
  selfIssued: boolean;
  isCa: boolean;
  /** SCTs embedded in the certificate (RFC 6962 extension). */
  embeddedScts: { logId: string; timestamp: Date }[];
  ocspMustStaple: boolean;
  ocspUrls: string[];
  /** keyUsage bits by name (digitalSignature, keyEncipherment …); empty when the extension is absent. */
  keyUsage: string[];
  fingerprint256: string;
}

const SIGNATURES: Record<string, string> = {
  '1.2.840.113549.1.1.2': 'md2WithRSAEncryption',
  '1.2.840.113549.1.1.4': 'md5WithRSAEncryption',
  '1.2.840.113549.1.1.5': 'sha1WithRSAEncryption',
  '1.2.840.113549.1.1.10': 'rsassaPss',
  '1.2.840.113549.1.1.11': 'sha256WithRSAEncryption',
  '1.2.840.113549.1.1.12': 'sha384WithRSAEncryption',
  '1.2.840.113549.1.1.13': 'sha512WithRSAEncryption',
  '1.2.840.113549.1.1.14': 'sha224WithRSAEncryption',
  '1.2.840.10040.4.3': 'dsa-with-SHA1',
  '2.16.840.1.101.3.4.3.2': 'dsa-with-SHA256',
  '1.2.840.10045.4.1': 'ecdsa-with-SHA1',
  '1.2.840.10045.4.3.1': 'ecdsa-with-SHA224',
  '1.2.840.10045.4.3.2': 'ecdsa-with-SHA256',
  '1.2.840.10045.4.3.3': 'ecdsa-with-SHA384',
  '1.2.840.10045.4.3.4': 'ecdsa-with-SHA512',
  '1.3.101.112': 'ED25519',
  '1.3.101.113': 'ED448',
  '1.2.156.10197.1.501': 'SM2-with-SM3',
};

const CURVES: Record<string, { name: string; bits: number }> = {
  '1.2.840.10045.3.1.7': { name: 'prime256v1', bits: 256 },
  '1.3.132.0.34': { name: 'secp384r1', bits: 384 },
  '1.3.132.0.35': { name: 'secp521r1', bits: 521 },
  '1.3.132.0.10': { name: 'secp256k1', bits: 256 },
  '1.2.840.10045.3.1.1': { name: 'prime192v1', bits: 192 },
  '1.3.132.0.33': { name: 'secp224r1', bits: 224 },
  '1.3.36.3.3.2.8.1.1.7': { name: 'brainpoolP256r1', bits: 256 },
  '1.3.36.3.3.2.8.1.1.11': { name: 'brainpoolP384r1', bits: 384 },
  '1.3.36.3.3.2.8.1.1.13': { name: 'brainpoolP512r1', bits: 512 },
  '1.2.156.10197.1.301': { name: 'SM2', bits: 256 },
};

/** Weak digests: a certificate signed with one can be forged by collision (MD5 in 2008, SHA-1 in 2020). */
export function weakSignature(alg: string): boolean {
  return /md2|md5|sha1|SHA1/i.test(alg);
}

function nameOf(n: pkijs.RelativeDistinguishedNames): string {
  const short: Record<string, string> = {
    '2.5.4.3': 'CN',
    '2.5.4.6': 'C',
    '2.5.4.7': 'L',
    '2.5.4.8': 'ST',
    '2.5.4.10': 'O',
    '2.5.4.11': 'OU',
  };
  return n.typesAndValues
    .map((tv) => `${short[tv.type] ?? tv.type}=${String(tv.value.valueBlock.value ?? '')}`)
    .join(', ');
}

export function parseCertificate(der: Buffer): CertInfo {
  const cert = pkijs.Certificate.fromBER(new Uint8Array(der));
  const spki = cert.subjectPublicKeyInfo;
  const keyOid = spki.algorithm.algorithmId;
  const params = spki.algorithm.algorithmParams as { valueBlock?: { toString(): string } } | undefined;
  const curveOid = keyOid === '1.2.840.10045.2.1' ? params?.valueBlock?.toString() : undefined;
  let node: X509Certificate | undefined;
  try {
    node = new X509Certificate(der);
  } catch {
    node = undefined;
  }
  let keyType: CertInfo['keyType'] = 'unknown';
  let keyBits: number | undefined;
  let curve: string | undefined;
  if (curveOid) {
    const c = CURVES[curveOid];
    keyType = curveOid === '1.2.156.10197.1.301' ? 'sm2' : 'ecdsa';
    curve = c?.name ?? curveOid;
    keyBits = c?.bits;
  } else {
    const t = node?.publicKey.asymmetricKeyType;
    keyType =
      t === 'rsa' || t === 'dsa' || t === 'ed25519' || t === 'ed448' || t === 'rsa-pss'
        ? t
        : keyOid === '1.2.840.113549.1.1.1'
          ? 'rsa'
          : 'unknown';
    keyBits = node?.publicKey.asymmetricKeyDetails?.modulusLength;
    if (keyType === 'ed25519') keyBits = 256;
    if (keyType === 'ed448') keyBits = 456;
  }
  const ext = (oid: string) => cert.extensions?.find((e) => e.extnID === oid);
  const san = ext('2.5.29.17')?.parsedValue as pkijs.AltName | undefined;
  const dnsNames: string[] = [];
  const ipAddresses: string[] = [];
  for (const g of (san as unknown as { altNames?: pkijs.GeneralName[] })?.altNames ?? []) {
    if (g.type === 2) dnsNames.push(String(g.value));
    if (g.type === 7) {
      const bytes = Buffer.from((g.value as { valueBlock: { valueHexView: Uint8Array } }).valueBlock.valueHexView);
      ipAddresses.push(
        bytes.length === 4 ? [...bytes].join('.') : bytes.toString('hex').replace(/(.{4})(?!$)/g, '$1:'),
      );
    }
  }
  const sctExt = ext('1.3.6.1.4.1.11129.2.4.2')?.parsedValue as pkijs.SignedCertificateTimestampList | undefined;
  const embeddedScts = (sctExt?.timestamps ?? []).map((t) => ({
    logId: Buffer.from(t.logID).toString('base64'),
    timestamp: t.timestamp,
  }));
  const bc = ext('2.5.29.19')?.parsedValue as pkijs.BasicConstraints | undefined;
  const aia = ext('1.3.6.1.5.5.7.1.1')?.parsedValue as pkijs.InfoAccess | undefined;
  const ocspUrls = (aia?.accessDescriptions ?? [])
    .filter((d) => d.accessMethod === '1.3.6.1.5.5.7.48.1' && d.accessLocation.type === 6)
    .map((d) => String(d.accessLocation.value));
  // TLS Feature extension (RFC 7633) carrying status_request (5): the certificate demands a stapled OCSP answer.
  const tlsFeature = ext('1.3.6.1.5.5.7.1.24');
  const KEY_USAGE = [
    'digitalSignature',
    'nonRepudiation',
    'keyEncipherment',
    'dataEncipherment',
    'keyAgreement',
    'keyCertSign',
    'cRLSign',
    'encipherOnly',
  ];
  const ku = ext('2.5.29.15')?.parsedValue as { valueBlock?: { valueHexView: Uint8Array } } | undefined;
  const kuByte = ku?.valueBlock?.valueHexView?.[0] ?? 0;
  const keyUsage = KEY_USAGE.filter((_, i) => kuByte & (0x80 >> i));
  const notBefore = cert.notBefore.value;
  const notAfter = cert.notAfter.value;
  const subject = nameOf(cert.subject);
  const issuer = nameOf(cert.issuer);
  return {
    der,
    subject,
    issuer,
    serialHex: Buffer.from(cert.serialNumber.valueBlock.valueHexView).toString('hex'),
    notBefore,
    notAfter,
    lifespanDays: Math.round((notAfter.getTime() - notBefore.getTime()) / 86_400_000),
    signatureAlgorithm: SIGNATURES[cert.signatureAlgorithm.algorithmId] ?? cert.signatureAlgorithm.algorithmId,
    keyType,
    keyBits,
    curve,
    dnsNames,
    ipAddresses,
    selfIssued: subject === issuer,
    isCa: bc?.cA === true,
    embeddedScts,
    ocspMustStaple: !!tlsFeature && Buffer.from(tlsFeature.extnValue.valueBlock.valueHexView).includes(5),
    ocspUrls,
    keyUsage,
    fingerprint256: node?.fingerprint256 ?? '',
  };
}

/** Does the certificate name this host (RFC 6125 wildcard rules, IP addresses only from iPAddress SANs)? */
export function coversHost(der: Buffer, host: string): boolean {
  try {
    const x = new X509Certificate(der);
    return /^[\d.]+$|:/.test(host) ? x.checkIP(host) !== undefined : x.checkHost(host) !== undefined;
  } catch {
    return false;
  }
}

export interface OcspStatus {
  /** successful, malformedRequest, internalError, tryLater, sigRequired, unauthorized */
  responseStatus: string;
  certStatus?: 'good' | 'revoked' | 'unknown';
  thisUpdate?: Date;
  nextUpdate?: Date;
  /** The response names the leaf's serial number. */
  matchesLeaf?: boolean;
}

const OCSP_STATUSES = [
  'successful',
  'malformedRequest',
  'internalError',
  'tryLater',
  '4',
  'sigRequired',
  'unauthorized',
];

export function parseOcspResponse(der: Buffer, leafSerialHex?: string): OcspStatus {
  const resp = pkijs.OCSPResponse.fromBER(new Uint8Array(der));
  const code = resp.responseStatus.valueBlock.valueDec;
  const out: OcspStatus = { responseStatus: OCSP_STATUSES[code] ?? String(code) };
  if (code !== 0 || !resp.responseBytes) return out;
  const basic = pkijs.BasicOCSPResponse.fromBER(new Uint8Array(resp.responseBytes.response.valueBlock.valueHexView));
  const single = basic.tbsResponseData.responses[0];
  if (!single) return out;
  const tag = (single.certStatus as { idBlock?: { tagNumber: number } }).idBlock?.tagNumber;
  out.certStatus = tag === 0 ? 'good' : tag === 1 ? 'revoked' : 'unknown';
  out.thisUpdate = single.thisUpdate;
  out.nextUpdate = single.nextUpdate;
  if (leafSerialHex)
    out.matchesLeaf = Buffer.from(single.certID.serialNumber.valueBlock.valueHexView).toString('hex') === leafSerialHex;
  return out;
}

const SYSTEM_BUNDLES = [
  '/etc/ssl/certs/ca-certificates.crt',
  '/etc/pki/tls/certs/ca-bundle.crt',
  '/etc/ssl/ca-bundle.pem',
  '/etc/ssl/cert.pem',
];

let systemRoots: { file: string; pems: string[] } | null | undefined;

/** The operating system's trust store (Debian's ca-certificates bundle, or the distribution's equivalent). */
export function systemTrustStore(): { file: string; pems: string[] } | null {
  if (systemRoots !== undefined) return systemRoots;
  const file = SYSTEM_BUNDLES.find((f) => existsSync(f));
  let text = '';
  try {
    text = file ? readTextFileSync(file, { maxBytes: 16 * 1024 * 1024 }) : '';
  } catch {
    text = '';
  }
  systemRoots =
    file && text
      ? {
          file,
          pems: text.match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g) ?? [],
        }
      : null;
  return systemRoots;
}

export interface TrustVerdict {
  store: string;
  trusted: boolean;
  /** OpenSSL's verification error (`DEPTH_ZERO_SELF_SIGNED_CERT`, `CERT_HAS_EXPIRED` …). */
  error?: string;
}

export interface CertificateFetch {
  /** Leaf first, as the server sent it plus what OpenSSL linked. */
  chain: CertInfo[];
  protocol?: string;
  cipher?: string;
  /** Stapled OCSP response, when the server sent one. */
  ocsp?: Buffer;
  trust: TrustVerdict[];
  error?: string;
}

interface HandshakeResult {
  chain: Buffer[];
  protocol?: string;
  cipher?: string;
  ocsp?: Buffer;
  authorized: boolean;
  authorizationError?: string;
  error?: string;
}

function handshake(
  host: string,
  port: number,
  servername: string | undefined,
  ca: string[] | undefined,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<HandshakeResult> {
  return new Promise((resolve) => {
    let ocsp: Buffer | undefined;
    let settled = false;
    // tls.connect hands requestOCSP on to the TLSSocket it creates; the typings list it only there.
    const options: tls.ConnectionOptions & { requestOCSP: boolean } = {
      host,
      port,
      servername,
      ca,
      rejectUnauthorized: false,
      requestOCSP: true,
      minVersion: 'TLSv1' as tls.SecureVersion,
      ciphers: 'ALL:@SECLEVEL=0',
    };
    const socket = tls.connect(options);
    const done = (r: HandshakeResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve(r);
    };
    const fail = (error: string) => done({ chain: [], authorized: false, error });
    const timer = setTimeout(() => fail(`no TLS handshake within ${timeoutMs} ms`), timeoutMs);
    const onAbort = () => fail('aborted');
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.on('OCSPResponse', (r: Buffer | null) => (ocsp = r?.length ? r : undefined));
    socket.once('secureConnect', () => {
      const chain: Buffer[] = [];
      const seen = new Set<string>();
      let c: tls.DetailedPeerCertificate | undefined = socket.getPeerCertificate(true);
      while (c && c.raw && !seen.has(c.fingerprint256) && chain.length < 16) {
        seen.add(c.fingerprint256);
        chain.push(c.raw);
        c = c.issuerCertificate;
      }
      done({
        chain,
        protocol: socket.getProtocol() ?? undefined,
        cipher: socket.getCipher()?.name,
        ocsp,
        authorized: socket.authorized,
        authorizationError: socket.authorizationError ? String(socket.authorizationError) : undefined,
      });
    });
    socket.once('error', (e) => fail(e.message));
    socket.once('close', () => fail('connection closed during the handshake'));
  });
}

/**
 * Fetches the chain through a real TLS client and asks OpenSSL whether it verifies against each trust
 * store: Node's bundled Mozilla CA list, the system store, and any extra anchors the scope names
 * (a consortium's private CA). One handshake per store, side by side.
 */
export async function fetchCertificates(o: {
  host: string;
  port: number;
  servername?: string;
  extraCa?: { name: string; pems: string[] };
  timeoutMs?: number;
  signal?: AbortSignal;
}): Promise<CertificateFetch> {
  const timeoutMs = o.timeoutMs ?? 8_000;
  const sni = o.servername && !/^[\d.]+$|:/.test(o.servername) ? o.servername : undefined;
  const stores: { name: string; ca: string[] }[] = [{ name: 'Mozilla (Node bundled)', ca: [...tls.rootCertificates] }];
  const system = systemTrustStore();
  if (system) stores.push({ name: `system (${system.file})`, ca: system.pems });
  if (o.extraCa) stores.push({ name: o.extraCa.name, ca: o.extraCa.pems });
  const results = await Promise.all(stores.map((s) => handshake(o.host, o.port, sni, s.ca, timeoutMs, o.signal)));
  const first = results.find((r) => !r.error) ?? results[0];
  if (first.error) return { chain: [], trust: [], error: first.error };
  return {
    chain: first.chain.map(parseCertificate),
    protocol: first.protocol,
    cipher: first.cipher,
    ocsp: first.ocsp,
    trust: stores.map((s, i) => ({
      store: s.name,
      trusted: results[i].authorized,
      error: results[i].error ?? results[i].authorizationError,
    })),
  };
}

export function daysBetween(a: Date, b: Date): number {
  return Math.floor((b.getTime() - a.getTime()) / 86_400_000);
}

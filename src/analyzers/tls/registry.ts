/** Protocol versions, named groups and signature schemes, as numbered on the wire (IANA TLS registries). */

export const PROTOCOLS = ['sslv2', 'sslv3', 'tls1.0', 'tls1.1', 'tls1.2', 'tls1.3'] as const;
export type Protocol = (typeof PROTOCOLS)[number];
/** GB/T 38636-2020, wire version 0x0101. */
export type ProtocolOrTlcp = Protocol | 'tlcp';

export const PROTOCOL_VERSION: Record<ProtocolOrTlcp, number> = {
  sslv2: 0x0002,
  sslv3: 0x0300,
  'tls1.0': 0x0301,
  'tls1.1': 0x0302,
  'tls1.2': 0x0303,
  'tls1.3': 0x0304,
  tlcp: 0x0101,
};

export const PROTOCOL_LABEL: Record<ProtocolOrTlcp, string> = {
  sslv2: 'SSLv2',
  sslv3: 'SSLv3',
  'tls1.0': 'TLS 1.0',
  'tls1.1': 'TLS 1.1',
  'tls1.2': 'TLS 1.2',
  'tls1.3': 'TLS 1.3',
  tlcp: 'TLCP (GB/T 38636)',
};

export function versionName(v: number): string {
  const hit = (Object.entries(PROTOCOL_VERSION) as [ProtocolOrTlcp, number][]).find(([, n]) => n === v);
  return hit ? PROTOCOL_LABEL[hit[0]] : `0x${v.toString(16).padStart(4, '0')}`;
}

export interface NamedGroup {
  id: number;
  name: string;
  /** Name in Mozilla's guidelines and OpenSSL where it differs. */
  alias?: string;
  /** Approximate symmetric-equivalent strength. */
  bits: number;
  kind: 'ec' | 'ffdhe' | 'hybrid-pq' | 'sm2';
  /** Valid in TLS 1.3 (RFC 8446 §4.2.7); the rest only in TLS ≤ 1.2. */
  tls13: boolean;
}

export const GROUPS: NamedGroup[] = [
  { id: 1, name: 'sect163k1', bits: 80, kind: 'ec', tls13: false },
  { id: 2, name: 'sect163r1', bits: 80, kind: 'ec', tls13: false },
  { id: 3, name: 'sect163r2', bits: 80, kind: 'ec', tls13: false },
  { id: 4, name: 'sect193r1', bits: 96, kind: 'ec', tls13: false },
  { id: 5, name: 'sect193r2', bits: 96, kind: 'ec', tls13: false },
  { id: 6, name: 'sect233k1', bits: 112, kind: 'ec', tls13: false },
  { id: 7, name: 'sect233r1', bits: 112, kind: 'ec', tls13: false },
  { id: 8, name: 'sect239k1', bits: 112, kind: 'ec', tls13: false },
  { id: 9, name: 'sect283k1', bits: 128, kind: 'ec', tls13: false },
  { id: 10, name: 'sect283r1', bits: 128, kind: 'ec', tls13: false },
  { id: 11, name: 'sect409k1', bits: 192, kind: 'ec', tls13: false },
  { id: 12, name: 'sect409r1', bits: 192, kind: 'ec', tls13: false },
  { id: 13, name: 'sect571k1', bits: 256, kind: 'ec', tls13: false },
  { id: 14, name: 'sect571r1', bits: 256, kind: 'ec', tls13: false },
  { id: 15, name: 'secp160k1', bits: 80, kind: 'ec', tls13: false },
  { id: 16, name: 'secp160r1', bits: 80, kind: 'ec', tls13: false },
  { id: 17, name: 'secp160r2', bits: 80, kind: 'ec', tls13: false },
  { id: 18, name: 'secp192k1', bits: 96, kind: 'ec', tls13: false },
  { id: 19, name: 'secp192r1', bits: 96, kind: 'ec', tls13: false },
  { id: 20, name: 'secp224k1', bits: 112, kind: 'ec', tls13: false },
  { id: 21, name: 'secp224r1', bits: 112, kind: 'ec', tls13: false },
  { id: 22, name: 'secp256k1', bits: 128, kind: 'ec', tls13: false },
  { id: 23, name: 'secp256r1', alias: 'prime256v1', bits: 128, kind: 'ec', tls13: true },
  { id: 24, name: 'secp384r1', bits: 192, kind: 'ec', tls13: true },
  { id: 25, name: 'secp521r1', bits: 256, kind: 'ec', tls13: true },
  { id: 26, name: 'brainpoolP256r1', bits: 128, kind: 'ec', tls13: false },
  { id: 27, name: 'brainpoolP384r1', bits: 192, kind: 'ec', tls13: false },
  { id: 28, name: 'brainpoolP512r1', bits: 256, kind: 'ec', tls13: false },
  { id: 29, name: 'x25519', alias: 'X25519', bits: 128, kind: 'ec', tls13: true },
  { id: 30, name: 'x448', alias: 'X448', bits: 224, kind: 'ec', tls13: true },
  { id: 31, name: 'brainpoolP256r1tls13', bits: 128, kind: 'ec', tls13: true },
  { id: 32, name: 'brainpoolP384r1tls13', bits: 192, kind: 'ec', tls13: true },
  { id: 33, name: 'brainpoolP512r1tls13', bits: 256, kind: 'ec', tls13: true },
  // RFC 8998: SM2 key exchange in TLS 1.3.
  { id: 41, name: 'curveSM2', bits: 128, kind: 'sm2', tls13: true },
  { id: 256, name: 'ffdhe2048', bits: 112, kind: 'ffdhe', tls13: true },
  { id: 257, name: 'ffdhe3072', bits: 128, kind: 'ffdhe', tls13: true },
  { id: 258, name: 'ffdhe4096', bits: 150, kind: 'ffdhe', tls13: true },
  { id: 259, name: 'ffdhe6144', bits: 175, kind: 'ffdhe', tls13: true },
  { id: 260, name: 'ffdhe8192', bits: 192, kind: 'ffdhe', tls13: true },
  // ML-KEM hybrids (draft-ietf-tls-ecdhe-mlkem) and the earlier Kyber draft Chrome shipped.
  { id: 0x11eb, name: 'SecP256r1MLKEM768', bits: 192, kind: 'hybrid-pq', tls13: true },
  { id: 0x11ec, name: 'X25519MLKEM768', bits: 192, kind: 'hybrid-pq', tls13: true },
  { id: 0x11ed, name: 'SecP384r1MLKEM1024', bits: 256, kind: 'hybrid-pq', tls13: true },
  { id: 0x6399, name: 'X25519Kyber768Draft00', bits: 192, kind: 'hybrid-pq', tls13: true },
];

const GROUP_BY_ID = new Map(GROUPS.map((g) => [g.id, g]));
export function groupById(id: number): NamedGroup | undefined {
  return GROUP_BY_ID.get(id);
}
export function groupName(id: number): string {
  return GROUP_BY_ID.get(id)?.name ?? `group 0x${id.toString(16).padStart(4, '0')}`;
}

/** Groups TLS ≤ 1.2 ECDHE can use (RFC 8422 and brainpool), tried one by one. */
export const TLS12_EC_GROUPS = GROUPS.filter((g) => g.kind === 'ec' && g.id <= 30).map((g) => g.id);
export const TLS13_GROUPS = GROUPS.filter((g) => g.tls13).map((g) => g.id);

/** Signature schemes a hello offers: everything, so that a server is never refused for our sake. */
export const SIGNATURE_SCHEMES = [
  0x0403, 0x0503, 0x0603, 0x0807, 0x0808, 0x0809, 0x080a, 0x080b, 0x0804, 0x0805, 0x0806, 0x0401, 0x0501, 0x0601,
  0x081a, 0x081b, 0x081c, 0x0708, 0x0303, 0x0301, 0x0302, 0x0203, 0x0201, 0x0202, 0x0101, 0x0102, 0x0402, 0x0502,
  0x0602,
];

export const ALERTS: Record<number, string> = {
  0: 'close_notify',
  10: 'unexpected_message',
  20: 'bad_record_mac',
  22: 'record_overflow',
  40: 'handshake_failure',
  42: 'bad_certificate',
  47: 'illegal_parameter',
  48: 'unknown_ca',
  50: 'decode_error',
  51: 'decrypt_error',
  70: 'protocol_version',
  71: 'insufficient_security',
  80: 'internal_error',
  86: 'inappropriate_fallback',
  90: 'user_canceled',
  100: 'no_renegotiation',
  109: 'missing_extension',
  110: 'unsupported_extension',
  112: 'unrecognized_name',
  120: 'no_application_protocol',
};

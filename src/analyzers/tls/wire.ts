import { randomBytes } from 'node:crypto';
import { SIGNATURE_SCHEMES } from './registry.js';

/**
 * ClientHello messages built byte by byte, and the server's first flight parsed the same way. Node's
 * OpenSSL cannot offer SSLv3, RC4, export or TLCP suites, so a scanner that wants to see what a server
 * accepts has to speak the handshake itself. Nothing here completes a handshake: a probe stops as soon
 * as it has read what it came for.
 */

export const CONTENT_CHANGE_CIPHER_SPEC = 20;
export const CONTENT_ALERT = 21;
export const CONTENT_HANDSHAKE = 22;
export const CONTENT_APPLICATION_DATA = 23;

export const HS_SERVER_HELLO = 2;
export const HS_CERTIFICATE = 11;
export const HS_SERVER_KEY_EXCHANGE = 12;
export const HS_CERTIFICATE_REQUEST = 13;
export const HS_SERVER_HELLO_DONE = 14;
export const HS_CERTIFICATE_STATUS = 22;

export const EXT_SERVER_NAME = 0;
export const EXT_STATUS_REQUEST = 5;
export const EXT_SUPPORTED_GROUPS = 10;
export const EXT_EC_POINT_FORMATS = 11;
export const EXT_SIGNATURE_ALGORITHMS = 13;
export const EXT_SCT = 18;
export const EXT_ENCRYPT_THEN_MAC = 22;
export const EXT_EXTENDED_MASTER_SECRET = 23;
export const EXT_SESSION_TICKET = 35;
export const EXT_SUPPORTED_VERSIONS = 43;
export const EXT_PSK_KEY_EXCHANGE_MODES = 45;
export const EXT_KEY_SHARE = 51;
export const EXT_RENEGOTIATION_INFO = 0xff01;

export const SCSV_RENEGOTIATION = 0x00ff;
export const SCSV_FALLBACK = 0x5600;

/** SHA-256("HelloRetryRequest"): a ServerHello with this random is a HelloRetryRequest (RFC 8446 §4.1.3). */
const HRR_RANDOM = Buffer.from('cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c', 'hex');

export interface HelloOptions {
  /** legacy_version of the hello: 0x0300–0x0303, or 0x0101 for TLCP. TLS 1.3 hellos say 0x0303. */
  version: number;
  suites: number[];
  servername?: string;
  /** Offer TLS 1.3 through supported_versions. */
  tls13?: boolean;
  groups?: number[];
  /** TLS 1.3 key shares; an empty list asks the server to choose through a HelloRetryRequest. */
  keyShares?: { group: number; key: Buffer }[];
  compression?: number[];
  /** No extensions at all (SSLv3, TLCP): some legacy stacks refuse hellos that carry them. */
  bare?: boolean;
}

const u8 = (n: number) => Buffer.from([n & 0xff]);
const u16 = (n: number) => Buffer.from([(n >> 8) & 0xff, n & 0xff]);
const u24 = (n: number) => Buffer.from([(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff]);
const vec16 = (b: Buffer) => Buffer.concat([u16(b.length), b]);
const vec8 = (b: Buffer) => Buffer.concat([u8(b.length), b]);
const ext = (type: number, body: Buffer) => Buffer.concat([u16(type), vec16(body)]);
const list16 = (values: number[]) => Buffer.concat(values.map(u16));

function isIpAddress(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(':');
}

export function clientHello(o: HelloOptions): Buffer {
  const extensions: Buffer[] = [];
  if (!o.bare) {
    if (o.servername && !isIpAddress(o.servername)) {
      const name = Buffer.from(o.servername, 'ascii');
      extensions.push(ext(EXT_SERVER_NAME, vec16(Buffer.concat([u8(0), vec16(name)]))));
    }
    if (o.groups?.length) extensions.push(ext(EXT_SUPPORTED_GROUPS, vec16(list16(o.groups))));
    extensions.push(ext(EXT_EC_POINT_FORMATS, vec8(Buffer.from([0, 1, 2]))));
    extensions.push(ext(EXT_SIGNATURE_ALGORITHMS, vec16(list16(SIGNATURE_SCHEMES))));
    extensions.push(ext(EXT_STATUS_REQUEST, Buffer.from([1, 0, 0, 0, 0])));
    extensions.push(ext(EXT_SCT, Buffer.alloc(0)));
    extensions.push(ext(EXT_SESSION_TICKET, Buffer.alloc(0)));
    extensions.push(ext(EXT_ENCRYPT_THEN_MAC, Buffer.alloc(0)));
    extensions.push(ext(EXT_EXTENDED_MASTER_SECRET, Buffer.alloc(0)));
    extensions.push(ext(EXT_RENEGOTIATION_INFO, Buffer.from([0])));
    if (o.tls13) {
      extensions.push(ext(EXT_SUPPORTED_VERSIONS, vec8(list16([0x0304]))));
      extensions.push(ext(EXT_PSK_KEY_EXCHANGE_MODES, vec8(Buffer.from([1]))));
      const shares = (o.keyShares ?? []).map((s) => Buffer.concat([u16(s.group), vec16(s.key)]));
      extensions.push(ext(EXT_KEY_SHARE, vec16(Buffer.concat(shares))));
    }
  }
  const body = Buffer.concat([
    u16(o.version),
    randomBytes(32),
    vec8(o.tls13 ? randomBytes(32) : Buffer.alloc(0)),
    vec16(list16(o.suites)),
    vec8(Buffer.from(o.compression ?? [0])),
    ...(extensions.length ? [vec16(Buffer.concat(extensions))] : []),
  ]);
  const handshake = Buffer.concat([u8(1), u24(body.length), body]);
  // Record version: TLS 1.0 for every TLS hello (what browsers send), the hello's own for SSLv3 and TLCP.
  const recordVersion = o.version === 0x0300 || o.version === 0x0101 ? o.version : 0x0301;
  return Buffer.concat([u8(CONTENT_HANDSHAKE), u16(recordVersion), vec16(handshake)]);
}

/** SSLv2 CLIENT-HELLO offering the seven SSLv2 cipher kinds. */
export function sslv2ClientHello(): Buffer {
  const specs = Buffer.from([
    0x01, 0x00, 0x80, 0x02, 0x00, 0x80, 0x03, 0x00, 0x80, 0x04, 0x00, 0x80, 0x05, 0x00, 0x80, 0x06, 0x00, 0x40, 0x07,
    0x00, 0xc0,
  ]);
  const challenge = randomBytes(16);
  const body = Buffer.concat([u8(1), u16(0x0002), u16(specs.length), u16(0), u16(challenge.length), specs, challenge]);
  return Buffer.concat([u16(0x8000 | body.length), body]);
}

export interface ServerHello {
  version: number;
  /** The version the server picked: supported_versions when present, else the legacy field. */
  negotiated: number;
  suite: number;
  compression: number;
  helloRetry: boolean;
  /** TLS 1.3: the key-share group of a ServerHello, or the group a HelloRetryRequest asks for. */
  group?: number;
  extensions: Map<number, Buffer>;
}

export interface HandshakeMessage {
  type: number;
  body: Buffer;
}

export class WireError extends Error {}

export function parseServerHello(body: Buffer): ServerHello {
  let at = 0;
  const need = (n: number) => {
    if (at + n > body.length) throw new WireError('ServerHello is truncated');
  };
  need(2 + 32 + 1);
  const version = body.readUInt16BE(0);
  const random = body.subarray(2, 34);
  at = 34;
  const sidLen = body[at++];
  need(sidLen + 3);
  at += sidLen;
  const suite = body.readUInt16BE(at);
  at += 2;
  const compression = body[at++];
  const extensions = new Map<number, Buffer>();
  if (at + 2 <= body.length) {
    const total = body.readUInt16BE(at);
    at += 2;
    const end = at + total;
    if (end > body.length) throw new WireError('ServerHello extensions are truncated');
    while (at + 4 <= end) {
      const type = body.readUInt16BE(at);
      const len = body.readUInt16BE(at + 2);
      at += 4;
      if (at + len > end) throw new WireError('ServerHello extension is truncated');
      extensions.set(type, body.subarray(at, at + len));
      at += len;
    }
  }
  const helloRetry = random.equals(HRR_RANDOM);
  const sv = extensions.get(EXT_SUPPORTED_VERSIONS);
  const negotiated = sv && sv.length >= 2 ? sv.readUInt16BE(0) : version;
  const ks = extensions.get(EXT_KEY_SHARE);
  const group = ks && ks.length >= 2 ? ks.readUInt16BE(0) : undefined;
  return { version, negotiated, suite, compression, helloRetry, group, extensions };
}

/** Splits the concatenated handshake-record payloads into messages; returns the messages and the incomplete rest. */
export function splitHandshake(buf: Buffer): { messages: HandshakeMessage[]; rest: Buffer } {
  const messages: HandshakeMessage[] = [];
  let at = 0;
  while (at + 4 <= buf.length) {
    const len = (buf[at + 1] << 16) | (buf[at + 2] << 8) | buf[at + 3];
    if (at + 4 + len > buf.length) break;
    messages.push({ type: buf[at], body: buf.subarray(at + 4, at + 4 + len) });
    at += 4 + len;
  }
  return { messages, rest: buf.subarray(at) };
}

/** Certificate message (TLS ≤ 1.2 and TLCP): a 24-bit list of 24-bit DER certificates. */
export function parseCertificateMessage(body: Buffer): Buffer[] {
  if (body.length < 3) throw new WireError('Certificate message is truncated');
  const total = (body[0] << 16) | (body[1] << 8) | body[2];
  const end = Math.min(body.length, 3 + total);
  const certs: Buffer[] = [];
  let at = 3;
  while (at + 3 <= end) {
    const len = (body[at] << 16) | (body[at + 1] << 8) | body[at + 2];
    at += 3;
    if (at + len > end) throw new WireError('certificate entry is truncated');
    certs.push(body.subarray(at, at + len));
    at += len;
  }
  return certs;
}

export interface KeyExchangeParams {
  /** ECDHE named curve. */
  group?: number;
  /** DHE prime size in bits. */
  dhBits?: number;
}

/** The part of a ServerKeyExchange that says how strong the ephemeral key is. */
export function parseServerKeyExchange(body: Buffer, kex: 'ECDHE' | 'DHE'): KeyExchangeParams {
  if (kex === 'ECDHE') {
    if (body.length < 3 || body[0] !== 3) throw new WireError('ServerKeyExchange does not name a curve');
    return { group: body.readUInt16BE(1) };
  }
  if (body.length < 2) throw new WireError('ServerKeyExchange is truncated');
  let len = body.readUInt16BE(0);
  const p = body.subarray(2, 2 + len);
  if (p.length !== len) throw new WireError('ServerKeyExchange DH prime is truncated');
  let lead = 0;
  while (lead < p.length && p[lead] === 0) lead++;
  len = p.length - lead;
  const top = p[lead] ?? 0;
  return { dhBits: len === 0 ? 0 : (len - 1) * 8 + (32 - Math.clz32(top)) };
}

/** The SCT list a server sent in its ServerHello extension: how many SCTs it holds. */
export function countScts(list: Buffer): number {
  if (list.length < 2) return 0;
  const end = Math.min(list.length, 2 + list.readUInt16BE(0));
  let at = 2;
  let n = 0;
  while (at + 2 <= end) {
    at += 2 + list.readUInt16BE(at);
    if (at <= end) n++;
  }
  return n;
}

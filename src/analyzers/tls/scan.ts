import { generateKeyPairSync } from 'node:crypto';
import { probe, probeSslv2, type ProbeOutcome, type ProbeTarget } from './probe.js';
import {
  GROUPS,
  PROTOCOL_VERSION,
  TLS12_EC_GROUPS,
  TLS13_GROUPS,
  groupById,
  type Protocol,
  type ProtocolOrTlcp,
} from './registry.js';
import { LEGACY_SUITE_CODES, TLCP_SUITE_CODES, TLS13_SUITE_CODES, suiteByCode, RFC8998_SUITE_CODES } from './suites.js';
import {
  EXT_RENEGOTIATION_INFO,
  EXT_SCT,
  HS_CERTIFICATE,
  HS_CERTIFICATE_STATUS,
  HS_SERVER_KEY_EXCHANGE,
  SCSV_FALLBACK,
  clientHello,
  countScts,
  parseCertificateMessage,
  parseServerKeyExchange,
  sslv2ClientHello,
  type HelloOptions,
  WireError,
} from './wire.js';

export interface TlsScanOptions {
  host: string;
  port: number;
  /** SNI; omitted for IP addresses. */
  servername?: string;
  timeoutMs?: number;
  maxBytes?: number;
  /** Handshakes in flight at once against the one server. */
  concurrency?: number;
  signal?: AbortSignal;
  /** Skip the per-group probes (about fifty handshakes). */
  skipGroups?: boolean;
}

export interface ProtocolResult {
  offered: boolean;
  /** Why it counts as not offered (alert, version downgrade …). */
  note?: string;
  /** Accepted suites; in the server's order when it enforces one, else in the order found. */
  suites: number[];
  /** True: the server picks by its own order; false: it follows the client; undefined: fewer than two suites. */
  serverPreference?: boolean;
}

export interface TlsScan {
  host: string;
  port: number;
  servername?: string;
  protocols: Record<ProtocolOrTlcp, ProtocolResult>;
  /** Named groups accepted for ECDHE in TLS ≤ 1.2, and key-exchange groups in TLS 1.3. */
  groups: { tls12: number[]; tls13: number[] };
  /** DHE prime sizes seen, one per DHE probe. */
  dhBits?: number;
  /** Curve the server picks for ECDHE when offered all of them. */
  preferredCurve?: number;
  compression?: boolean;
  /** The server answers with the renegotiation_info extension (RFC 5746). */
  secureRenegotiation?: boolean;
  /** 'supported': the server refused a downgraded hello with inappropriate_fallback. */
  fallbackScsv: 'supported' | 'missing' | 'not-applicable' | 'unknown';
  /** Server's certificate chain as sent in a TLS ≤ 1.2 or TLCP handshake (DER). */
  certificates: Buffer[];
  /** TLCP certificates (signing, then encryption). */
  tlcpCertificates: Buffer[];
  /** SCTs delivered in the TLS extension (certificates may embed more). */
  tlsExtensionScts: number;
  /** A CertificateStatus (stapled OCSP) message arrived in the TLS ≤ 1.2 handshake. */
  stapledOcsp?: Buffer;
  /** Handshakes that ended in a timeout, garbage or an oversized answer: evidence that the scan is incomplete. */
  anomalies: string[];
  handshakes: number;
  durationMs: number;
  /** No handshake of any kind worked and every probe failed the same way: the host is not a TLS server. */
  unreachable?: string;
}

class Limiter {
  private running = 0;
  private queue: (() => void)[] = [];
  constructor(private readonly max: number) {}
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.running >= this.max) await new Promise<void>((r) => this.queue.push(r));
    this.running++;
    try {
      return await fn();
    } finally {
      this.running--;
      this.queue.shift()?.();
    }
  }
}

const ALL_GROUP_IDS = GROUPS.map((g) => g.id);

function x25519Share(): Buffer {
  const { publicKey } = generateKeyPairSync('x25519');
  return publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
}

/**
 * A full scan: which protocols the server speaks, every suite it accepts in each, whether it imposes its
 * own order, the key-exchange groups it takes, compression, secure renegotiation, downgrade protection,
 * and TLCP / RFC 8998 SM suites. Enumeration offers everything and strikes out what the server picked,
 * one handshake per accepted suite plus one; protocols are scanned side by side.
 */
export async function scanTls(o: TlsScanOptions): Promise<TlsScan> {
  const started = performance.now();
  const target: ProbeTarget = {
    host: o.host,
    port: o.port,
    timeoutMs: o.timeoutMs ?? 5_000,
    maxBytes: o.maxBytes ?? 256 * 1024,
    signal: o.signal,
  };
  const limiter = new Limiter(o.concurrency ?? 6);
  const anomalies: string[] = [];
  let handshakes = 0;
  const errors: string[] = [];
  const share = x25519Share();

  const send = (h: Omit<HelloOptions, 'servername'>, until?: 'server-hello' | 'hello-done') =>
    limiter.run(async (): Promise<ProbeOutcome> => {
      handshakes++;
      const out = await probe(target, clientHello({ ...h, servername: o.servername }), until);
      if (out.kind === 'error') {
        errors.push(out.reason);
        if (out.reason !== 'aborted') anomalies.push(`${out.reason}: ${out.detail}`);
      }
      return out;
    });

  const legacyHello = (version: number, suites: number[], extra: Partial<HelloOptions> = {}) =>
    ({
      version,
      suites,
      groups: ALL_GROUP_IDS,
      bare: version === PROTOCOL_VERSION.sslv3 || version === PROTOCOL_VERSION.tlcp,
      ...extra,
    }) satisfies Omit<HelloOptions, 'servername'>;
  const tls13Hello = (suites: number[], groups = TLS13_GROUPS, shares = [{ group: 29, key: share }]) =>
    ({ version: 0x0303, suites, tls13: true, groups, keyShares: shares }) satisfies Omit<HelloOptions, 'servername'>;

  /** Offers `offer`, strikes out the suite the server picks, until it refuses; the picks in order. */
  async function enumerate(
    make: (suites: number[]) => Omit<HelloOptions, 'servername'>,
    version: number,
    offer: number[],
  ): Promise<number[]> {
    const accepted: number[] = [];
    let remaining = [...offer];
    while (remaining.length) {
      const out = await send(make(remaining));
      if (out.kind !== 'hello' || out.serverHello.negotiated !== version) break;
      const pick = out.serverHello.suite;
      if (!remaining.includes(pick)) {
        anomalies.push(`the server picked ${pick.toString(16)}, which was not offered`);
        break;
      }
      accepted.push(pick);
      remaining = remaining.filter((c) => c !== pick);
    }
    return accepted;
  }

  /** Offers the accepted suites in reverse: a server that still picks the same first suite imposes its order. */
  async function preference(
    make: (suites: number[]) => Omit<HelloOptions, 'servername'>,
    accepted: number[],
  ): Promise<boolean | undefined> {
    if (accepted.length < 2) return undefined;
    const [a, b] = await Promise.all([send(make(accepted)), send(make([...accepted].reverse()))]);
    if (a.kind !== 'hello' || b.kind !== 'hello') return undefined;
    return a.serverHello.suite === b.serverHello.suite;
  }

  const empty = (note?: string): ProtocolResult => ({ offered: false, note, suites: [] });
  const protocols = {} as Record<ProtocolOrTlcp, ProtocolResult>;

  async function legacyProtocol(p: Exclude<Protocol, 'sslv2' | 'tls1.3'> | 'tlcp'): Promise<void> {
    const version = PROTOCOL_VERSION[p];
    const offer = p === 'tlcp' ? TLCP_SUITE_CODES : LEGACY_SUITE_CODES;
    const make = (s: number[]) => legacyHello(version, s);
    const first = await send(make(offer));
    if (first.kind !== 'hello') {
      protocols[p] = empty(first.kind === 'refused' ? first.reason : `${first.reason}: ${first.detail}`);
      return;
    }
    if (first.serverHello.negotiated !== version) {
      protocols[p] = empty(`the server answered with version 0x${first.serverHello.negotiated.toString(16)}`);
      return;
    }
    const rest = await enumerate(
      make,
      version,
      offer.filter((c) => c !== first.serverHello.suite),
    );
    const suites = [first.serverHello.suite, ...rest];
    protocols[p] = { offered: true, suites, serverPreference: await preference(make, suites) };
  }

  async function tls13(): Promise<void> {
    const offer = [...TLS13_SUITE_CODES];
    const make = (s: number[]) => tls13Hello(s);
    const suites = await enumerate(make, 0x0304, offer);
    if (!suites.length) {
      protocols['tls1.3'] = empty('no TLS 1.3 ServerHello');
      return;
    }
    protocols['tls1.3'] = { offered: true, suites, serverPreference: await preference(make, suites) };
  }

  async function sslv2(): Promise<void> {
    handshakes++;
    const r = await limiter.run(() => probeSslv2(target, sslv2ClientHello()));
    protocols.sslv2 = r.offered ? { offered: true, suites: [] } : empty(r.error);
  }

  await Promise.all([
    sslv2(),
    legacyProtocol('sslv3'),
    legacyProtocol('tls1.0'),
    legacyProtocol('tls1.1'),
    legacyProtocol('tls1.2'),
    tls13(),
    legacyProtocol('tlcp'),
  ]);

  const scan: TlsScan = {
    host: o.host,
    port: o.port,
    servername: o.servername,
    protocols,
    groups: { tls12: [], tls13: [] },
    fallbackScsv: 'unknown',
    certificates: [],
    tlcpCertificates: [],
    tlsExtensionScts: 0,
    anomalies,
    handshakes: 0,
    durationMs: 0,
  };

  const anyOffered = Object.values(protocols).some((p) => p.offered);
  if (!anyOffered) {
    const connect = errors.filter((e) => e === 'connect').length;
    if (errors.length && (connect === errors.length || errors.every((e) => e === errors[0])))
      scan.unreachable = anomalies[0] ?? errors[0];
    scan.handshakes = handshakes;
    scan.durationMs = performance.now() - started;
    return scan;
  }

  const legacyOrder: Exclude<Protocol, 'sslv2' | 'tls1.3'>[] = ['tls1.2', 'tls1.1', 'tls1.0', 'sslv3'];
  const best = legacyOrder.find((p) => protocols[p].offered);
  const followUps: Promise<void>[] = [];

  if (best) {
    const version = PROTOCOL_VERSION[best];
    const accepted = protocols[best].suites;
    // The first flight in full: certificates, stapled OCSP, SCTs, renegotiation_info, curve and DH size.
    followUps.push(
      (async () => {
        const out = await send(legacyHello(version, accepted), 'hello-done');
        if (out.kind !== 'hello') return;
        readFlight(scan, out, 'certificates');
        scan.secureRenegotiation = out.serverHello.extensions.has(EXT_RENEGOTIATION_INFO);
        const sct = out.serverHello.extensions.get(EXT_SCT);
        if (sct) scan.tlsExtensionScts = countScts(sct);
      })(),
    );
    const ecdhe = accepted.filter((c) => suiteByCode(c)?.kex === 'ECDHE');
    const dhe = accepted.filter((c) => suiteByCode(c)?.kex === 'DHE');
    if (ecdhe.length)
      followUps.push(
        (async () => {
          const out = await send(legacyHello(version, ecdhe, { groups: TLS12_EC_GROUPS }), 'hello-done');
          if (out.kind === 'hello') scan.preferredCurve = keyExchange(out, 'ECDHE').group;
        })(),
      );
    if (dhe.length)
      followUps.push(
        (async () => {
          const out = await send(legacyHello(version, dhe), 'hello-done');
          if (out.kind === 'hello') scan.dhBits = keyExchange(out, 'DHE').dhBits;
        })(),
      );
    followUps.push(
      (async () => {
        const out = await send(legacyHello(version, accepted, { compression: [1, 0] }));
        if (out.kind === 'hello') scan.compression = out.serverHello.compression !== 0;
      })(),
    );
    if (ecdhe.length && !o.skipGroups)
      followUps.push(
        (async () => {
          const results = await Promise.all(
            TLS12_EC_GROUPS.map(async (g) => {
              const out = await send(legacyHello(version, ecdhe, { groups: [g] }));
              return out.kind === 'hello' && out.serverHello.negotiated === version ? g : undefined;
            }),
          );
          scan.groups.tls12 = results.filter((g): g is number => g !== undefined);
        })(),
      );
  }

  if (protocols['tls1.3'].offered && !o.skipGroups)
    followUps.push(
      (async () => {
        const offer = protocols['tls1.3'].suites;
        const results = await Promise.all(
          TLS13_GROUPS.map(async (g) => {
            // No key share: a server that takes the group must ask for it in a HelloRetryRequest.
            const out = await send(tls13Hello(offer, [g], []));
            return out.kind === 'hello' && out.serverHello.negotiated === 0x0304 && out.serverHello.group === g
              ? g
              : undefined;
          }),
        );
        scan.groups.tls13 = results.filter((g): g is number => g !== undefined);
      })(),
    );

  if (protocols.tlcp.offered)
    followUps.push(
      (async () => {
        const out = await send(legacyHello(PROTOCOL_VERSION.tlcp, protocols.tlcp.suites), 'hello-done');
        if (out.kind === 'hello') readFlight(scan, out, 'tlcpCertificates');
      })(),
    );

  followUps.push(fallbackScsv(scan, send, legacyHello));
  await Promise.all(followUps);

  scan.handshakes = handshakes;
  scan.durationMs = performance.now() - started;
  return scan;
}

function readFlight(
  scan: TlsScan,
  out: Extract<ProbeOutcome, { kind: 'hello' }>,
  into: 'certificates' | 'tlcpCertificates',
) {
  for (const m of out.messages) {
    try {
      if (m.type === HS_CERTIFICATE) scan[into] = parseCertificateMessage(m.body);
      // CertificateStatus: status_type(1) = ocsp, then a 24-bit length and the DER OCSPResponse.
      if (m.type === HS_CERTIFICATE_STATUS && into === 'certificates' && m.body[0] === 1)
        scan.stapledOcsp = m.body.subarray(4);
    } catch (e) {
      if (!(e instanceof WireError)) throw e;
      scan.anomalies.push(
        `unreadable ${m.type === HS_CERTIFICATE ? 'Certificate' : 'CertificateStatus'}: ${e.message}`,
      );
    }
  }
}

function keyExchange(out: Extract<ProbeOutcome, { kind: 'hello' }>, kex: 'ECDHE' | 'DHE') {
  const ske = out.messages.find((m) => m.type === HS_SERVER_KEY_EXCHANGE);
  if (!ske) return {};
  try {
    return parseServerKeyExchange(ske.body, kex);
  } catch {
    return {};
  }
}

/**
 * RFC 7507: a hello below the server's best version carrying TLS_FALLBACK_SCSV must be refused with
 * inappropriate_fallback. Needs two versions to compare; otherwise there is nothing to downgrade to.
 */
async function fallbackScsv(
  scan: TlsScan,
  send: (h: Omit<HelloOptions, 'servername'>) => Promise<ProbeOutcome>,
  legacyHello: (v: number, s: number[]) => Omit<HelloOptions, 'servername'>,
): Promise<void> {
  const order: Protocol[] = ['tls1.3', 'tls1.2', 'tls1.1', 'tls1.0', 'sslv3'];
  const offered = order.filter((p) => scan.protocols[p].offered);
  if (offered.length < 2) {
    scan.fallbackScsv = 'not-applicable';
    return;
  }
  const lower = offered[1];
  const version = PROTOCOL_VERSION[lower];
  const out = await send(legacyHello(version, [...scan.protocols[lower].suites, SCSV_FALLBACK]));
  if (out.kind === 'refused' && out.alert === 86) scan.fallbackScsv = 'supported';
  else if (out.kind === 'hello') scan.fallbackScsv = 'missing';
  else scan.fallbackScsv = 'unknown';
}

export function rfc8998Suites(scan: TlsScan): number[] {
  return scan.protocols['tls1.3'].suites.filter((c) => RFC8998_SUITE_CODES.includes(c));
}

export function groupLabel(id: number): string {
  return groupById(id)?.name ?? `0x${id.toString(16)}`;
}

import { createServer, type Server, type Socket } from 'node:net';

/**
 * FAKE servers, for behaviour no real software on this machine produces:
 *  - a TLCP (GB/T 38636) and RFC 8998 responder: no TLCP stack is packaged for Debian, and OpenSSL 3.0
 *    offers neither the SM TLS 1.3 suites nor X25519MLKEM768. It answers a ClientHello with a scripted
 *    ServerHello (and, for TLCP, a Certificate message with the given certificates) and nothing more;
 *  - hostile endpoints: one that answers a ClientHello with garbage, one that stalls, one that streams
 *    bytes without end.
 * None of them completes a handshake or encrypts anything.
 */

export interface Fake {
  port: number;
  connections: number;
  stop(): Promise<void>;
}

async function listen(onSocket: (s: Socket, fake: Fake) => void): Promise<Fake> {
  const sockets = new Set<Socket>();
  const fake: Fake = { port: 0, connections: 0, stop: async () => {} };
  const server: Server = createServer((s) => {
    fake.connections++;
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => {});
    onSocket(s, fake);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  fake.port = (server.address() as { port: number }).port;
  fake.stop = () =>
    new Promise<void>((r) => {
      for (const s of sockets) s.destroy();
      server.close(() => r());
    });
  return fake;
}

interface Hello {
  version: number;
  suites: number[];
  supportedVersions: number[];
  groups: number[];
  keyShareGroups: number[];
}

function parseHello(rec: Buffer): Hello | undefined {
  if (rec[0] !== 22 || rec[5] !== 1) return undefined;
  const body = rec.subarray(9);
  let at = 0;
  const version = body.readUInt16BE(at);
  at += 2 + 32;
  at += 1 + body[at];
  const suitesLen = body.readUInt16BE(at);
  at += 2;
  const suites: number[] = [];
  for (let i = 0; i < suitesLen; i += 2) suites.push(body.readUInt16BE(at + i));
  at += suitesLen;
  at += 1 + body[at];
  const hello: Hello = { version, suites, supportedVersions: [], groups: [], keyShareGroups: [] };
  if (at + 2 > body.length) return hello;
  const end = at + 2 + body.readUInt16BE(at);
  at += 2;
  while (at + 4 <= end) {
    const type = body.readUInt16BE(at);
    const len = body.readUInt16BE(at + 2);
    const ext = body.subarray(at + 4, at + 4 + len);
    at += 4 + len;
    if (type === 43) for (let i = 1; i < ext.length; i += 2) hello.supportedVersions.push(ext.readUInt16BE(i));
    if (type === 10) for (let i = 2; i < ext.length; i += 2) hello.groups.push(ext.readUInt16BE(i));
    if (type === 51) {
      let k = 2;
      while (k + 4 <= ext.length) {
        hello.keyShareGroups.push(ext.readUInt16BE(k));
        k += 4 + ext.readUInt16BE(k + 2);
      }
    }
  }
  return hello;
}

const u16 = (n: number) => Buffer.from([n >> 8, n & 0xff]);
const u24 = (n: number) => Buffer.from([n >> 16, (n >> 8) & 0xff, n & 0xff]);
const HRR = Buffer.from('cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c', 'hex');

function record(type: number, version: number, payload: Buffer): Buffer {
  return Buffer.concat([Buffer.from([type]), u16(version), u16(payload.length), payload]);
}
function handshake(type: number, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from([type]), u24(body.length), body]);
}
function serverHello(version: number, suite: number, random: Buffer, extensions: Buffer[]): Buffer {
  const ext = Buffer.concat(extensions);
  return handshake(
    2,
    Buffer.concat([u16(version), random, Buffer.from([0]), u16(suite), Buffer.from([0]), u16(ext.length), ext]),
  );
}
const extension = (type: number, body: Buffer) => Buffer.concat([u16(type), u16(body.length), body]);
const alert = (desc: number, version = 0x0303) => record(21, version, Buffer.from([2, desc]));

export interface SmServerOptions {
  /** DER certificates sent in the TLCP Certificate message (signing first, then encryption). */
  tlcpCertificates: Buffer[];
  /** TLCP suites in the server's order of preference. */
  tlcpSuites?: number[];
  /** TLS 1.3 suites in the server's order. */
  tls13Suites?: number[];
  /** TLS 1.3 groups the server takes. */
  tls13Groups?: number[];
}

/** FAKE: a Chinese-cryptography front end that speaks TLCP and TLS 1.3 with SM suites, and nothing older. */
export function startFakeSmServer(o: SmServerOptions): Promise<Fake> {
  const tlcpSuites = o.tlcpSuites ?? [0xe013, 0xe011];
  const tls13Suites = o.tls13Suites ?? [0x00c6, 0x1301];
  const groups = o.tls13Groups ?? [41, 0x11ec];
  return listen((s) => {
    let buf = Buffer.alloc(0);
    s.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      if (buf.length < 5 || buf.length < 5 + buf.readUInt16BE(3)) return;
      const hello = parseHello(buf);
      const random = Buffer.alloc(32, 7);
      if (!hello) return s.end(alert(10));
      if (hello.supportedVersions.includes(0x0304)) {
        const suite = tls13Suites.find((c) => hello.suites.includes(c));
        const group = groups.find((g) => hello.groups.includes(g));
        if (suite === undefined || group === undefined) return s.end(alert(40));
        const shared = hello.keyShareGroups.includes(group);
        const sv = extension(43, u16(0x0304));
        const ks = shared
          ? extension(51, Buffer.concat([u16(group), u16(32), Buffer.alloc(32, 1)]))
          : extension(51, u16(group));
        return s.end(record(22, 0x0303, serverHello(0x0303, suite, shared ? random : HRR, [sv, ks])));
      }
      if (hello.version === 0x0101) {
        const suite = tlcpSuites.find((c) => hello.suites.includes(c));
        if (suite === undefined) return s.end(alert(40, 0x0101));
        const certs = Buffer.concat(o.tlcpCertificates.map((c) => Buffer.concat([u24(c.length), c])));
        const flight = Buffer.concat([
          serverHello(0x0101, suite, random, []),
          handshake(11, Buffer.concat([u24(certs.length), certs])),
          handshake(14, Buffer.alloc(0)),
        ]);
        return s.end(record(22, 0x0101, flight));
      }
      s.end(alert(70));
    });
  });
}

/** FAKE: answers every ClientHello with bytes that are not TLS. */
export function startGarbageServer(): Promise<Fake> {
  return listen((s) => s.once('data', () => s.end(Buffer.from('\x00\x01garbage, not a TLS record\r\n', 'latin1'))));
}

/** FAKE: accepts connections and never says anything. */
export function startStallingServer(): Promise<Fake> {
  return listen(() => {});
}

/** FAKE: answers with TLS handshake records that announce a 16 MiB ServerHello and never stop coming. */
export function startEndlessServer(): Promise<Fake> {
  return listen((s) => {
    s.once('data', () => {
      const filler = Buffer.alloc(16 * 1024, 0x41);
      s.write(record(22, 0x0303, Buffer.concat([Buffer.from([2, 0xff, 0xff, 0xff]), filler.subarray(4)])));
      const chunk = record(22, 0x0303, filler);
      const pump = () => {
        while (!s.destroyed && s.write(chunk));
        if (!s.destroyed) s.once('drain', pump);
      };
      pump();
    });
  });
}

/** FAKE: an HTTP server whose body never ends (for the HTTP checks' size and time bounds). */
export function startEndlessHttpServer(): Promise<Fake> {
  return listen((s) => {
    s.once('data', () => {
      s.write('HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n');
      const piece = `4000\r\n${'<p>'.padEnd(0x4000, 'x')}\r\n`;
      const pump = () => {
        while (!s.destroyed && s.write(piece));
        if (!s.destroyed) s.once('drain', pump);
      };
      pump();
    });
  });
}

import net from 'node:net';
import { ALERTS } from './registry.js';
import {
  CONTENT_ALERT,
  CONTENT_CHANGE_CIPHER_SPEC,
  CONTENT_HANDSHAKE,
  CONTENT_APPLICATION_DATA,
  HS_SERVER_HELLO,
  HS_SERVER_HELLO_DONE,
  parseServerHello,
  splitHandshake,
  WireError,
  type HandshakeMessage,
  type ServerHello,
} from './wire.js';

export interface ProbeTarget {
  host: string;
  port: number;
  /** Per handshake. */
  timeoutMs: number;
  /** Bytes read per handshake before the probe gives up on the server. */
  maxBytes: number;
  signal?: AbortSignal;
}

/** What one ClientHello got back. `refused` is an answer (alert or close); `error` means we could not tell. */
export type ProbeOutcome =
  | { kind: 'hello'; serverHello: ServerHello; messages: HandshakeMessage[] }
  | { kind: 'refused'; reason: string; alert?: number }
  | { kind: 'error'; reason: 'timeout' | 'garbage' | 'connect' | 'too-large' | 'aborted'; detail: string };

export type ReadUntil = 'server-hello' | 'hello-done';

function printable(b: Buffer): string {
  const s = b.subarray(0, 48).toString('latin1');
  // eslint-disable-next-line no-control-regex
  return JSON.stringify(s.replace(/[^\x20-\x7e]/g, '.'));
}

/**
 * Sends one ClientHello and reads the server's answer until the ServerHello (or, for `hello-done`, the
 * end of the server's first flight), bounded in time and bytes. A server that answers with something
 * that is not TLS, stalls, or streams without end gets an `error` outcome that says which.
 */
export function probe(t: ProbeTarget, hello: Buffer, until: ReadUntil = 'server-hello'): Promise<ProbeOutcome> {
  return new Promise((resolve) => {
    if (t.signal?.aborted) return resolve({ kind: 'error', reason: 'aborted', detail: 'aborted' });
    let settled = false;
    let received = 0;
    let pending: Buffer = Buffer.alloc(0);
    let handshake: Buffer = Buffer.alloc(0);
    const messages: HandshakeMessage[] = [];
    let serverHello: ServerHello | undefined;
    const socket = net.connect({ host: t.host, port: t.port });
    const finish = (o: ProbeOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      t.signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve(o);
    };
    const timer = setTimeout(
      () =>
        finish(
          serverHello
            ? { kind: 'hello', serverHello, messages }
            : { kind: 'error', reason: 'timeout', detail: `no ServerHello within ${t.timeoutMs} ms` },
        ),
      t.timeoutMs,
    );
    const onAbort = () => finish({ kind: 'error', reason: 'aborted', detail: 'aborted' });
    t.signal?.addEventListener('abort', onAbort, { once: true });

    socket.setNoDelay(true);
    socket.once('connect', () => socket.write(hello));
    socket.on('error', (e: NodeJS.ErrnoException) => {
      if (serverHello) return finish({ kind: 'hello', serverHello, messages });
      if (e.code === 'ECONNREFUSED' || e.code === 'EHOSTUNREACH' || e.code === 'ENOTFOUND' || !socket.remoteAddress)
        return finish({ kind: 'error', reason: 'connect', detail: `${t.host}:${t.port}: ${e.message}` });
      finish({ kind: 'refused', reason: `connection ${e.code === 'ECONNRESET' ? 'reset' : `error (${e.message})`}` });
    });
    socket.on('close', () =>
      finish(
        serverHello
          ? { kind: 'hello', serverHello, messages }
          : { kind: 'refused', reason: 'connection closed without an answer' },
      ),
    );
    socket.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > t.maxBytes) {
        return finish(
          serverHello && until === 'hello-done'
            ? { kind: 'hello', serverHello, messages }
            : {
                kind: 'error',
                reason: 'too-large',
                detail: `more than ${t.maxBytes} bytes before the handshake ended`,
              },
        );
      }
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      try {
        while (pending.length >= 5) {
          const type = pending[0];
          const major = pending[1];
          const len = pending.readUInt16BE(3);
          const known =
            type >= CONTENT_CHANGE_CIPHER_SPEC && type <= CONTENT_APPLICATION_DATA + 1 && (major === 3 || major === 1);
          if (!known || len > 16384 + 2048)
            return finish({ kind: 'error', reason: 'garbage', detail: `not a TLS record: ${printable(pending)}` });
          if (pending.length < 5 + len) break;
          const payload = pending.subarray(5, 5 + len);
          pending = pending.subarray(5 + len);
          if (type === CONTENT_ALERT) {
            if (serverHello) return finish({ kind: 'hello', serverHello, messages });
            const desc = payload[1];
            return finish({
              kind: 'refused',
              reason: `alert ${ALERTS[desc] ?? desc}`,
              alert: desc,
            });
          }
          if (type !== CONTENT_HANDSHAKE) {
            // TLS 1.3 servers follow the ServerHello with ChangeCipherSpec and encrypted records.
            if (serverHello) return finish({ kind: 'hello', serverHello, messages });
            return finish({ kind: 'error', reason: 'garbage', detail: `record type ${type} before the ServerHello` });
          }
          handshake = handshake.length ? Buffer.concat([handshake, payload]) : payload;
          const split = splitHandshake(handshake);
          handshake = split.rest;
          for (const m of split.messages) {
            if (!serverHello) {
              if (m.type !== HS_SERVER_HELLO)
                return finish({ kind: 'error', reason: 'garbage', detail: `handshake message ${m.type} first` });
              serverHello = parseServerHello(m.body);
              if (until === 'server-hello' || serverHello.helloRetry)
                return finish({ kind: 'hello', serverHello, messages });
              continue;
            }
            messages.push(m);
            if (m.type === HS_SERVER_HELLO_DONE) return finish({ kind: 'hello', serverHello, messages });
          }
        }
      } catch (e) {
        if (e instanceof WireError) return finish({ kind: 'error', reason: 'garbage', detail: e.message });
        throw e;
      }
    });
  });
}

/** SSLv2 answers with a two-byte header and SERVER-HELLO (type 4); its version field says 0x0002. */
export function probeSslv2(t: ProbeTarget, hello: Buffer): Promise<{ offered: boolean; error?: string }> {
  return new Promise((resolve) => {
    let settled = false;
    let buf: Buffer = Buffer.alloc(0);
    const socket = net.connect({ host: t.host, port: t.port });
    const finish = (r: { offered: boolean; error?: string }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(r);
    };
    const timer = setTimeout(() => finish({ offered: false, error: 'timeout' }), t.timeoutMs);
    socket.once('connect', () => socket.write(hello));
    socket.on('error', (e: NodeJS.ErrnoException) =>
      finish({ offered: false, error: e.code === 'ECONNREFUSED' ? e.message : undefined }),
    );
    socket.on('close', () => finish({ offered: false }));
    socket.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      if (buf.length > t.maxBytes) return finish({ offered: false, error: 'too-large' });
      if (buf.length < 2) return;
      if (!(buf[0] & 0x80)) return finish({ offered: false });
      if (buf.length < 2 + 11) return;
      const type = buf[2];
      const version = buf.readUInt16BE(5);
      const cipherSpecLength = buf.readUInt16BE(9);
      finish({ offered: type === 4 && version === 0x0002 && cipherSpecLength > 0 });
    });
  });
}

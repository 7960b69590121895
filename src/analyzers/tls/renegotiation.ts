import tls from 'node:tls';

export interface RenegotiationOutcome {
  /** accepted: the server renegotiated at the client's request (a CPU-exhaustion lever); refused; unknown. */
  clientInitiated: 'accepted' | 'refused' | 'unknown';
  detail: string;
}

/**
 * Completes a TLS ≤ 1.2 handshake and asks for a renegotiation (OpenSSL's SSL_renegotiate through
 * Node). TLS 1.3 has no renegotiation, so a TLS 1.3-only server is out of scope for this test.
 */
export function clientRenegotiation(o: {
  host: string;
  port: number;
  servername?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
}): Promise<RenegotiationOutcome> {
  const timeoutMs = o.timeoutMs ?? 6_000;
  return new Promise((resolve) => {
    let settled = false;
    const socket = tls.connect({
      host: o.host,
      port: o.port,
      servername: o.servername && !/^[\d.]+$|:/.test(o.servername) ? o.servername : undefined,
      rejectUnauthorized: false,
      minVersion: 'TLSv1',
      maxVersion: 'TLSv1.2',
      ciphers: 'ALL:@SECLEVEL=0',
    });
    const done = (r: RenegotiationOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      o.signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve(r);
    };
    const timer = setTimeout(
      () => done({ clientInitiated: 'unknown', detail: `no answer to the renegotiation within ${timeoutMs} ms` }),
      timeoutMs,
    );
    const onAbort = () => done({ clientInitiated: 'unknown', detail: 'aborted' });
    o.signal?.addEventListener('abort', onAbort, { once: true });
    let connected = false;
    socket.once('secureConnect', () => {
      connected = true;
      const started = socket.renegotiate({ rejectUnauthorized: false }, (err) =>
        done(
          err
            ? { clientInitiated: 'refused', detail: `renegotiation refused: ${err.message}` }
            : { clientInitiated: 'accepted', detail: 'the server renegotiated at the client’s request' },
        ),
      );
      if (!started) done({ clientInitiated: 'unknown', detail: 'the client could not start a renegotiation' });
      // A server that ignores the request never answers; a read keeps the exchange moving until it does.
      socket.write('');
    });
    socket.once('error', (e) =>
      done(
        connected
          ? { clientInitiated: 'refused', detail: `connection failed after the request: ${e.message}` }
          : { clientInitiated: 'unknown', detail: `no TLS ≤ 1.2 handshake: ${e.message}` },
      ),
    );
    socket.once('close', () =>
      done(
        connected
          ? { clientInitiated: 'refused', detail: 'the server closed the connection at the renegotiation request' }
          : { clientInitiated: 'unknown', detail: 'no TLS ≤ 1.2 handshake' },
      ),
    );
  });
}

import tls from 'node:tls';

export type TlsVersion = 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';
export const TLS_VERSIONS: TlsVersion[] = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];

export interface TlsProbe {
  host: string;
  port: number;
  servername?: string;
  minVersion?: TlsVersion;
  maxVersion?: TlsVersion;
  /** OpenSSL cipher string; `DEFAULT:@SECLEVEL=0` lets the probe offer what a legacy client would. */
  ciphers?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface TlsOutcome {
  accepted: boolean;
  protocol?: string;
  cipher?: string;
  subject?: string;
  issuer?: string;
  validTo?: string;
  /** Why the handshake failed, or why the certificate would not verify. */
  error?: string;
  authorized?: boolean;
}

/**
 * One handshake, nothing sent after it. Certificate checks are off on purpose: the probe records
 * whether the chain verifies instead of refusing to look.
 */
export function tlsHandshake(p: TlsProbe): Promise<TlsOutcome> {
  const timeoutMs = p.timeoutMs ?? 5_000;
  return new Promise((resolve) => {
    let settled = false;
    const done = (o: TlsOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      p.signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve(o);
    };
    const socket = tls.connect({
      host: p.host,
      port: p.port,
      servername: p.servername && !/^[\d.:]+$/.test(p.servername) ? p.servername : undefined,
      minVersion: p.minVersion,
      maxVersion: p.maxVersion,
      ciphers: p.ciphers,
      rejectUnauthorized: false,
    });
    const timer = setTimeout(() => done({ accepted: false, error: `no handshake within ${timeoutMs} ms` }), timeoutMs);
    const onAbort = () => done({ accepted: false, error: 'aborted' });
    p.signal?.addEventListener('abort', onAbort, { once: true });
    socket.once('secureConnect', () => {
      const cert = socket.getPeerCertificate();
      done({
        accepted: true,
        protocol: socket.getProtocol() ?? undefined,
        cipher: socket.getCipher()?.name,
        subject: cert?.subject ? String(cert.subject.CN ?? '') : undefined,
        issuer: cert?.issuer ? String(cert.issuer.CN ?? '') : undefined,
        validTo: cert?.valid_to,
        authorized: socket.authorized,
        error: socket.authorized ? undefined : String(socket.authorizationError ?? ''),
      });
    });
    socket.once('error', (e) => done({ accepted: false, error: e.message }));
    socket.once('close', () => done({ accepted: false, error: 'connection closed during the handshake' }));
  });
}

/** Which protocol versions the server completes a handshake with, legacy ones included. */
export async function acceptedTlsVersions(
  host: string,
  port: number,
  opts: { timeoutMs?: number; signal?: AbortSignal; servername?: string } = {},
): Promise<Record<TlsVersion, TlsOutcome>> {
  const out = {} as Record<TlsVersion, TlsOutcome>;
  for (const v of TLS_VERSIONS) {
    out[v] = await tlsHandshake({ host, port, minVersion: v, maxVersion: v, ciphers: 'DEFAULT:@SECLEVEL=0', ...opts });
  }
  return out;
}

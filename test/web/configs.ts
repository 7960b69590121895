import type { Pki } from './pki.js';
import { startNginx, startSServer, type Served } from './servers.js';

/** The spread of real TLS server configurations the scanner is compared on. */
export interface TlsConfig {
  name: string;
  /** What is planted or hardened, for the comparison table. */
  about: string;
  start(pki: Pki): Promise<Served>;
}

export const MOZILLA_INTERMEDIATE_CIPHERS =
  'ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:DHE-RSA-CHACHA20-POLY1305';

export const HARDENED_HEADERS = `
    add_header Strict-Transport-Security "max-age=63072000; includeSubDomains" always;
    add_header Content-Security-Policy "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'" always;
    add_header X-Content-Type-Options nosniff always;
    add_header X-Frame-Options DENY always;
    add_header Referrer-Policy no-referrer always;
    server_tokens off;`;

export const TLS_CONFIGS: TlsConfig[] = [
  {
    name: 'nginx-intermediate',
    about: 'nginx, TLS 1.2–1.3, Mozilla intermediate suites, RSA 2048, OCSP stapled, HSTS',
    start: (pki) =>
      startNginx({
        cert: pki.rsa.cert,
        key: pki.rsa.key,
        ciphers: MOZILLA_INTERMEDIATE_CIPHERS,
        staple: pki.rsa.ocsp,
        server: HARDENED_HEADERS,
      }),
  },
  {
    name: 'nginx-legacy',
    about: 'nginx, TLS 1.0–1.2, ALL:@SECLEVEL=0 (static RSA, CBC, anonymous, NULL), no HSTS',
    start: (pki) =>
      startNginx({
        cert: pki.rsa.cert,
        key: pki.rsa.key,
        protocols: 'TLSv1 TLSv1.1 TLSv1.2',
        ciphers: 'ALL:COMPLEMENTOFALL:@SECLEVEL=0',
      }),
  },
  {
    name: 'nginx-dual-cert',
    about: 'nginx, RSA and ECDSA certificates side by side, TLS 1.2–1.3, HIGH:!aNULL',
    start: (pki) =>
      startNginx({
        cert: [pki.rsa.cert, pki.ecdsa.cert],
        key: [pki.rsa.key, pki.ecdsa.key],
        ciphers: 'HIGH:!aNULL:!PSK:!SRP',
      }),
  },
  {
    name: 's_server-tls13-ecdsa',
    about: 'openssl s_server, TLS 1.3 only, ECDSA P-256',
    start: (pki) => startSServer(['-cert', pki.ecdsa.cert, '-key', pki.ecdsa.key, '-tls1_3']),
  },
  {
    name: 's_server-all-seclevel0',
    about: 'openssl s_server, TLS 1.0–1.3, ALL:COMPLEMENTOFALL:@SECLEVEL=0, certificate for another host',
    start: (pki) =>
      startSServer([
        '-cert',
        pki.wrongHost.cert,
        '-key',
        pki.wrongHost.key,
        '-cipher',
        'ALL:COMPLEMENTOFALL:@SECLEVEL=0',
      ]),
  },
  {
    name: 's_server-seed-legacy-provider',
    about: 'openssl s_server with the legacy provider: SEED suites Node cannot offer, TLS 1.0–1.2, self-signed',
    start: (pki) =>
      startSServer([
        '-provider',
        'legacy',
        '-provider',
        'default',
        '-cert',
        pki.selfSigned.cert,
        '-key',
        pki.selfSigned.key,
        '-no_tls1_3',
        '-cipher',
        'SEED-SHA:DHE-RSA-SEED-SHA:AES128-SHA:ECDHE-RSA-AES128-SHA:@SECLEVEL=0',
      ]),
  },
  {
    name: 's_server-tls10-rsa1024',
    about: 'openssl s_server, TLS 1.0 only, RSA 1024 / SHA-1 certificate, SECLEVEL=0',
    start: (pki) =>
      startSServer([
        '-cert',
        pki.rsa1024Sha1.cert,
        '-key',
        pki.rsa1024Sha1.key,
        '-tls1',
        '-cipher',
        'DEFAULT:@SECLEVEL=0',
      ]),
  },
  {
    name: 's_server-tls12-serverpref-expired',
    about: 'openssl s_server, TLS 1.2 only, server cipher order, expired certificate',
    start: (pki) =>
      startSServer([
        '-cert',
        pki.expired.cert,
        '-key',
        pki.expired.key,
        '-tls1_2',
        '-serverpref',
        '-cipher',
        'AES128-SHA:ECDHE-RSA-AES256-GCM-SHA384:DHE-RSA-AES128-SHA256:ECDHE-RSA-CHACHA20-POLY1305',
      ]),
  },
];

import { webcrypto } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

/**
 * The demo's wallet front end, served by the demo itself on loopback: an HTTPS site (self-signed
 * certificate made here, no openssl needed), the same site over plain HTTP, a "CDN" origin for its
 * third-party script, and a reverse proxy that forwards /rpc to the demo node. Deliberately weak in the
 * ways front ends are (no CSP or HSTS, a session cookie without flags, a login form posting over
 * plaintext, an unpinned third-party script, a proxied node RPC) so the web checks have something to say.
 */
export interface DemoWeb {
  httpsUrl: string;
  httpUrl: string;
  cdnUrl: string;
  stop(): Promise<void>;
}

const SITE = fileURLToPath(new URL('../../examples/demo/web/', import.meta.url));

const toPem = (label: string, der: ArrayBuffer) =>
  `-----BEGIN ${label}-----\n${Buffer.from(der)
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .trim()}\n-----END ${label}-----\n`;

/** A self-signed ECDSA P-256 certificate for localhost and 127.0.0.1, valid for two years (the planted long lifespan). */
async function selfSigned(): Promise<{ key: string; cert: string }> {
  const crypto = webcrypto as unknown as Crypto;
  pkijs.setEngine('node', new pkijs.CryptoEngine({ name: 'node', crypto }));
  const keys = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  const cert = new pkijs.Certificate();
  cert.version = 2;
  cert.serialNumber = new asn1js.Integer({ value: Date.now() % 2 ** 31 });
  const name = new pkijs.AttributeTypeAndValue({
    type: '2.5.4.3',
    value: new asn1js.Utf8String({ value: 'demo wallet' }),
  });
  cert.subject.typesAndValues.push(name);
  cert.issuer.typesAndValues.push(name);
  cert.notBefore.value = new Date(Date.now() - 60_000);
  cert.notAfter.value = new Date(Date.now() + 730 * 86_400_000);
  const san = new pkijs.AltName({
    altNames: [
      new pkijs.GeneralName({ type: 2, value: 'localhost' }),
      new pkijs.GeneralName({
        type: 7,
        value: new asn1js.OctetString({ valueHex: new Uint8Array([127, 0, 0, 1]).buffer }),
      }),
    ],
  });
  cert.extensions = [
    new pkijs.Extension({ extnID: '2.5.29.17', critical: false, extnValue: san.toSchema().toBER(false) }),
  ];
  await cert.subjectPublicKeyInfo.importKey(keys.publicKey);
  await cert.sign(keys.privateKey, 'SHA-256');
  return {
    cert: toPem('CERTIFICATE', cert.toSchema().toBER(false)),
    key: toPem('PRIVATE KEY', await crypto.subtle.exportKey('pkcs8', keys.privateKey)),
  };
}

function listen(server: http.Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

export async function startDemoWeb(rpcUrl: string): Promise<DemoWeb> {
  const { key, cert } = await selfSigned();
  const cdn = http.createServer((req, res) => {
    if (req.url === '/wallet-connect.js') {
      res.writeHead(200, { 'content-type': 'application/javascript' });
      res.end(readFileSync(`${SITE}cdn/wallet-connect.js`));
    } else res.writeHead(404).end();
  });
  const cdnPort = await listen(cdn);
  const cdnUrl = `http://localhost:${cdnPort}`;
  const rpc = new URL(rpcUrl);

  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/rpc' && req.method === 'POST') {
      const upstream = http.request(
        {
          host: rpc.hostname,
          port: rpc.port,
          path: '/',
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          timeout: 10_000,
        },
        (up) => {
          res.writeHead(up.statusCode ?? 502, { 'content-type': 'application/json' });
          up.pipe(res);
        },
      );
      upstream.on('error', () => res.writeHead(502).end());
      upstream.on('timeout', () => upstream.destroy());
      let size = 0;
      req.on('data', (d: Buffer) => {
        size += d.length;
        if (size > 1024 * 1024) req.destroy();
        else upstream.write(d);
      });
      req.on('end', () => upstream.end());
      return;
    }
    const headers = { 'x-powered-by': 'Express/4.18.2', server: 'demo-wallet/1.0' };
    if (path === '/' || path === '/index.html' || path === '/login') {
      const page = readFileSync(`${SITE}index.html`, 'utf8').replaceAll('CDN_ORIGIN', cdnUrl);
      res.writeHead(200, {
        ...headers,
        'content-type': 'text/html; charset=utf-8',
        'set-cookie': 'wallet_session=demo-session-token; Path=/',
      });
      return res.end(page);
    }
    if (path === '/app.js') {
      res.writeHead(200, { ...headers, 'content-type': 'application/javascript' });
      return res.end(readFileSync(`${SITE}app.js`));
    }
    res.writeHead(404, { ...headers, 'content-type': 'text/plain' }).end('not found');
  };
  const secure = https.createServer({ key, cert }, handler);
  const plain = http.createServer(handler);
  const [httpsPort, httpPort] = [await listen(secure), await listen(plain)];
  const close = (s: http.Server) =>
    new Promise<void>((r) => {
      s.closeAllConnections();
      s.close(() => r());
    });
  return {
    httpsUrl: `https://localhost:${httpsPort}/`,
    httpUrl: `http://localhost:${httpPort}/`,
    cdnUrl,
    stop: async () => {
      await Promise.all([close(secure), close(plain), close(cdn)]);
    },
  };
}

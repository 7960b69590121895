/**
 * A FAKE Kubernetes API server, for tests only. No kube-apiserver can run on these machines, so this
 * serves the recorded list responses in fixtures/live/api/ over HTTPS the way the API server does:
 * list paths for every group and namespace, `limit`/`continue` pagination (pages smaller than asked
 * for, as the real server may return), bearer tokens and client certificates, 401 for strangers and
 * 403 for what a limited service account may not list. It records every request so tests can check
 * that the audit only ever reads.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';

export const RECORDED = new URL('./fixtures/live/api/', import.meta.url);

export interface FakeAccount {
  /** Plural resource names this account is refused (403), e.g. `secrets`. */
  forbidden: string[];
}

export interface FakeApiServer {
  url: string;
  /** PEM of the server certificate (its own CA). */
  ca: string;
  /** A client certificate and key the server accepts, PEM. */
  client: { cert: string; key: string };
  requests: { method: string; path: string; auth: string }[];
  close(): Promise<void>;
}

function certificate(dir: string, name: string, subject: string, san?: string): { cert: string; key: string } {
  const cert = join(dir, `${name}.crt`);
  const key = join(dir, `${name}.key`);
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '2',
      '-subj',
      subject,
      ...(san ? ['-addext', `subjectAltName=${san}`] : []),
    ],
    { stdio: 'ignore' },
  );
  return { cert: readFileSync(cert, 'utf8'), key: readFileSync(key, 'utf8') };
}

function recorded(plural: string): { kind: string; apiVersion: string; items: Record<string, unknown>[] } | undefined {
  try {
    return JSON.parse(readFileSync(new URL(`${plural}.json`, RECORDED), 'utf8'));
  } catch {
    return undefined;
  }
}

export async function startFakeApiServer(opts: {
  dir: string;
  tokens: Record<string, FakeAccount>;
  /** Largest page the server returns, whatever `limit` asks. */
  pageSize: number;
}): Promise<FakeApiServer> {
  const server = certificate(opts.dir, 'apiserver', '/CN=kube-apiserver', 'IP:127.0.0.1,DNS:localhost');
  const client = certificate(opts.dir, 'admin', '/O=system:masters/CN=admin');
  writeFileSync(join(opts.dir, 'ca.crt'), server.cert);
  const requests: FakeApiServer['requests'] = [];
  const https: Server = createServer(
    { cert: server.cert, key: server.key, ca: [client.cert], requestCert: true, rejectUnauthorized: false },
    (req, res) => {
      const url = new URL(req.url ?? '/', 'https://127.0.0.1');
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      const peer = (req.socket as TLSSocket).getPeerCertificate();
      const byCert = (req.socket as TLSSocket).authorized && peer?.subject?.CN === 'admin';
      const account = bearer ? opts.tokens[bearer] : byCert ? { forbidden: [] } : undefined;
      requests.push({
        method: req.method ?? '',
        path: url.pathname,
        auth: bearer ? 'token' : byCert ? 'cert' : 'none',
      });
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      const status = (code: number, reason: string, message: string) =>
        send(code, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code });
      if (req.method !== 'GET') return status(405, 'MethodNotAllowed', `${req.method} is not served by this fake`);
      if (!account) return status(401, 'Unauthorized', 'Unauthorized');
      const m = /^\/(?:api\/v1|apis\/[^/]+\/[^/]+)(?:\/namespaces\/([^/]+))?\/([a-z]+)$/.exec(url.pathname);
      if (!m) return status(404, 'NotFound', 'the server could not find the requested resource');
      const [, namespace, plural] = m;
      if (account.forbidden.includes(plural)) {
        const who = `system:serviceaccount:audit:${bearer === undefined ? 'admin' : 'limited-auditor'}`;
        return status(
          403,
          'Forbidden',
          `${plural} is forbidden: User "${who}" cannot list resource "${plural}" in API group "" ${namespace ? `in the namespace "${namespace}"` : 'at the cluster scope'}`,
        );
      }
      const list = recorded(plural);
      if (!list) return status(404, 'NotFound', 'the server could not find the requested resource');
      const items = namespace
        ? list.items.filter((i) => (i.metadata as { namespace?: string }).namespace === namespace)
        : list.items;
      const limit = Math.min(Number(url.searchParams.get('limit') ?? items.length) || items.length, opts.pageSize);
      const start = Number(Buffer.from(url.searchParams.get('continue') ?? 'MA==', 'base64').toString()) || 0;
      const page = items.slice(start, start + limit);
      const next = start + limit < items.length ? Buffer.from(String(start + limit)).toString('base64') : undefined;
      send(200, {
        kind: list.kind,
        apiVersion: list.apiVersion,
        metadata: {
          resourceVersion: '200000',
          ...(next ? { continue: next, remainingItemCount: items.length - start - limit } : {}),
        },
        items: page,
      });
    },
  );
  await new Promise<void>((resolve) => https.listen(0, '127.0.0.1', resolve));
  const { port } = https.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    ca: server.cert,
    client,
    requests,
    close: () => new Promise((resolve) => https.close(() => resolve())),
  };
}

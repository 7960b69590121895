import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * FAKE node: a hand-written hostile JSON-RPC server for behaviours no real node shows — an
 * endless body, a slow drip, invalid UTF-8, a 1 GB answer, absurd nesting, a hostile version
 * string, an HTML page, an empty 200, JSON that is not JSON-RPC. The path of the URL selects the
 * behaviour. A path ending in `+chainid` answers the audit's reachability question like a node
 * (`eth_chainId`, or `getblockchaininfo` for a Bitcoin-family target), so every check meets the
 * hostile answers itself; `+chainid-auth`
 * does so only for requests that carry an Authorization header (a gateway that shows anonymous
 * callers a sign-in page with HTTP 200).
 */
export interface FakeHostileServer {
  url(behaviour: Behaviour, opts?: { answerChainId?: boolean | 'authenticated' }): string;
  /** Bytes the server managed to push before clients hung up, per behaviour. */
  bytesSent: Record<string, number>;
  close(): Promise<void>;
}

export type Behaviour =
  | 'endless'
  | 'slow-drip'
  | 'invalid-utf8'
  | 'gigabyte'
  | 'deep-nesting'
  | 'hostile-version'
  | 'html'
  | 'empty'
  | 'not-json-rpc';

export const HOSTILE_VERSION = '<img src=x onerror=alert(1)>\u001b[31m\u0000Geth/v1.10.7-stable/linux-amd64/go1.16.7';
const GIGABYTE = 1024 ** 3;
const POLITE: Record<string, unknown> = {
  eth_chainId: '0x539',
  getblockchaininfo: {
    chain: 'regtest',
    blocks: 0,
    headers: 0,
    bestblockhash: '0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206',
    mediantime: 1296688602,
    verificationprogress: 1,
    initialblockdownload: false,
  },
};

function pump(res: ServerResponse, chunk: Buffer, limit: number, count: (n: number) => void): void {
  let sent = 0;
  const write = () => {
    while (sent < limit) {
      sent += chunk.length;
      count(chunk.length);
      if (!res.write(chunk)) return void res.once('drain', write);
    }
    res.end();
  };
  res.on('close', () => (sent = limit));
  write();
}

export async function startFakeHostileServer(): Promise<FakeHostileServer> {
  const bytesSent: Record<string, number> = {};
  const timers = new Set<NodeJS.Timeout>();
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').slice(1);
    const behaviour = path.replace(/\+chainid(-auth)?$/, '') as Behaviour;
    const politeChainId =
      path.endsWith('+chainid') || (path.endsWith('+chainid-auth') && req.headers.authorization !== undefined);
    const count = (n: number) => (bytesSent[behaviour] = (bytesSent[behaviour] ?? 0) + n);
    let body = '';
    req.on('data', (d: Buffer) => {
      if (body.length < 65536) body += d.toString('utf8');
    });
    req.on('end', () => {
      let id: unknown = 1;
      let method = '';
      try {
        const parsed = JSON.parse(body) as { id?: unknown; method?: string };
        id = parsed.id ?? 1;
        method = parsed.method ?? '';
      } catch {
        // hostile servers answer garbage with garbage
      }
      if (politeChainId && method in POLITE) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ jsonrpc: '2.0', id, result: POLITE[method] }));
        return;
      }
      switch (behaviour) {
        case 'endless':
          res.writeHead(200, { 'content-type': 'application/json' });
          res.write('{"jsonrpc":"2.0","id":1,"result":"');
          pump(res, Buffer.alloc(64 * 1024, 'a'), Number.MAX_SAFE_INTEGER, count);
          return;
        case 'gigabyte':
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(GIGABYTE) });
          pump(res, Buffer.alloc(64 * 1024, ' '), GIGABYTE, count);
          return;
        case 'slow-drip': {
          res.writeHead(200, { 'content-type': 'application/json' });
          const timer = setInterval(() => {
            count(1);
            res.write(' ');
          }, 300);
          timers.add(timer);
          res.on('close', () => {
            clearInterval(timer);
            timers.delete(timer);
          });
          return;
        }
        case 'invalid-utf8':
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(
            Buffer.concat([
              Buffer.from(`{"jsonrpc":"2.0","id":${JSON.stringify(id)},"result":"`),
              Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80]),
              Buffer.from('"}'),
            ]),
          );
          return;
        case 'deep-nesting':
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(`{"jsonrpc":"2.0","id":${JSON.stringify(id)},"result":${'['.repeat(200_000)}${']'.repeat(200_000)}}`);
          return;
        case 'hostile-version':
          res.writeHead(200, {
            'content-type': 'application/json',
            'access-control-allow-origin': HOSTILE_VERSION.replace(/[^\x20-\x7e]/g, ''),
          });
          res.end(
            JSON.stringify({
              jsonrpc: '2.0',
              id,
              result:
                method === 'web3_clientVersion'
                  ? HOSTILE_VERSION
                  : method === 'eth_accounts'
                    ? [HOSTILE_VERSION]
                    : HOSTILE_VERSION,
            }),
          );
          return;
        case 'html':
          res.writeHead(200, { 'content-type': 'text/html' });
          res.end('<!doctype html><html><head><title>Sign in</title></head><body><form>…</form></body></html>');
          return;
        case 'empty':
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': '0' });
          res.end();
          return;
        case 'not-json-rpc':
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ status: 'ok', data: [] }));
          return;
        default:
          res.writeHead(404).end();
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (b, opts) =>
      `http://127.0.0.1:${port}/${b}${opts?.answerChainId === 'authenticated' ? '+chainid-auth' : opts?.answerChainId ? '+chainid' : ''}`,
    bytesSent,
    close: async () => {
      for (const t of timers) clearInterval(t);
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

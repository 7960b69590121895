import { randomBytes } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';

export interface WsHandshake {
  /** 101 when the upgrade was accepted. */
  status: number;
  headers: Record<string, string | string[] | undefined>;
}

/**
 * Opens a WebSocket handshake with the given Origin and closes the connection as soon as the
 * server has answered: enough to see whether the origin is accepted, nothing is sent after it.
 */
export function wsHandshake(
  url: string,
  origin: string,
  timeoutMs: number,
  signal?: AbortSignal,
  extraHeaders: Record<string, string> = {},
): Promise<WsHandshake> {
  const u = new URL(url.replace(/^ws/, 'http'));
  const lib = u.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      req.destroy();
      fn();
    };
    const req = lib.request(u, {
      method: 'GET',
      agent: false,
      headers: {
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': randomBytes(16).toString('base64'),
        origin,
        ...extraHeaders,
      },
    });
    const timer = setTimeout(
      () => finish(() => reject(new Error(`no WebSocket handshake answer within ${timeoutMs} ms`))),
      timeoutMs,
    );
    const onAbort = () => finish(() => reject(new Error('aborted')));
    signal?.addEventListener('abort', onAbort, { once: true });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      finish(() => resolve({ status: res.statusCode ?? 101, headers: res.headers }));
    });
    req.on('response', (res) => {
      res.resume();
      finish(() => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on('error', (err) => finish(() => reject(err)));
    req.end();
  });
}

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer, type ServeOptions } from '../../../src/server/index.js';

export interface TestServer extends RunningServer {
  stop(): Promise<void>;
}

/** A real server on a free loopback port, over SQLite in a fresh folder or the given PostgreSQL database. */
export async function startTestServer(
  opts: { databaseUrl?: string } & Partial<ServeOptions> = {},
): Promise<TestServer> {
  const own = !opts.databaseUrl && !opts.dataDir;
  const dataDir = own ? mkdtempSync(join(tmpdir(), 'chainaudit-server-')) : opts.dataDir;
  const server = await startServer({
    host: '127.0.0.1',
    port: 0,
    toolVersion: '0.1.0',
    rateLimit: { perMinute: 100_000, loginPer15Min: 1000 },
    ...opts,
    dataDir,
  });
  return {
    ...server,
    async stop() {
      await server.close();
      if (own && dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Answer<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** Calls the API as a browser session (cookie + CSRF header) or as a token holder. */
export class Client {
  constructor(
    readonly base: string,
    readonly auth: { token?: string; cookie?: string; csrf?: string } = {},
  ) {}

  async call<T = any>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Answer<T>> {
    const h: Record<string, string> = { ...headers };
    if (this.auth.token) h.authorization = `Bearer ${this.auth.token}`;
    if (this.auth.cookie) h.cookie = this.auth.cookie;
    if (this.auth.csrf && method !== 'GET') h['x-csrf-token'] = this.auth.csrf;
    if (body !== undefined) h['content-type'] = 'application/json';
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: h,
      body: body === undefined ? undefined : JSON.stringify(body),
      redirect: 'manual',
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // HTML or empty
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  get<T = any>(path: string) {
    return this.call<T>('GET', path);
  }
  post<T = any>(path: string, body?: unknown) {
    return this.call<T>('POST', path, body ?? {});
  }
  put<T = any>(path: string, body?: unknown) {
    return this.call<T>('PUT', path, body ?? {});
  }
  patch<T = any>(path: string, body?: unknown) {
    return this.call<T>('PATCH', path, body ?? {});
  }
  delete<T = any>(path: string) {
    return this.call<T>('DELETE', path);
  }
}

export function sessionCookie(headers: Headers): string {
  const set = headers.getSetCookie().find((c) => /^(__Host-chainaudit|chainaudit_session)=/.test(c));
  if (!set) throw new Error(`no session cookie in ${headers.getSetCookie().join(' | ')}`);
  return set.split(';')[0];
}

async function sessionFrom(base: string, headers: Headers): Promise<Client> {
  const cookie = sessionCookie(headers);
  const me = await new Client(base, { cookie }).get('/api/v1/auth/me');
  return new Client(base, { cookie, csrf: me.body.csrfToken });
}

export const ADMIN_PASSWORD = 'correct horse battery staple';

/** Redeems the first-admin link the server printed, as the first person to open it would. */
export async function firstAdmin(server: RunningServer): Promise<Client> {
  const token = new URL(server.firstAdminUrl!).searchParams.get('token');
  const res = await new Client(server.url).post('/api/v1/auth/setup', {
    token,
    username: 'admin',
    password: ADMIN_PASSWORD,
  });
  if (res.status !== 200) throw new Error(`setup failed: ${res.status} ${JSON.stringify(res.body)}`);
  return sessionFrom(server.url, res.headers);
}

export async function login(base: string, username: string, password: string): Promise<Client> {
  const res = await new Client(base).post('/api/v1/auth/login', { username, password });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return sessionFrom(base, res.headers);
}

/** Creates a user through the API and sets their password through their one-time link. */
export async function addUser(
  admin: Client,
  username: string,
  password: string,
  isAdmin = false,
): Promise<{ id: string; client: Client }> {
  const created = await admin.post('/api/v1/users', { username, isAdmin });
  if (created.status !== 201) throw new Error(`create user: ${created.status} ${JSON.stringify(created.body)}`);
  const token = new URL(created.body.setupUrl).searchParams.get('token');
  const res = await new Client(admin.base).post('/api/v1/auth/setup', { token, password });
  if (res.status !== 200) throw new Error(`setup ${username}: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: created.body.id, client: await sessionFrom(admin.base, res.headers) };
}

export async function newToken(
  session: Client,
  scopes: string[],
  extra: { projectId?: string; expiresInDays?: number; name?: string } = {},
): Promise<string> {
  const res = await session.post('/api/v1/tokens', { name: extra.name ?? 'test', scopes, ...extra });
  if (res.status !== 201) throw new Error(`token: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.token;
}

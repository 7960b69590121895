import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKEN_SCOPES } from '../../src/server/auth/roles.js';
import { addUser, Client, firstAdmin, newToken, startTestServer, type TestServer } from './support/harness.js';
import { buildReport } from './support/reports.js';

/** Routes anyone may call, each for a reason; any other route must refuse a caller without rights. */
const PUBLIC: Record<string, string> = {
  'GET /api/v1/health': 'load balancers and monitors',
  'POST /api/v1/auth/login': 'signing in',
  'POST /api/v1/auth/logout': 'ends whatever session the cookie names',
  'POST /api/v1/auth/setup': 'redeems a one-time setup link',
  'GET /api/v1/auth/oidc/start': 'starts single sign-on',
  'GET /api/v1/auth/oidc/callback': 'the provider returns here',
};
const PUBLIC_PAGES = new Set(['/login', '/setup', '/static/:name']);

describe('server security', () => {
  let server: TestServer;
  let admin: Client;
  let projectA: string;
  let projectB: string;
  let doc: {
    paths: Record<
      string,
      Record<string, { security: unknown[]; 'x-required-scope'?: string; 'x-session-only'?: boolean }>
    >;
  };
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    server = await startTestServer();
    admin = await firstAdmin(server);
    projectA = (await admin.post('/api/v1/projects', { name: 'A' })).body.id;
    projectB = (await admin.post('/api/v1/projects', { name: 'B' })).body.id;
    doc = (await admin.get('/api/v1/openapi.json')).body;
    tokens.expired = await newToken(admin, [...TOKEN_SCOPES], { name: 'expired' });
    await server.ctx.db.db
      .updateTable('api_tokens')
      .set({ expires_at: '2000-01-01T00:00:00.000Z' })
      .where('name', '=', 'expired')
      .execute();
    tokens.otherProject = await newToken(admin, [...TOKEN_SCOPES], { projectId: projectB, name: 'project B' });
    for (const scope of TOKEN_SCOPES)
      tokens[`all-but-${scope}`] = await newToken(
        admin,
        TOKEN_SCOPES.filter((s) => s !== scope && s !== 'admin'),
        { name: `no ${scope}` },
      );
    await new Client(server.url, { token: await newToken(admin, ['runs:write'], { projectId: projectA }) }).post(
      `/api/v1/projects/${projectA}/runs`,
      buildReport('r1', [{ checkId: 'evm.rpc.no-auth', targetId: 'n1', status: 'fail' }]),
    );
  });
  afterAll(async () => {
    await server?.stop();
  });

  const apiRoutes = () => server.app.registeredRoutes.filter((r) => r.url.startsWith('/api/v1/'));
  const fill = (url: string) => url.replace(':projectId', projectA).replace(/:(\w+)/g, 'x');
  const spec = (r: { method: string; url: string }) =>
    doc.paths[r.url.replace(/:(\w+)/g, '{$1}')]?.[r.method.toLowerCase()];

  it('documents every API route, and only the listed ones are public', () => {
    const routes = apiRoutes();
    expect(routes.length).toBeGreaterThan(30);
    for (const r of routes) expect(spec(r), `${r.method} ${r.url} missing from openapi.json`).toBeDefined();
    const open = routes.filter((r) => spec(r)!.security.length === 0).map((r) => `${r.method} ${r.url}`);
    expect(open.sort()).toEqual(Object.keys(PUBLIC).sort());
  });

  it('every protected API route refuses a missing, expired, wrong-scope or other-project token', async () => {
    const checked: string[] = [];
    for (const r of apiRoutes()) {
      const name = `${r.method} ${r.url}`;
      if (PUBLIC[name]) continue;
      const url = fill(r.url);
      const body = r.method === 'GET' || r.method === 'DELETE' ? undefined : {};
      const call = (token?: string) => new Client(server.url, { token }).call(r.method, url, body);
      expect((await call()).status, `${name} without a token`).toBe(401);
      expect((await call(tokens.expired)).status, `${name} with an expired token`).toBe(401);
      expect((await call(tokens.otherProject)).status, `${name} with project B's token`).toBe(403);
      const s = spec(r)!;
      if (s['x-session-only']) expect((await call(tokens['all-but-admin'])).status, `${name} with any token`).toBe(403);
      else if (s['x-required-scope'])
        expect((await call(tokens[`all-but-${s['x-required-scope']}`])).status, `${name} without its scope`).toBe(403);
      else expect(['GET /api/v1/openapi.json', 'GET /api/v1/auth/me']).toContain(name);
      checked.push(name);
    }
    expect(checked.length).toBeGreaterThan(30);
  });

  it('every page needs a signed-in session', async () => {
    const pages = server.app.registeredRoutes.filter(
      (r) => r.method === 'GET' && !r.url.startsWith('/api/') && !PUBLIC_PAGES.has(r.url),
    );
    expect(pages.length).toBeGreaterThan(8);
    const token = await newToken(admin, [...TOKEN_SCOPES]);
    for (const p of pages) {
      for (const auth of [{}, { token }]) {
        const res = await new Client(server.url, auth).call('GET', fill(p.url), undefined, { accept: 'text/html' });
        expect(res.status, p.url).toBe(302);
        expect(res.headers.get('location')).toMatch(/^\/login/);
      }
    }
  });

  it('scopes roles per project', async () => {
    const viewer = await addUser(admin, 'victor', 'victor long password');
    await admin.put(`/api/v1/projects/${projectA}/members`, { userId: viewer.id, role: 'viewer' });
    expect((await viewer.client.get(`/api/v1/projects/${projectA}/findings`)).status).toBe(200);
    expect((await viewer.client.get(`/api/v1/projects/${projectB}/findings`)).status).toBe(403);
    const f = (await viewer.client.get(`/api/v1/projects/${projectA}/findings`)).body.findings[0];
    expect(
      (await viewer.client.post(`/api/v1/projects/${projectA}/findings/${f.id}/transitions`, { to: 'open' })).status,
    ).toBe(403);
    expect((await viewer.client.post('/api/v1/projects', { name: 'mine' })).status).toBe(403);
    expect((await viewer.client.get('/api/v1/projects')).body.map((p: { name: string }) => p.name)).toEqual(['A']);
  });

  it('refuses cookie-authenticated writes without the CSRF token or from another site', async () => {
    const noCsrf = new Client(server.url, { cookie: admin.auth.cookie });
    expect((await noCsrf.post('/api/v1/projects', { name: 'csrf' })).status).toBe(403);
    const crossSite = await admin.call(
      'POST',
      '/api/v1/projects',
      { name: 'csrf2' },
      { origin: 'https://evil.example' },
    );
    expect(crossSite.status).toBe(403);
    expect((await admin.post('/api/v1/projects', { name: 'csrf3' })).status).toBe(201);
  });

  it('sets hardened headers and a session cookie that scripts cannot read', async () => {
    const res = await new Client(server.url).post('/api/v1/auth/login', {
      username: 'admin',
      password: 'correct horse battery staple',
    });
    const cookie = res.headers.getSetCookie().join(';');
    expect(cookie).toMatch(/__Host-chainaudit=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/Secure/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const page = await new Client(server.url).call('GET', '/login');
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect(page.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  });

  it('limits sign-in attempts per account and address', async () => {
    const limited = await startTestServer({ rateLimit: { loginPer15Min: 3, perMinute: 1000 } });
    try {
      await firstAdmin(limited);
      const attempt = (password: string) =>
        new Client(limited.url).post('/api/v1/auth/login', { username: 'admin', password });
      for (let i = 0; i < 3; i++) expect((await attempt('wrong')).status).toBe(401);
      expect((await attempt('correct horse battery staple')).status).toBe(429);
    } finally {
      await limited.stop();
    }
  });
});

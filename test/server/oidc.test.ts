import type { Server } from 'node:http';
import Provider from 'oidc-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/ports.js';
import { Client, firstAdmin, startTestServer, type TestServer } from './support/harness.js';

/** A minimal cookie jar and redirect follower: what a browser does between the server and the provider. */
class Browser {
  private jar = new Map<string, Map<string, string>>();

  private cookieHeader(url: URL): string {
    return [...(this.jar.get(url.host) ?? new Map()).entries()].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private store(url: URL, res: Response) {
    const cookies = this.jar.get(url.host) ?? new Map<string, string>();
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i);
      const value = pair.slice(i + 1);
      if (/expires=Thu, 01 Jan 1970/i.test(c) || value === '') cookies.delete(name);
      else cookies.set(name, value);
    }
    this.jar.set(url.host, cookies);
  }

  async go(
    start: string,
    init: { method?: string; form?: Record<string, string> } = {},
  ): Promise<{ url: URL; res: Response; body: string }> {
    let url = new URL(start);
    let method = init.method ?? 'GET';
    let body: string | undefined = init.form ? new URLSearchParams(init.form).toString() : undefined;
    for (let hops = 0; hops < 20; hops++) {
      const res = await fetch(url, {
        method,
        redirect: 'manual',
        body,
        headers: {
          cookie: this.cookieHeader(url),
          accept: 'text/html',
          ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
      });
      this.store(url, res);
      const location = res.headers.get('location');
      if (res.status >= 300 && res.status < 400 && location) {
        url = new URL(location, url);
        method = 'GET';
        body = undefined;
        continue;
      }
      return { url, res, body: await res.text() };
    }
    throw new Error('too many redirects');
  }

  /** Submits the page's only form with its hidden fields plus the given ones. */
  async submit(page: { url: URL; body: string }, fields: Record<string, string> = {}) {
    const form = /<form[^>]*action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/i.exec(page.body);
    if (!form) throw new Error(`no form on ${page.url}: ${page.body.slice(0, 300)}`);
    const hidden: Record<string, string> = {};
    for (const m of form[2].matchAll(/<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"/gi))
      hidden[m[1]] = m[2];
    return this.go(new URL(form[1], page.url).href, { method: 'POST', form: { ...hidden, ...fields } });
  }

  cookie(host: string, name: string): string | undefined {
    return this.jar.get(host)?.get(name);
  }
}

describe('single sign-on against a real OpenID provider', () => {
  let server: TestServer;
  let idp: Server;
  let issuer: string;

  beforeAll(async () => {
    const idpPort = await freePort();
    issuer = `http://127.0.0.1:${idpPort}`;
    server = await startTestServer({
      oidc: { issuer, clientId: 'chainaudit', clientSecret: 'a client secret of some length', label: 'Test IdP' },
    });
    const provider = new Provider(issuer, {
      clients: [
        {
          client_id: 'chainaudit',
          client_secret: 'a client secret of some length',
          redirect_uris: [`${server.url}/api/v1/auth/oidc/callback`],
          grant_types: ['authorization_code'],
          response_types: ['code'],
        },
      ],
      claims: { openid: ['sub'], profile: ['name', 'preferred_username'], email: ['email'] },
      findAccount: async (_ctx, sub) => ({
        accountId: sub,
        claims: async () => ({ sub, preferred_username: sub, name: `SSO ${sub}`, email: `${sub}@example.org` }),
      }),
      cookies: { keys: ['test cookie signing key'] },
    });
    idp = provider.listen(idpPort);
  });
  afterAll(async () => {
    await server?.stop();
    await new Promise((r) => idp?.close(r));
  });

  async function signIn(browser: Browser, login: string) {
    let page = await browser.go(`${server.url}/api/v1/auth/oidc/start`);
    expect(page.url.origin).toBe(issuer);
    page = await browser.submit(page, { login, password: 'any' });
    if (page.url.origin === issuer && /consent|authorize/i.test(page.body)) page = await browser.submit(page);
    return page;
  }

  it('signs a new user in through the provider and creates their account without roles', async () => {
    const browser = new Browser();
    const landed = await signIn(browser, 'sso-alice');
    expect(landed.url.href).toMatch(new RegExp(`^${server.url}/(login)?`));
    const cookie = browser.cookie(new URL(server.url).host, '__Host-chainaudit');
    expect(cookie).toBeDefined();
    const me = await new Client(server.url, { cookie: `__Host-chainaudit=${cookie}` }).get('/api/v1/auth/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      username: 'sso-alice',
      displayName: 'SSO sso-alice',
      isAdmin: false,
      projects: [],
    });

    // the same subject signing in again is the same account
    const again = new Browser();
    await signIn(again, 'sso-alice');
    const admin = await firstAdmin(server);
    const users = (await admin.get('/api/v1/users')).body as { username: string; sso: boolean }[];
    expect(users.filter((u) => u.username.startsWith('sso-alice'))).toEqual([expect.objectContaining({ sso: true })]);
  });

  it('refuses a callback that does not come from a flow it started', async () => {
    const forged = await new Client(server.url).get('/api/v1/auth/oidc/callback?code=abc&state=xyz');
    expect(forged.status).toBe(401);
    expect(forged.body.error).toMatch(/single sign-on failed/);
  });
});

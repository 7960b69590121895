import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { AuthError } from './auth/principal.js';
import { randomSecret, sha256Hex } from './auth/secrets.js';
import { API_PREFIX, ApiError, registerRoutes } from './api/define.js';
import { apiRoutes } from './api/routes.js';
import type { ServerContext } from './context.js';
import { uiRoutes } from './ui/pages.js';

const require = createRequire(import.meta.url);
/** The same path from src/server/ (tests) and dist/server/ (installed): the assets stay in src. */
const STATIC_DIR = new URL('../../src/server/static/', import.meta.url);

/** Vendored browser scripts come from npm packages, served from memory with a content hash for caching. */
function staticAssets(): Map<string, { body: string; type: string }> {
  const files = new Map<string, { body: string; type: string }>();
  const add = (name: string, body: string, type: string) => files.set(name, { body, type });
  add('htmx.min.js', readFileSync(require.resolve('htmx.org/dist/htmx.min.js'), 'utf8'), 'text/javascript');
  for (const [name, type] of [
    ['app.js', 'text/javascript'],
    ['app.css', 'text/css'],
  ])
    add(name, readFileSync(new URL(`${name}`, STATIC_DIR), 'utf8'), type);
  return files;
}

async function cookieSecret(ctx: ServerContext): Promise<string> {
  const db = ctx.db.db;
  const row = await db.selectFrom('settings').select('value').where('key', '=', 'cookie_secret').executeTakeFirst();
  if (row) return row.value;
  const value = randomSecret(48);
  await db
    .insertInto('settings')
    .values({ key: 'cookie_secret', value })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  return (await db.selectFrom('settings').select('value').where('key', '=', 'cookie_secret').executeTakeFirstOrThrow())
    .value;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route the app serves, as registered (tests derive their route lists from it). */
    registeredRoutes: { method: string; url: string }[];
  }
}

export async function buildApp(ctx: ServerContext, options: Record<string, unknown> = {}): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, trustProxy: false, ...options } as FastifyServerOptions);
  const registered: { method: string; url: string }[] = [];
  app.decorate('registeredRoutes', registered);
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) if (method !== 'HEAD') registered.push({ method, url: r.url });
  });
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    hsts: ctx.config.secureCookies,
  });
  await app.register(cookie, { secret: await cookieSecret(ctx) });
  await app.register(rateLimit, {
    max: ctx.config.rateLimit.perMinute,
    timeWindow: 60_000,
    keyGenerator: (req) => {
      const auth = req.headers.authorization;
      return auth ? `token:${sha256Hex(auth)}` : `ip:${req.ip}`;
    },
    errorResponseBuilder: (_req, c) => ({
      statusCode: 429,
      error: `too many requests; try again in ${Math.ceil(c.ttl / 1000)} s`,
    }),
  });

  // Keep the JSON text as sent: a report is stored exactly as uploaded, without a second serialisation.
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    const text = body as string;
    if (text.length === 0) return done(null, undefined);
    try {
      (req as typeof req & { rawJson?: string }).rawJson = text;
      done(null, JSON.parse(text));
    } catch (err) {
      done(
        Object.assign(new Error(`request body is not JSON: ${(err as Error).message}`), { statusCode: 400 }),
        undefined,
      );
    }
  });

  app.setErrorHandler((err, req, reply) => {
    const e = err as Error & { statusCode?: number; validation?: unknown; details?: unknown };
    let status = 500;
    let message = 'internal error';
    if (e instanceof ApiError || e instanceof AuthError) {
      status = e.statusCode;
      message = e.message;
    } else if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
      status = e.statusCode;
      message = e.statusCode === 413 ? `request body too large: ${e.message}` : e.message;
    } else {
      req.log.error(err);
      if (process.env.CHAINAUDIT_DEBUG) console.error(err);
    }
    const wantsHtml = !req.url.startsWith(API_PREFIX) && (req.headers.accept ?? '').includes('text/html');
    if (wantsHtml && status === 401) return reply.redirect(`/login?next=${encodeURIComponent(req.url)}`);
    reply.code(status);
    if (wantsHtml)
      return reply
        .type('text/html; charset=utf-8')
        .send(
          `<!doctype html><meta charset="utf-8"><title>${status}</title><p>${status}: ${message.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)}</p><p><a href="/">home</a></p>`,
        );
    return reply.send({ error: message, ...(e instanceof ApiError && e.details ? { details: e.details } : {}) });
  });
  app.setNotFoundHandler((req, reply) => {
    reply.code(404).send({ error: `no route ${req.method} ${req.url.split('?')[0]}` });
  });

  const assets = staticAssets();
  app.get('/static/:name', async (req, reply) => {
    const file = assets.get((req.params as { name: string }).name);
    if (!file) return reply.code(404).send({ error: 'no such file' });
    return reply
      .header('content-type', `${file.type}; charset=utf-8`)
      .header('cache-control', 'public, max-age=3600')
      .send(file.body);
  });

  registerRoutes(app, ctx, apiRoutes(ctx));
  uiRoutes(app, ctx);
  return app;
}

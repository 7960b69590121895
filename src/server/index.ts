import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { ENGINE_CHECKS } from '../engine/run.js';
import { loadFrameworksOffThread, type ServerFrameworks } from './catalog.js';
import { registry } from '../checks/index.js';
import { buildApp } from './app.js';
import { DEFAULT_CONFIG, type OidcSettings, type ServerConfig, type ServerContext } from './context.js';
import { openDb, type DbOptions } from './db/connect.js';
import { reopenExpired } from './findings/store.js';
import { firstAdminLink } from './users.js';

export interface ServeOptions extends DbOptions {
  host: string;
  port: number;
  publicUrl?: string;
  tls?: { cert: string; key: string };
  /** Local testing over plain http: session cookies without Secure. */
  insecureCookies?: boolean;
  oidc?: OidcSettings;
  rateLimit?: Partial<ServerConfig['rateLimit']>;
  toolVersion: string;
}

export interface RunningServer {
  url: string;
  ctx: ServerContext;
  app: FastifyInstance;
  /** Set while no administrator exists. */
  firstAdminUrl: string | null;
  close(): Promise<void>;
}

const SWEEP_MS = 60_000;

/** Opens the database (migrating it), builds the app and listens. */
export async function startServer(o: ServeOptions): Promise<RunningServer> {
  const db = await openDb(o);
  try {
    const scheme = o.tls ? 'https' : 'http';
    const provisional = o.publicUrl ?? `${scheme}://${o.host.includes(':') ? `[${o.host}]` : o.host}:${o.port}`;
    const config: ServerConfig = {
      ...DEFAULT_CONFIG,
      publicUrl: provisional,
      secureCookies: !o.insecureCookies,
      oidc: o.oidc,
      rateLimit: { ...DEFAULT_CONFIG.rateLimit, ...o.rateLimit },
    };
    let frameworks: Promise<ServerFrameworks> | undefined;
    const ctx: ServerContext = {
      db,
      frameworks: () =>
        (frameworks ??= loadFrameworksOffThread().catch((err: unknown) => {
          frameworks = undefined;
          throw err;
        })),
      checks: [...ENGINE_CHECKS, ...registry.map((c) => c.meta)],
      config,
      toolVersion: o.toolVersion,
    };
    const app = await buildApp(
      ctx,
      o.tls ? { https: { cert: readFileSync(o.tls.cert), key: readFileSync(o.tls.key) } } : {},
    );
    await app.listen({ host: o.host, port: o.port });
    const addr = app.server.address();
    const port = typeof addr === 'object' && addr ? addr.port : o.port;
    const url = `${scheme}://${o.host.includes(':') ? `[${o.host}]` : o.host}:${port}`;
    if (!o.publicUrl) config.publicUrl = url;
    const firstAdminUrl = await firstAdminLink(ctx);
    void ctx.frameworks().catch(() => undefined);
    // Acceptances also expire between requests; a periodic pass logs them close to the time.
    const sweep = setInterval(
      () => void reopenExpired(db.db, db.engine, null, new Date()).catch(() => undefined),
      SWEEP_MS,
    );
    sweep.unref();
    return {
      url,
      ctx,
      app,
      firstAdminUrl,
      close: async () => {
        clearInterval(sweep);
        await app.close();
        await db.close();
      },
    };
  } catch (err) {
    await db.close();
    throw err;
  }
}

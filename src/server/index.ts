import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { loadFrameworksOffThread, type ServerFrameworks } from './catalog.js';
import { buildApp } from './app.js';
import { DEFAULT_CONFIG, type OidcSettings, type ServerConfig, type ServerContext } from './context.js';
import { openDb, type DbOptions } from './db/connect.js';
import { firstAdminLink } from './users.js';
import { Monitor } from './monitoring/service.js';
import { openQueue, type QueueChoice } from './queue/open.js';

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
  /** Jobs this server runs itself at once; 0 leaves them to `chainaudit worker`s. Default 1. */
  localJobs?: number;
  /** Seconds a job runner keeps a job without a heartbeat before it goes to another. Default 30. */
  jobLeaseSeconds?: number;
  /** redis://… puts the job queue on Redis (BullMQ) instead of the database's own. */
  queue?: QueueChoice;
}

export interface RunningServer {
  url: string;
  ctx: ServerContext;
  app: FastifyInstance;
  /** Set while no administrator exists. */
  firstAdminUrl: string | null;
  close(): Promise<void>;
}

/** Opens the database (migrating it), builds the app and listens. */
export async function startServer(o: ServeOptions): Promise<RunningServer> {
  const db = await openDb(o);
  let monitor: Monitor | undefined;
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
      config,
      toolVersion: o.toolVersion,
    };
    // Acceptances expire, schedules fall due and alerts wait between requests: the queue's cron handles them.
    monitor = new Monitor(ctx, await openQueue(db, o), {
      localRunners: o.localJobs ?? 1,
      leaseSeconds: o.jobLeaseSeconds,
    });
    ctx.monitor = monitor;
    await monitor.start();
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
    return {
      url,
      ctx,
      app,
      firstAdminUrl,
      close: async () => {
        await app.close();
        await monitor!.stop();
        await db.close();
      },
    };
  } catch (err) {
    await monitor?.stop().catch(() => undefined);
    await db.close();
    throw err;
  }
}

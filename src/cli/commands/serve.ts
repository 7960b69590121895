import type { Command } from 'commander';
import { InputError } from '../../errors.js';
import { verifyAuditLog } from '../../server/audit-log.js';
import { openDb } from '../../server/db/connect.js';
import { createUser } from '../../server/users.js';
import { DEFAULT_CONFIG, type ServerContext } from '../../server/context.js';
import type { CliEnv } from '../env.js';
import { TOOL_VERSION } from '../../version.js';

interface DbFlags {
  data: string;
  database?: string;
}

function addDbOptions(cmd: Command): Command {
  return cmd
    .option('--data <dir>', 'folder of the embedded SQLite database', 'chainaudit-data')
    .option('--database <url>', 'postgres://… to keep the data in PostgreSQL instead (or $CHAINAUDIT_DATABASE_URL)');
}

function dbOptions(o: DbFlags) {
  return { dataDir: o.data, databaseUrl: o.database ?? process.env.CHAINAUDIT_DATABASE_URL };
}

function parsePort(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InputError(`--port ${v}: expected 0–65535`);
  return n;
}

function parseCount(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 64) throw new InputError(`--local-jobs ${v}: expected 0–64`);
  return n;
}

function parseRedisUrl(v: string): string {
  if (!/^rediss?:\/\/[^\s]+$/.test(v)) throw new InputError(`--queue ${v}: expected redis://host:port or rediss://…`);
  return v;
}

function parseLease(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 3 || n > 3600) throw new InputError(`--job-lease ${v}: expected 3–3600 seconds`);
  return n;
}

export function register(program: Command, env: CliEnv): void {
  const serve = program
    .command('serve')
    .description('run the team server: runs from many machines, findings with a lifecycle, users, tokens, audit log')
    .option('--port <n>', 'port to listen on (0: any free port)', parsePort, 8080)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--public-url <url>', 'where people reach the server (links, single sign-on); default http(s)://host:port')
    .option('--tls-cert <file>', 'serve HTTPS with this certificate (PEM)')
    .option('--tls-key <file>', 'and this private key (PEM)')
    .option('--insecure-cookies', 'session cookies without Secure (plain http on a test machine only)', false)
    .option('--oidc-issuer <url>', 'OpenID Connect provider for single sign-on')
    .option('--oidc-client-id <id>', 'client id at that provider (secret from $CHAINAUDIT_OIDC_CLIENT_SECRET)')
    .option('--oidc-label <text>', 'name of the provider on the sign-in page', 'SSO')
    .option('--queue <url>', 'redis://… runs the job queue on Redis (BullMQ) instead of the database')
    .option(
      '--job-lease <s>',
      'seconds a job runner may go without a heartbeat before its job goes to another',
      parseLease,
      30,
    )
    .option(
      '--local-jobs <n>',
      'monitoring jobs this server runs itself at once (0: leave them to workers)',
      parseCount,
      1,
    )
    .addHelpText(
      'after',
      '\nThe first start prints a one-time link to create the administrator; there is no default password.\n' +
        'Subcommands: `serve create-admin <name>` (a new admin with a one-time setup link), `serve verify-log`.',
    );
  addDbOptions(serve).action(
    async (
      o: DbFlags & {
        port: number;
        host: string;
        publicUrl?: string;
        tlsCert?: string;
        tlsKey?: string;
        insecureCookies: boolean;
        oidcIssuer?: string;
        oidcClientId?: string;
        oidcLabel: string;
        localJobs: number;
        jobLease: number;
        queue?: string;
      },
    ) => {
      if (Boolean(o.tlsCert) !== Boolean(o.tlsKey)) throw new InputError('--tls-cert and --tls-key go together');
      let oidc;
      if (o.oidcIssuer || o.oidcClientId) {
        const secret = process.env.CHAINAUDIT_OIDC_CLIENT_SECRET;
        if (!o.oidcIssuer || !o.oidcClientId || !secret)
          throw new InputError(
            'single sign-on needs --oidc-issuer, --oidc-client-id and $CHAINAUDIT_OIDC_CLIENT_SECRET',
          );
        oidc = { issuer: o.oidcIssuer, clientId: o.oidcClientId, clientSecret: secret, label: o.oidcLabel };
      }
      // The server's modules load only when it is started, so other commands stay quick.
      const { startServer } = await import('../../server/index.js');
      const server = await startServer({
        ...dbOptions(o),
        host: o.host,
        port: o.port,
        publicUrl: o.publicUrl,
        tls: o.tlsCert && o.tlsKey ? { cert: o.tlsCert, key: o.tlsKey } : undefined,
        insecureCookies: o.insecureCookies,
        oidc,
        toolVersion: TOOL_VERSION,
        localJobs: o.localJobs,
        jobLeaseSeconds: o.jobLease,
        queue: o.queue ? { redisUrl: parseRedisUrl(o.queue) } : undefined,
      });
      env.err(`chainaudit server listening on ${server.url} (data: ${server.ctx.db.location})`);
      if (!o.tlsCert && !o.insecureCookies)
        env.err('session cookies are Secure: reach the server over https (a TLS proxy or --tls-cert), or on localhost');
      if (server.firstAdminUrl)
        env.err(
          `no administrator yet: open this one-time link within 24 h to create one:\n  ${server.firstAdminUrl}\n` +
            'or run `chainaudit serve create-admin <name>` against the same data.',
        );
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          env.err('stopping the server…');
          void server.close().then(resolve);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
    },
  );

  // Subcommands read --data, --database and the address from `serve` itself: `serve verify-log --data DIR`.
  type ServeFlags = DbFlags & { publicUrl?: string; host: string; port: number };
  serve
    .command('create-admin')
    .description('create an administrator and print a one-time link where they choose a password')
    .argument('<username>', 'user name')
    .action(async (username: string) => {
      const o = serve.opts<ServeFlags>();
      const publicUrl = o.publicUrl ?? `http://${o.host}:${o.port}`;
      if (!/^[A-Za-z0-9][A-Za-z0-9._@-]{1,63}$/.test(username))
        throw new InputError(`user name "${username}": 2–64 letters, digits, ".", "_", "@" or "-"`);
      const db = await openDb(dbOptions(o));
      try {
        if (await db.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst())
          throw new InputError(`user ${username} exists already`);
        const ctx: ServerContext = {
          db,
          frameworks: () => Promise.reject(new Error('not needed to create a user')),
          config: { ...DEFAULT_CONFIG, publicUrl },
          toolVersion: TOOL_VERSION,
        };
        const { setupUrl } = await createUser(ctx, { username, isAdmin: true }, 'cli');
        env.out(setupUrl);
        env.err(`administrator ${username} created; the link above sets their password (valid 24 h, once)`);
      } finally {
        await db.close();
      }
    });

  serve
    .command('verify-log')
    .description('check the audit log hash chain: exit 1 when an entry was edited or deleted')
    .action(async () => {
      const o = serve.opts<ServeFlags>();
      const db = await openDb(dbOptions(o));
      try {
        const v = await verifyAuditLog(db.db);
        if (v.ok) env.out(`audit log intact: ${v.entries} entries, head ${v.headHash}`);
        else {
          env.out(`audit log BROKEN (${v.entries} entries):`);
          for (const p of v.problems) env.out(`  entry ${p.seq}: ${p.problem}`);
          env.setExitCode(1);
        }
      } finally {
        await db.close();
      }
    });
}

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { InputError, errorMessage } from '../../errors.js';
import { migrationProvider } from './migrations/index.js';
import type { Database as Schema } from './schema.js';

export type Engine = 'sqlite' | 'postgres';

export interface Db {
  db: Kysely<Schema>;
  engine: Engine;
  /** Where the data lives, for messages: a file path or the URL without its password. */
  location: string;
  close(): Promise<void>;
}

export interface DbOptions {
  /** Folder for the embedded SQLite database (server.db). */
  dataDir?: string;
  /** postgres://… puts the schema on PostgreSQL instead. */
  databaseUrl?: string;
}

function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparsable database URL)';
  }
}

/** Opens the database and brings its schema up to date; every start runs pending migrations. */
export async function openDb(opts: DbOptions): Promise<Db> {
  let db: Kysely<Schema>;
  let engine: Engine;
  let location: string;
  if (opts.databaseUrl) {
    if (!/^postgres(ql)?:\/\//.test(opts.databaseUrl))
      throw new InputError(`--database ${redactUrl(opts.databaseUrl)}: expected a postgres:// URL`);
    engine = 'postgres';
    location = redactUrl(opts.databaseUrl);
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 10, connectionTimeoutMillis: 10_000 });
    db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  } else {
    const dir = opts.dataDir ?? 'chainaudit-data';
    engine = 'sqlite';
    location = join(dir, 'server.db');
    let sqlite: Database.Database;
    try {
      mkdirSync(dir, { recursive: true });
      sqlite = new Database(location, { timeout: 10_000 });
      sqlite.pragma('journal_mode = WAL');
      sqlite.pragma('synchronous = NORMAL');
      sqlite.pragma('foreign_keys = ON');
      // The default 2 MB page cache is far below a team's findings and their indexes.
      sqlite.pragma('cache_size = -131072');
      sqlite.pragma('mmap_size = 1073741824');
      sqlite.pragma('temp_store = MEMORY');
    } catch (err) {
      throw new InputError(`cannot open the server database ${location}: ${errorMessage(err)}`);
    }
    db = new Kysely<Schema>({ dialect: new SqliteDialect({ database: sqlite }) });
  }
  const migrator = new Migrator({ db, provider: migrationProvider(engine) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    await db.destroy();
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new InputError(
      `cannot prepare the database ${location}${failed ? ` (migration ${failed})` : ''}: ${errorMessage(error)}`,
    );
  }
  return { db, engine, location, close: () => db.destroy() };
}

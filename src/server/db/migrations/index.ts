import type { Kysely, Migration, MigrationProvider } from 'kysely';
import type { Engine } from '../connect.js';
import * as core from './0001-core.js';
import * as monitoring from './0002-monitoring.js';
import * as findingSearch from './0003-finding-search.js';

/**
 * Versioned schema changes, applied in name order at start. A release adds a new file here and
 * never edits a shipped one; the names applied are recorded in `kysely_migration`.
 */
const MIGRATIONS: Record<string, { up(db: Kysely<any>, engine: Engine): Promise<void> }> = {
  '0001-core': core,
  '0002-monitoring': monitoring,
  '0003-finding-search': findingSearch,
};

export function migrationProvider(engine: Engine): MigrationProvider {
  const list: Record<string, Migration> = {};
  for (const [name, m] of Object.entries(MIGRATIONS)) list[name] = { up: (db) => m.up(db, engine) };
  return { getMigrations: async () => list };
}

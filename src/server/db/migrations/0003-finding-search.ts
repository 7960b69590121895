import { sql, type Kysely } from 'kysely';
import type { Engine } from '../connect.js';

/**
 * Text search over findings (`?q=`) on PostgreSQL: trigram indexes let `ILIKE '%…%'` skip reading
 * every row. pg_trgm ships with PostgreSQL and is a trusted extension since 13, so a database owner
 * may create it; where it cannot be created the search still works, by reading every row.
 */
export async function up(db: Kysely<any>, engine: Engine): Promise<void> {
  if (engine !== 'postgres') return;
  // migrations run in one transaction: a refused CREATE EXTENSION must not abort it
  await sql`SAVEPOINT pg_trgm`.execute(db);
  try {
    await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(db);
  } catch {
    await sql`ROLLBACK TO SAVEPOINT pg_trgm`.execute(db);
    return;
  }
  for (const column of ['title', 'check_id', 'target_id'])
    await sql`CREATE INDEX ${sql.id(`findings_${column}_trgm`)} ON findings USING gin (${sql.id(column)} gin_trgm_ops)`.execute(
      db,
    );
}

import { join } from 'node:path';
import type { Db, DbOptions } from '../db/connect.js';
import type { QueueEngine } from './engine.js';

export type QueueChoice = { redisUrl: string } | undefined;

/**
 * The database's own queue (SQLite table or pg-boss), or BullMQ when a Redis URL is given. Only the
 * engine in use is loaded.
 */
export async function openQueue(db: Db, o: DbOptions & { queue?: QueueChoice }): Promise<QueueEngine> {
  if (o.queue?.redisUrl) return new (await import('./redis.js')).RedisQueueEngine(o.queue.redisUrl);
  if (db.engine === 'postgres') return new (await import('./postgres.js')).PgBossQueueEngine(o.databaseUrl!);
  return new (await import('./sqlite.js')).SqliteQueueEngine(o.dataDir ?? join('chainaudit-data'));
}

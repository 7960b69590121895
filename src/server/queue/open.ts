import { join } from 'node:path';
import type { Db, DbOptions } from '../db/connect.js';
import type { QueueEngine } from './engine.js';
import { PgBossQueueEngine } from './postgres.js';
import { RedisQueueEngine } from './redis.js';
import { SqliteQueueEngine } from './sqlite.js';

export type QueueChoice = { redisUrl: string } | undefined;

/** The database's own queue (SQLite table or pg-boss), or BullMQ when a Redis URL is given. */
export function openQueue(db: Db, o: DbOptions & { queue?: QueueChoice }): QueueEngine {
  if (o.queue?.redisUrl) return new RedisQueueEngine(o.queue.redisUrl);
  if (db.engine === 'postgres') return new PgBossQueueEngine(o.databaseUrl!);
  return new SqliteQueueEngine(o.dataDir ?? join('chainaudit-data'));
}

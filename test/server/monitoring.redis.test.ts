import { afterAll } from 'vitest';
import { hasBinary, prerequisite } from '../support/prereq.js';
import { startRedis, type Running } from '../services/servers.js';
import { monitoringSuite } from './monitoring-suite.js';

let redis: Running | undefined;
afterAll(async () => redis?.stop());

// The optional queue adapter: BullMQ on Debian's redis-server, the data on SQLite.
if (prerequisite('redis-server', hasBinary('redis-server'), 'apt-get install redis-server'))
  monitoringSuite(
    'SQLite with the job queue on Redis (BullMQ)',
    async () => undefined,
    async () => {
      redis = await startRedis((port, dir) => `port ${port}\nbind 127.0.0.1\nsave ""\nappendonly no\ndir ${dir}\n`);
      return { redisUrl: `redis://127.0.0.1:${redis.port}` };
    },
  );

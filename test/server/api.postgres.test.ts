import { afterAll } from 'vitest';
import { hasBinary, prerequisite } from '../support/prereq.js';
import { apiSuite } from './api-suite.js';
import { postgresBin, startPostgres, type PrivateCluster } from './support/postgres.js';

let cluster: PrivateCluster | undefined;
afterAll(() => cluster?.stop());

if (prerequisite('PostgreSQL server', Boolean(postgresBin()) && hasBinary('runuser'), 'apt-get install postgresql'))
  apiSuite('postgres', async () => {
    cluster = await startPostgres();
    return cluster.createDatabase('chainaudit_api');
  });

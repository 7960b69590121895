import { apiSuite } from './api-suite.js';

apiSuite('sqlite', async () => undefined);

import { monitoringSuite } from './monitoring-suite.js';

monitoringSuite('sqlite', async () => undefined);

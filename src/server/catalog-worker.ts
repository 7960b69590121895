import { parentPort } from 'node:worker_threads';
import { loadCatalog } from '../catalog/load.js';

// Parsing the catalog YAML takes seconds; done here, the server answers health checks meanwhile.
try {
  parentPort!.postMessage({ catalog: loadCatalog() });
} catch (err) {
  parentPort!.postMessage({ error: (err as Error).message });
}

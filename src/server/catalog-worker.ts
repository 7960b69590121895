import { parentPort } from 'node:worker_threads';
import { loadCatalog } from '../catalog/load.js';
import { resolveMapping } from '../catalog/mapping.js';
import { registry } from '../checks/index.js';

// Parsing the catalog YAML takes seconds; done here, the server answers health checks meanwhile.
try {
  const catalog = loadCatalog();
  parentPort!.postMessage({
    frameworks: {
      catalog,
      mapping: resolveMapping(
        catalog,
        registry.map((c) => c.meta),
      ),
    },
  });
} catch (err) {
  parentPort!.postMessage({ error: (err as Error).message });
}

import { parentPort } from 'node:worker_threads';
import { loadCatalog } from '../catalog/load.js';
import { resolveMapping } from '../catalog/mapping.js';
import { registry } from '../checks/index.js';
import { ENGINE_CHECKS } from '../engine/run.js';

// Parsing the catalog YAML and loading every check take seconds; done here, the server answers
// health checks meanwhile.
try {
  const catalog = loadCatalog();
  const metas = registry.map((c) => c.meta);
  parentPort!.postMessage({
    frameworks: { catalog, mapping: resolveMapping(catalog, metas), checks: [...ENGINE_CHECKS, ...metas] },
  });
} catch (err) {
  parentPort!.postMessage({ error: (err as Error).message });
}

import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Catalog } from '../catalog/load.js';
import type { Mapping } from '../catalog/mapping.js';
import type { CheckMeta } from '../checks/types.js';

/** The built-in frameworks, which checks decide their items, and every check's metadata. */
export interface ServerFrameworks {
  catalog: Catalog;
  mapping: Mapping;
  checks: CheckMeta[];
}

/** Loads the built-in frameworks and checks on a worker thread (the data arrives by structured clone). */
export function loadFrameworksOffThread(): Promise<ServerFrameworks> {
  const ext = extname(fileURLToPath(import.meta.url));
  const url = new URL(`./catalog-worker${ext}`, import.meta.url);
  const worker =
    ext === '.ts'
      ? new Worker(`import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(url.href)}); })`, {
          eval: true,
        })
      : new Worker(url);
  return new Promise((resolve, reject) => {
    worker.once('message', (m: { frameworks?: ServerFrameworks; error?: string }) => {
      void worker.terminate();
      if (m.frameworks) resolve(m.frameworks);
      else reject(new Error(`cannot load the frameworks: ${m.error}`));
    });
    worker.once('error', reject);
  });
}

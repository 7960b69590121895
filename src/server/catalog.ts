import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Catalog } from '../catalog/load.js';

/** Loads the built-in catalog on a worker thread (the data arrives by structured clone). */
export function loadCatalogOffThread(): Promise<Catalog> {
  const ext = extname(fileURLToPath(import.meta.url));
  const url = new URL(`./catalog-worker${ext}`, import.meta.url);
  const worker =
    ext === '.ts'
      ? new Worker(`import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(url.href)}); })`, {
          eval: true,
        })
      : new Worker(url);
  return new Promise((resolve, reject) => {
    worker.once('message', (m: { catalog?: Catalog; error?: string }) => {
      void worker.terminate();
      if (m.catalog) resolve(m.catalog);
      else reject(new Error(`cannot load the catalog: ${m.error}`));
    });
    worker.once('error', reject);
  });
}

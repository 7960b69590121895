/** Runs file analyses on worker threads; a worker that overruns its file's budget is terminated. */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { AnalyzeOptions, FileOutcome } from './analyze.js';

/** Time a worker gets beyond the analysis budget for loading the parser and parsing. */
const PARSE_GRACE_MS = 5_000;
const WORKER_RESOURCE_LIMITS = { maxOldGenerationSizeMb: 1024 };

function newWorker(): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./worker.js', import.meta.url), { resourceLimits: WORKER_RESOURCE_LIMITS });
  // Running from TypeScript sources (tests, tsx): the worker registers the same loader, then loads the worker module.
  const loader = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api')).href;
  const entry = new URL('./worker.ts', import.meta.url).href;
  const bootstrap = `import(${JSON.stringify(loader)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(bootstrap, { eval: true, resourceLimits: WORKER_RESOURCE_LIMITS });
}

interface Job {
  path: string;
  file: string;
}

export async function inWorkers(jobs: Job[], options: AnalyzeOptions): Promise<FileOutcome[]> {
  const outcomes: FileOutcome[] = new Array(jobs.length);
  if (!jobs.length) return outcomes;
  const budget = options.fileBudgetMs ?? 10_000;
  const count = Math.max(1, Math.min(options.workers ?? availableParallelism(), jobs.length, 8));
  let next = 0;

  const runLane = (): Promise<void> =>
    new Promise((resolveLane) => {
      let worker: Worker | null = null;
      let current = -1;
      let timer: NodeJS.Timeout | undefined;
      const finish = () => {
        clearTimeout(timer);
        void worker?.terminate();
        resolveLane();
      };
      const fail = (index: number, reason: string) => {
        outcomes[index] = { findings: [], notAnalysed: [{ file: jobs[index].file, reason }] };
      };
      const spawn = () => {
        worker = newWorker();
        worker.on('message', (outcome: FileOutcome) => {
          clearTimeout(timer);
          outcomes[current] = outcome;
          dispatch();
        });
        worker.on('error', (err) => {
          clearTimeout(timer);
          if (current >= 0 && !outcomes[current]) fail(current, `analysis failed: ${err.message}`);
          worker = null;
          dispatch();
        });
      };
      const dispatch = () => {
        if (options.signal?.aborted) {
          for (; next < jobs.length; next++) fail(next, 'run aborted');
        }
        if (next >= jobs.length) return finish();
        current = next++;
        options.onFile?.(jobs[current].file, current, jobs.length);
        if (!worker) spawn();
        const index = current;
        timer = setTimeout(() => {
          fail(index, `analysis exceeded its time budget of ${budget} ms`);
          const stuck = worker;
          worker = null;
          void stuck?.terminate();
          dispatch();
        }, budget + PARSE_GRACE_MS);
        worker!.postMessage({ path: jobs[index].path, file: jobs[index].file, options: { maxFileBytes: options.maxFileBytes, fileBudgetMs: budget } });
      };
      dispatch();
    });

  await Promise.all(Array.from({ length: count }, runLane));
  return outcomes;
}

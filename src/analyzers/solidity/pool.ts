/** Runs file analyses on worker threads; a worker that overruns its file's budget is terminated. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { AnalyzeOptions, FileOutcome, Job } from './analyze.js';

/** Time a worker gets beyond the analysis budget for loading the parser, at most as long again as the budget. */
const PARSE_GRACE_MS = 5_000;
const WORKER_START_MS = 60_000;
const WORKER_RESOURCE_LIMITS = { maxOldGenerationSizeMb: 1024 };

function newWorker(): Worker {
  if (!import.meta.url.endsWith('.ts'))
    return new Worker(new URL('./worker.js', import.meta.url), { resourceLimits: WORKER_RESOURCE_LIMITS });
  // Running from TypeScript sources (tests, tsx): the worker registers the same loader, then loads the worker module.
  const manifest = createRequire(import.meta.url).resolve('tsx/package.json');
  const esmApi = (
    JSON.parse(readFileSync(manifest, 'utf8')) as { exports: Record<string, { import: { default: string } }> }
  ).exports['./esm/api'].import.default;
  const loader = pathToFileURL(join(dirname(manifest), esmApi)).href;
  const entry = new URL('./worker.ts', import.meta.url).href;
  const bootstrap = `import(${JSON.stringify(loader)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(bootstrap, { eval: true, resourceLimits: WORKER_RESOURCE_LIMITS });
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
      let ready = false;
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
      const replace = () => {
        const old = worker;
        worker = null;
        ready = false;
        void old?.terminate();
      };
      const start = () => {
        const index = current;
        timer = setTimeout(
          () => {
            fail(index, `analysis exceeded its time budget of ${budget} ms`);
            replace();
            dispatch();
          },
          budget + Math.min(PARSE_GRACE_MS, budget),
        );
        worker!.postMessage({
          path: jobs[index].path,
          file: jobs[index].file,
          options: { maxFileBytes: options.maxFileBytes, fileBudgetMs: budget, keyFile: jobs[index].keyFile },
        });
      };
      const spawn = () => {
        const w = newWorker();
        worker = w;
        timer = setTimeout(() => {
          fail(current, 'the analysis worker did not start');
          replace();
          dispatch();
        }, WORKER_START_MS);
        w.on('message', (message: FileOutcome | 'ready') => {
          if (w !== worker) return;
          clearTimeout(timer);
          if (message === 'ready') {
            ready = true;
            return start();
          }
          outcomes[current] = message;
          dispatch();
        });
        w.on('error', (err) => {
          if (w !== worker) return;
          clearTimeout(timer);
          if (!outcomes[current]) fail(current, `analysis failed: ${err.message}`);
          replace();
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
        else if (ready) start();
      };
      dispatch();
    });

  await Promise.all(Array.from({ length: count }, runLane));
  return outcomes;
}

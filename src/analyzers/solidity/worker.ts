import { parentPort } from 'node:worker_threads';
import { analyzeFile } from './analyze.js';

parentPort?.on(
  'message',
  (job: {
    path: string;
    file: string;
    options: { maxFileBytes?: number; fileBudgetMs?: number; keyFile?: string };
  }) => {
    void analyzeFile(job.path, job.file, job.options).then((outcome) => parentPort?.postMessage(outcome));
  },
);
// Loading the parser takes a while; the pool starts a file's clock only once this arrives.
parentPort?.postMessage('ready');

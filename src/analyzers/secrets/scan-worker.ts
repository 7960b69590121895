import { parentPort } from 'node:worker_threads';
import { scanFile, type FileTask } from './file-scan.js';

/** Pool worker: scans each batch of files it is sent and answers with their outcomes, in order. */
parentPort!.on('message', (batch: FileTask[]) => {
  parentPort!.postMessage(batch.map(scanFile));
});

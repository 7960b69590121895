import { parentPort } from 'node:worker_threads';
import { errorMessage } from '../../errors.js';
import { unreadSummary, type GroupTask } from './pool.js';
import { scanFiles } from './scan.js';

/** Pool worker: scans each rotation group it is sent and answers with its summary. */
parentPort!.on('message', (task: GroupTask) => {
  void scanFiles(task.files, { errorRules: task.errorRules, format: task.format }, task.anchors).then(
    (s) => parentPort!.postMessage(s),
    (err: unknown) => parentPort!.postMessage(unreadSummary(task.files, `the scan failed: ${errorMessage(err)}`)),
  );
});

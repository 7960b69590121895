import { setMaxListeners } from 'node:events';
import type { CliEnv } from './env.js';

/**
 * Runs work that can be interrupted: the first Ctrl-C aborts it cleanly (nodes are stopped,
 * partial work discarded), a second one exits at once.
 */
export async function withInterrupt<T>(
  env: CliEnv,
  work: (signal: AbortSignal) => Promise<T>,
  onInterrupt?: () => Promise<void>,
): Promise<T> {
  const controller = new AbortController();
  // every in-flight request of a run listens on this one signal
  setMaxListeners(0, controller.signal);
  let count = 0;
  const handler = () => {
    count++;
    if (count > 1) process.exit(130);
    env.err('\ninterrupted: stopping…');
    controller.abort();
    void onInterrupt?.();
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  try {
    return await work(controller.signal);
  } finally {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
    if (controller.signal.aborted) env.setExitCode(130);
  }
}

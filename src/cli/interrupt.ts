import { setMaxListeners } from 'node:events';
import type { CliEnv } from './env.js';

/** Ctrl-C, a scheduler's SIGTERM and the SIGHUP of a closed terminal all interrupt a run. */
const INTERRUPTS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * Runs work that can be interrupted: the first signal aborts it cleanly (nodes are stopped,
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
  for (const s of INTERRUPTS) process.on(s, handler);
  try {
    return await work(controller.signal);
  } finally {
    for (const s of INTERRUPTS) process.off(s, handler);
    if (controller.signal.aborted) env.setExitCode(130);
  }
}

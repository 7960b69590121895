/**
 * Every node the tool starts registers here, so that a normal exit, an uncaught error, Ctrl-C, a
 * SIGTERM from a scheduler or the SIGHUP of a closed terminal never leaves a node running behind
 * the tool.
 */

type Stopper = () => void;

const live = new Set<Stopper>();
let installed = false;

function stopAllNow(): void {
  for (const stop of live) {
    try {
      stop();
    } catch {
      // the process may already be gone; keep stopping the others
    }
  }
  live.clear();
}

/** The signals whose default action ends the process; SIGKILL cannot be caught by anyone. */
const TERMINATING: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'];

function onSignal(signal: NodeJS.Signals): void {
  stopAllNow();
  for (const s of TERMINATING) process.off(s, onSignal);
  // Re-raise so the usual exit status for the signal (130 / 143 / 129) is kept.
  process.kill(process.pid, signal);
}

function install(): void {
  if (installed) return;
  installed = true;
  // 'exit' also runs when the process dies of an uncaught exception or unhandled rejection
  process.on('exit', stopAllNow);
  for (const s of TERMINATING) process.on(s, onSignal);
}

/**
 * Registers a synchronous last-resort stopper (e.g. `child.kill('SIGKILL')`); returns the function
 * that unregisters it once the node was stopped the orderly way.
 */
export function registerForCleanup(stop: Stopper): () => void {
  install();
  live.add(stop);
  return () => {
    live.delete(stop);
  };
}

/** How many started nodes are still registered (used by tests to prove nothing leaks). */
export function liveNodeCount(): number {
  return live.size;
}

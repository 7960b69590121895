/**
 * Every node the tool starts registers here, so that a normal exit, Ctrl-C or a SIGTERM from a
 * scheduler never leaves a node running behind the tool.
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

function onSignal(signal: NodeJS.Signals): void {
  stopAllNow();
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  // Re-raise so the usual exit status for the signal (130 / 143) is kept.
  process.kill(process.pid, signal);
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', stopAllNow);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
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

import { spawn, type ChildProcess } from 'node:child_process';
import { RpcClient } from '../clients/rpc.js';
import { errorMessage } from '../errors.js';
import { registerForCleanup } from './cleanup.js';

/** A node the tool started itself and must stop again. */
export interface ManagedNode {
  kind: 'evm-node';
  /** HTTP JSON-RPC endpoint on loopback. */
  url: string;
  /** Set for nodes running as a child process; in-process nodes have none. */
  pid?: number;
  /** Stops the node; calling it again is harmless. */
  stop(): Promise<void>;
}

export interface SpawnNodeOptions {
  binary: string;
  args: string[];
  /** Matches the line announcing the RPC endpoint; group 1 is `host:port`. */
  listening: RegExp;
  name: string;
  startTimeoutMs?: number;
  signal?: AbortSignal;
}

const OUTPUT_TAIL_CHARS = 4000;
const KILL_GRACE_MS = 3000;

export function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.off('exit', onExit);
      resolve(false);
    }, ms);
    const onExit = () => {
      clearTimeout(timer);
      resolve(true);
    };
    child.once('exit', onExit);
  });
}

/** Polls a cheap RPC method until the node answers, so callers get a node that is really up. */
export async function waitForRpc(url: string, timeoutMs: number, signal?: AbortSignal): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (signal?.aborted) throw new Error('aborted while waiting for the node');
    try {
      const out = await new RpcClient({ url, timeoutMs: 2000, maxBytes: 64 * 1024, signal }).call('eth_chainId');
      if (out.ok) return;
      last = out.malformed ?? out.error?.message ?? 'error';
    } catch (err) {
      last = errorMessage(err);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`node at ${url} did not answer eth_chainId within ${timeoutMs} ms (${last})`);
}

/**
 * Spawns a node binary, reads its announced RPC address from its output, waits until RPC answers
 * and hands back a stopper (SIGTERM, then SIGKILL after a grace period).
 */
export async function spawnNode(opts: SpawnNodeOptions): Promise<ManagedNode> {
  const startTimeoutMs = opts.startTimeoutMs ?? 30_000;
  const child = spawn(opts.binary, opts.args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const unregister = registerForCleanup(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-OUTPUT_TAIL_CHARS);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        if (!(await waitForExit(child, KILL_GRACE_MS))) {
          child.kill('SIGKILL');
          await waitForExit(child, KILL_GRACE_MS);
        }
      }
      child.stdout!.destroy();
      child.stderr!.destroy();
      unregister();
    })();
    return stopping;
  };

  try {
    const address = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => fail(new Error(`${opts.name} did not announce its RPC address within ${startTimeoutMs} ms`)),
        startTimeoutMs,
      );
      const onAbort = () => fail(new Error(`${opts.name} start aborted`));
      const cleanupListeners = () => {
        clearTimeout(timer);
        opts.signal?.removeEventListener('abort', onAbort);
        child.stdout!.off('data', scan);
        child.off('exit', onExit);
        child.off('error', fail);
      };
      function fail(err: Error) {
        cleanupListeners();
        reject(err);
      }
      function scan() {
        const m = opts.listening.exec(output);
        if (m) {
          cleanupListeners();
          resolve(m[1]);
        }
      }
      function onExit(code: number | null) {
        fail(new Error(`${opts.name} exited (code ${code}) before listening: ${output.trim().slice(-500)}`));
      }
      if (opts.signal?.aborted) return onAbort();
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      child.stdout!.on('data', scan);
      child.once('exit', onExit);
      child.once('error', fail);
    });
    const url = `http://${address}`;
    await waitForRpc(url, startTimeoutMs, opts.signal);
    return { kind: 'evm-node', url, pid: child.pid, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

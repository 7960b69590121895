import { registerForCleanup } from './cleanup.js';
import { waitForRpc, type ManagedNode } from './managed.js';

export interface GanacheOptions {
  /** Dev accounts to create (ganache's default is 10, all unlocked); 0 hardens the node. */
  accounts?: number;
  /** Keep the created accounts locked (`wallet.lock`). */
  lock?: boolean;
  chainId?: number;
  /** Further ganache options, merged over the ones above. */
  options?: Record<string, unknown>;
  signal?: AbortSignal;
}

interface GanacheServer {
  listen(port: number, host: string): Promise<void>;
  close(): Promise<void>;
  address(): { address: string; port: number };
}

/**
 * Starts a real ganache (npm `ganache`, a development dependency) inside this process on
 * 127.0.0.1 with a kernel-chosen port. Loaded lazily so the CLI does not need it installed.
 */
export async function startGanache(opts: GanacheOptions = {}): Promise<ManagedNode> {
  let mod: { default?: { server(o: unknown): GanacheServer }; server?(o: unknown): GanacheServer };
  try {
    mod = (await import('ganache')) as typeof mod;
  } catch {
    throw new Error('ganache is not installed (npm install ganache)');
  }
  const factory = mod.default ?? mod;
  const wallet: Record<string, unknown> = {};
  if (opts.accounts !== undefined) wallet.totalAccounts = opts.accounts;
  if (opts.lock) wallet.lock = true;
  const server = factory.server!({
    logging: { quiet: true },
    wallet,
    ...(opts.chainId !== undefined ? { chain: { chainId: opts.chainId } } : {}),
    ...(opts.options ?? {}),
  });
  await server.listen(0, '127.0.0.1');
  let stopping: Promise<void> | undefined;
  const unregister = registerForCleanup(() => {
    void server.close().catch(() => undefined);
  });
  const stop = () => {
    stopping ??= server
      .close()
      .catch(() => undefined)
      .finally(unregister);
    return stopping;
  };
  const url = `http://127.0.0.1:${server.address().port}`;
  try {
    await waitForRpc(url, 30_000, opts.signal);
  } catch (err) {
    await stop();
    throw err;
  }
  return { kind: 'evm-node', url, stop };
}

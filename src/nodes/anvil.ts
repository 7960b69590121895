import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { spawnNode, type ManagedNode } from './managed.js';

export type { ManagedNode } from './managed.js';

export interface AnvilOptions {
  /** Dev accounts to create (anvil's default is 10, all unlocked); 0 hardens the node. */
  accounts?: number;
  /** An allowed origin, or `false` to turn CORS off; unset keeps anvil's default `*`. */
  cors?: string | false;
  chainId?: number;
  /** Further anvil flags, passed as they are. */
  args?: string[];
  startTimeoutMs?: number;
  signal?: AbortSignal;
}

const PLATFORM_PACKAGES: Record<string, string> = {
  'linux-x64': '@foundry-rs/anvil-linux-amd64',
  'linux-arm64': '@foundry-rs/anvil-linux-arm64',
  'darwin-x64': '@foundry-rs/anvil-darwin-amd64',
  'darwin-arm64': '@foundry-rs/anvil-darwin-arm64',
  'win32-x64': '@foundry-rs/anvil-win32-amd64',
};

let cachedBinary: string | undefined;

/**
 * The native anvil binary shipped by npm `@foundry-rs/anvil` through a per-platform package.
 * Spawning it directly (not the package's Node wrapper) saves a Node process per node and lets
 * stop() signal anvil itself. `ANVIL_BIN` overrides it, e.g. for a Foundry installed by hand.
 */
export function anvilBinary(): string {
  if (process.env.ANVIL_BIN) return process.env.ANVIL_BIN;
  if (cachedBinary) return cachedBinary;
  const pkg = PLATFORM_PACKAGES[`${process.platform}-${process.arch}`];
  if (!pkg) throw new Error(`anvil from npm has no binary for ${process.platform}-${process.arch}; set ANVIL_BIN`);
  const exe = process.platform === 'win32' ? 'anvil.exe' : 'anvil';
  const require = createRequire(import.meta.url);
  const candidates: string[] = [];
  try {
    candidates.push(join(dirname(require.resolve(`${pkg}/package.json`)), 'bin', exe));
  } catch {
    // not hoisted to the top level: look beside the wrapper package
  }
  try {
    const wrapper = createRequire(require.resolve('@foundry-rs/anvil/package.json'));
    candidates.push(join(dirname(wrapper.resolve(`${pkg}/package.json`)), 'bin', exe));
  } catch {
    // reported below
  }
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new Error(`anvil binary not found (npm package ${pkg}); run npm install or set ANVIL_BIN`);
  cachedBinary = found;
  return found;
}

export function anvilArgs(opts: AnvilOptions = {}): string[] {
  const args = ['--host', '127.0.0.1', '--port', '0'];
  if (opts.accounts !== undefined) args.push('--accounts', String(opts.accounts));
  if (opts.cors === false) args.push('--no-cors');
  else if (typeof opts.cors === 'string') args.push('--allow-origin', opts.cors);
  if (opts.chainId !== undefined) args.push('--chain-id', String(opts.chainId));
  return [...args, ...(opts.args ?? [])];
}

/** Starts a real anvil on 127.0.0.1 with a kernel-chosen port and resolves once its RPC answers. */
export function startAnvil(opts: AnvilOptions = {}): Promise<ManagedNode> {
  return spawnNode({
    binary: anvilBinary(),
    args: anvilArgs(opts),
    listening: /Listening on (127\.0\.0\.1:\d+)/,
    name: 'anvil',
    startTimeoutMs: opts.startTimeoutMs,
    signal: opts.signal,
  });
}

import { readTextFileSync } from '../clients/files.js';
import { resolve } from 'node:path';
import { RpcClient } from '../clients/rpc.js';
import { resolveCredential } from '../scope/credentials.js';
import type { TargetOf } from '../scope/schema.js';

const RPC_TIMEOUT_MS = 10_000;
const RPC_MAX_BYTES = 8 * 1024 * 1024;

function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

/** Builds the RPC client for a node target with the credentials its scope entry references. */
export function rpcClientFor(
  t: TargetOf<'evm-node'> | TargetOf<'bitcoin-node'>,
  scopeDir: string,
  signal?: AbortSignal,
): RpcClient {
  const headers: Record<string, string> = {};
  if (t.kind === 'evm-node' && t.auth) {
    if (t.auth.bearer) headers.authorization = `Bearer ${resolveCredential(t.auth.bearer, scopeDir)}`;
    else if (t.auth.password)
      headers.authorization = basic(t.auth.user ?? '', resolveCredential(t.auth.password, scopeDir));
  }
  if (t.kind === 'bitcoin-node' && t.auth) {
    if (t.auth.cookieFile) {
      const cookie = readTextFileSync(resolve(scopeDir, t.auth.cookieFile), { maxBytes: 1024 }).trim();
      headers.authorization = `Basic ${Buffer.from(cookie).toString('base64')}`;
    } else if (t.auth.password) {
      headers.authorization = basic(t.auth.user ?? '', resolveCredential(t.auth.password, scopeDir));
    }
  }
  return new RpcClient({ url: t.rpc, headers, timeoutMs: RPC_TIMEOUT_MS, maxBytes: RPC_MAX_BYTES, signal });
}

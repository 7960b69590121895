import { RpcClient } from '../../clients/rpc.js';
import { InputError } from '../../errors.js';
import { maskUrl } from '../../mask.js';

const RPC_TIMEOUT_MS = 30_000;
/** A full Ethereum block with transactions and receipts can be tens of MB. */
const RPC_MAX_BYTES = 64 << 20;

/** An RPC client for a node URL; credentials in the URL become a Basic header and never reach output. */
export function rpcClientFor(url: string, signal?: AbortSignal): RpcClient {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new InputError(`${url}: not a URL`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    throw new InputError(`${maskUrl(url)}: only http(s) node URLs are supported`);
  const headers: Record<string, string> = {};
  if (u.username || u.password) {
    headers.authorization = `Basic ${Buffer.from(`${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`).toString('base64')}`;
    u.username = '';
    u.password = '';
  }
  return new RpcClient({ url: u.toString(), headers, timeoutMs: RPC_TIMEOUT_MS, maxBytes: RPC_MAX_BYTES, signal });
}

import { accessSync, closeSync, constants, statSync } from 'node:fs';
import { FileInputError, openRegularFile, problemFromError } from '../clients/files.js';
import { resolve } from 'node:path';
import { detectConfigFormat } from '../analyzers/configs/index.js';
import { readConfigText } from '../analyzers/configs/common.js';
import { errorMessage } from '../errors.js';
import type { Evidence } from '../model.js';
import { maskUrl } from '../mask.js';
import { probePort } from '../clients/tcp.js';
import type { RpcClient } from '../clients/rpc.js';
import type { Target, TargetOf } from '../scope/schema.js';

export type Preflight = { reachable: true } | { reachable: false; reason: string; evidence: Evidence[] };

const REACHED: Preflight = { reachable: true };

/**
 * Before any check looks at a node, one call tells whether it answers JSON-RPC at all. A server
 * that is down, or answers HTML, nothing or garbage, is one finding, and its checks do not run:
 * otherwise every check would read the silence its own way, some of them as a pass.
 * An HTTP 401/403 is an answer (an authentication layer in front of the node): checks decide.
 */
async function nodeAnswers(t: TargetOf<'evm-node'> | TargetOf<'bitcoin-node'>, rpc: RpcClient): Promise<Preflight> {
  const method = t.kind === 'evm-node' ? 'eth_chainId' : 'getblockchaininfo';
  const sent: Evidence = { label: 'sent', value: `POST ${maskUrl(t.rpc)} ${method}` };
  try {
    const out = await rpc.call(method);
    if (out.http.status === 401 || out.http.status === 403) return REACHED;
    if (!out.malformed) return REACHED;
    return {
      reachable: false,
      reason: `${maskUrl(t.rpc)} answers, but not in JSON-RPC (${out.malformed})`,
      evidence: [sent, { label: 'seen', value: out.malformed }],
    };
  } catch (e) {
    return {
      reachable: false,
      reason: `${maskUrl(t.rpc)} cannot be reached: ${errorMessage(e)}`,
      evidence: [sent, { label: 'seen', value: errorMessage(e) }],
    };
  }
}

/** A remote host with declared TCP services is reached when any one of them accepts a connection. */
async function hostAnswers(t: TargetOf<'host'>, signal: AbortSignal): Promise<Preflight> {
  if (t.address === 'local') return REACHED;
  const ports = [...new Set([...t.services.filter((s) => s.protocol === 'tcp').map((s) => s.port), t.ssh?.port])]
    .filter((p): p is number => p !== undefined)
    .slice(0, 16);
  if (ports.length === 0) return REACHED;
  const states = await Promise.all(ports.map((p) => probePort(t.address, p, 3_000, signal)));
  if (states.includes('open') || states.includes('closed')) return REACHED;
  return {
    reachable: false,
    reason: `${t.address}: none of the declared ports (${ports.join(', ')}) answered within 3 s`,
    evidence: ports.map((p, i) => ({ label: `connect ${t.address}:${p}`, value: states[i] })),
  };
}

function webAnswers(t: TargetOf<'web'>, signal: AbortSignal): Promise<Preflight> {
  const url = new URL(t.url);
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return probePort(host, port, 5_000, signal).then((state) =>
    state === 'open'
      ? REACHED
      : {
          reachable: false,
          reason: `${maskUrl(t.url)}: ${host}:${port} ${state === 'closed' ? 'refused the connection' : 'did not answer within 5 s'}`,
          evidence: [{ label: `connect ${host}:${port}`, value: state }],
        },
  );
}

/** A path a target reads: it must exist, be readable and be a file or a folder (never a FIFO or a device). */
function pathReadable(display: string, abs: string): Preflight {
  const fail = (reason: string): Preflight => ({
    reachable: false,
    reason: `${display}: ${reason}`,
    evidence: [{ label: 'path', value: abs }],
  });
  let st;
  try {
    st = statSync(abs);
  } catch (e) {
    return fail(problemFromError(display, e).detail);
  }
  if (!st.isFile() && !st.isDirectory())
    return fail('is neither a regular file nor a folder (a device, FIFO or socket)');
  try {
    if (st.isDirectory()) accessSync(abs, constants.R_OK | constants.X_OK);
    else closeSync(openRegularFile(abs).fd);
  } catch (e) {
    return fail(e instanceof FileInputError ? e.problem.detail : problemFromError(display, e).detail);
  }
  return REACHED;
}

/** With `format: auto`, a file whose format cannot be told would silently match no check. */
function configFormatKnown(display: string, abs: string): Preflight {
  try {
    if (detectConfigFormat(abs, readConfigText(abs))) return REACHED;
    return {
      reachable: false,
      reason: `${display}: cannot tell which configuration format this is; set format: in the scope`,
      evidence: [{ label: 'path', value: abs }],
    };
  } catch (e) {
    return { reachable: false, reason: errorMessage(e), evidence: [{ label: 'path', value: abs }] };
  }
}

export interface PreflightContext {
  scopeDir: string;
  signal: AbortSignal;
  rpc(t: TargetOf<'evm-node'> | TargetOf<'bitcoin-node'>): RpcClient;
}

/** Can the audit look at this target at all? Kinds without an outside to reach always can. */
export function preflight(t: Target, ctx: PreflightContext): Promise<Preflight> | Preflight {
  switch (t.kind) {
    case 'evm-node':
    case 'bitcoin-node':
      return nodeAnswers(t, ctx.rpc(t));
    case 'host':
      return hostAnswers(t, ctx.signal);
    case 'web':
      return webAnswers(t, ctx.signal);
    case 'ledger':
      return t.path ? pathReadable(t.path, resolve(ctx.scopeDir, t.path)) : REACHED;
    case 'config': {
      const abs = resolve(ctx.scopeDir, t.path);
      const readable = pathReadable(t.path, abs);
      if (!readable.reachable || t.format !== 'auto') return readable;
      return configFormatKnown(t.path, abs);
    }
    case 'contracts':
    case 'logs':
    case 'secrets':
    case 'terraform':
      return pathReadable(t.path, resolve(ctx.scopeDir, t.path));
    case 'kubernetes': {
      // A live cluster is asked by the checks themselves (per resource, so a 403 names what was refused).
      const local = t.path ?? t.kubeconfig!;
      return pathReadable(local, resolve(ctx.scopeDir, local));
    }
  }
}

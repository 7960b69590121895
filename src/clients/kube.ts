import { dirname, isAbsolute, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { InputError } from '../errors.js';
import { readWholeFileSync } from './files.js';
import { bodyText, httpRequest, HttpError } from './http.js';

const MAX_KUBECONFIG_BYTES = 1024 * 1024;
const MAX_PEM_BYTES = 256 * 1024;

/** Where and as whom to reach a cluster, resolved from a kubeconfig context. */
export interface KubeConnection {
  context: string;
  server: string;
  headers: Record<string, string>;
  tls: { ca?: Buffer; cert?: Buffer; key?: Buffer };
  insecure: boolean;
  /** How the client authenticates, for evidence (never the credential itself). */
  auth: string;
}

type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Rec) : {});

function named(list: unknown, name: string, what: string, file: string): Rec {
  const hit = (Array.isArray(list) ? list : []).map(rec).find((e) => e.name === name);
  if (!hit) throw new InputError(`${file}: no ${what} named "${name}"`);
  return rec(hit[what]);
}

function readBounded(path: string, max: number, what: string): Buffer {
  try {
    return readWholeFileSync(path, { maxBytes: max });
  } catch (e) {
    throw new InputError(`${e instanceof Error ? e.message : path}: reading the ${what}`);
  }
}

/**
 * Resolves a kubeconfig context into a connection. Exec credential plugins and auth providers are
 * never run: they execute programs named by the file, so a token must be given instead.
 */
export function kubeConnection(kubeconfig: string, context?: string, token?: string): KubeConnection {
  const text = readBounded(kubeconfig, MAX_KUBECONFIG_BYTES, 'kubeconfig').toString('utf8');
  let doc: Rec;
  try {
    doc = rec(parseYaml(text, { maxAliasCount: 50 }));
  } catch (e) {
    throw new InputError(
      `${kubeconfig}: invalid kubeconfig YAML: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`,
    );
  }
  const ctxName = context ?? (typeof doc['current-context'] === 'string' ? doc['current-context'] : undefined);
  if (!ctxName) throw new InputError(`${kubeconfig}: no context given and no current-context set`);
  const ctx = named(doc.contexts, ctxName, 'context', kubeconfig);
  const cluster = named(doc.clusters, String(ctx.cluster ?? ''), 'cluster', kubeconfig);
  const user = ctx.user === undefined ? {} : named(doc.users, String(ctx.user), 'user', kubeconfig);
  const base = dirname(kubeconfig);
  const file = (p: unknown) => {
    const s = String(p);
    return readBounded(isAbsolute(s) ? s : join(base, s), MAX_PEM_BYTES, 'certificate or key file');
  };
  const data = (v: unknown) => Buffer.from(String(v), 'base64');
  const server = String(cluster.server ?? '');
  if (!/^https?:\/\//.test(server))
    throw new InputError(`${kubeconfig}: cluster of context "${ctxName}" has no server URL`);
  const tls: KubeConnection['tls'] = {};
  if (cluster['certificate-authority-data']) tls.ca = data(cluster['certificate-authority-data']);
  else if (cluster['certificate-authority']) tls.ca = file(cluster['certificate-authority']);
  const headers: Record<string, string> = { accept: 'application/json' };
  let auth = 'anonymous';
  if (token) {
    headers.authorization = `Bearer ${token.trim()}`;
    auth = 'bearer token from the scope';
  } else if (user.exec || user['auth-provider']) {
    throw new InputError(
      `${kubeconfig}: user of context "${ctxName}" authenticates through an ${user.exec ? 'exec plugin' : 'auth provider'}, which this tool does not run; give a read-only service-account token (token: { env: … } in the scope)`,
    );
  } else if (user.token) {
    headers.authorization = `Bearer ${String(user.token).trim()}`;
    auth = 'bearer token from the kubeconfig';
  } else if (user.tokenFile) {
    headers.authorization = `Bearer ${file(user.tokenFile).toString('utf8').trim()}`;
    auth = 'bearer token file';
  } else if (user['client-certificate-data'] || user['client-certificate']) {
    tls.cert = user['client-certificate-data']
      ? data(user['client-certificate-data'])
      : file(user['client-certificate']);
    const key = user['client-key-data'] ?? user['client-key'];
    if (!key) throw new InputError(`${kubeconfig}: user of context "${ctxName}" has a client certificate but no key`);
    tls.key = user['client-key-data'] ? data(key) : file(key);
    auth = 'client certificate';
  } else if (user.username && user.password) {
    headers.authorization = `Basic ${Buffer.from(`${String(user.username)}:${String(user.password)}`).toString('base64')}`;
    auth = 'basic authentication';
  }
  return {
    context: ctxName,
    server: server.replace(/\/+$/, ''),
    headers,
    tls,
    insecure: cluster['insecure-skip-tls-verify'] === true,
    auth,
  };
}

/** An API resource the audit lists. */
export interface KubeResource {
  kind: string;
  group: string;
  version: string;
  plural: string;
  namespaced: boolean;
}

export const AUDITED_RESOURCES: KubeResource[] = [
  ['Namespace', '', 'v1', 'namespaces', false],
  ['Node', '', 'v1', 'nodes', false],
  ['Pod', '', 'v1', 'pods', true],
  ['Service', '', 'v1', 'services', true],
  ['ServiceAccount', '', 'v1', 'serviceaccounts', true],
  ['ConfigMap', '', 'v1', 'configmaps', true],
  ['Secret', '', 'v1', 'secrets', true],
  ['PersistentVolumeClaim', '', 'v1', 'persistentvolumeclaims', true],
  ['PersistentVolume', '', 'v1', 'persistentvolumes', false],
  ['Deployment', 'apps', 'v1', 'deployments', true],
  ['StatefulSet', 'apps', 'v1', 'statefulsets', true],
  ['DaemonSet', 'apps', 'v1', 'daemonsets', true],
  ['Job', 'batch', 'v1', 'jobs', true],
  ['CronJob', 'batch', 'v1', 'cronjobs', true],
  ['Ingress', 'networking.k8s.io', 'v1', 'ingresses', true],
  ['NetworkPolicy', 'networking.k8s.io', 'v1', 'networkpolicies', true],
  ['PodDisruptionBudget', 'policy', 'v1', 'poddisruptionbudgets', true],
  ['HorizontalPodAutoscaler', 'autoscaling', 'v2', 'horizontalpodautoscalers', true],
  ['StorageClass', 'storage.k8s.io', 'v1', 'storageclasses', false],
  ['Role', 'rbac.authorization.k8s.io', 'v1', 'roles', true],
  ['RoleBinding', 'rbac.authorization.k8s.io', 'v1', 'rolebindings', true],
  ['ClusterRole', 'rbac.authorization.k8s.io', 'v1', 'clusterroles', false],
  ['ClusterRoleBinding', 'rbac.authorization.k8s.io', 'v1', 'clusterrolebindings', false],
].map(([kind, group, version, plural, namespaced]) => ({
  kind: kind as string,
  group: group as string,
  version: version as string,
  plural: plural as string,
  namespaced: namespaced as boolean,
}));

export function resourcePath(r: KubeResource, namespace?: string): string {
  const root = r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`;
  return namespace && r.namespaced
    ? `${root}/namespaces/${encodeURIComponent(namespace)}/${r.plural}`
    : `${root}/${r.plural}`;
}

export type ListOutcome =
  { ok: true; items: Rec[]; path: string } | { ok: false; path: string; status?: number; reason: string };

export interface KubeListOptions {
  timeoutMs: number;
  /** Bound on one response body. */
  maxBytes?: number;
  pageSize?: number;
  /** Bound on the items of one resource across pages. */
  maxItems: number;
  signal?: AbortSignal;
}

/** Secret values never leave the client: only the names of their keys are kept. */
function redactSecret(item: Rec): Rec {
  const keep = (v: unknown) => Object.fromEntries(Object.keys(rec(v)).map((k) => [k, '']));
  return { ...item, data: keep(item.data), stringData: undefined };
}

/**
 * Lists one resource, following `continue` tokens, read-only (GET only). A 403 is reported as the
 * account's limit rather than an empty list, so a check never passes on what it was not allowed to see.
 */
export async function listResource(
  conn: KubeConnection,
  r: KubeResource,
  namespace: string | undefined,
  opts: KubeListOptions,
): Promise<ListOutcome> {
  const path = resourcePath(r, namespace);
  const items: Rec[] = [];
  let cont: string | undefined;
  for (let page = 0; page < 10_000; page++) {
    const q = new URLSearchParams({ limit: String(opts.pageSize ?? 500) });
    if (cont) q.set('continue', cont);
    let res;
    try {
      res = await httpRequest({
        url: `${conn.server}${path}?${q}`,
        headers: conn.headers,
        tls: conn.tls,
        insecureTls: conn.insecure,
        timeoutMs: opts.timeoutMs,
        maxBytes: opts.maxBytes ?? 32 * 1024 * 1024,
        signal: opts.signal,
      });
    } catch (e) {
      return { ok: false, path, reason: e instanceof HttpError ? e.message : String(e) };
    }
    if (res.truncated)
      return { ok: false, path, reason: `answer larger than ${opts.maxBytes ?? 32 * 1024 * 1024} bytes` };
    let body: Rec;
    try {
      body = rec(JSON.parse(res.body.toString('utf8')));
    } catch {
      return {
        ok: false,
        path,
        status: res.status,
        reason: `HTTP ${res.status}, not JSON: ${bodyText(res.body, 200)}`,
      };
    }
    if (res.status !== 200) {
      const msg = typeof body.message === 'string' ? body.message : bodyText(res.body, 200);
      const reason =
        res.status === 403
          ? `forbidden (HTTP 403) for ${conn.auth}: ${msg}`
          : res.status === 401
            ? `unauthorized (HTTP 401): the ${conn.auth} was refused`
            : res.status === 410
              ? `the listing expired between pages (HTTP 410): ${msg}`
              : `HTTP ${res.status}: ${msg}`;
      return { ok: false, path, status: res.status, reason };
    }
    if (!Array.isArray(body.items)) return { ok: false, path, status: 200, reason: 'answer is not a list (no items)' };
    for (const raw of body.items) {
      const item = { ...rec(raw), kind: r.kind, apiVersion: r.group ? `${r.group}/${r.version}` : r.version };
      items.push(r.kind === 'Secret' ? redactSecret(item) : item);
    }
    if (items.length > opts.maxItems) return { ok: false, path, reason: `more than ${opts.maxItems} ${r.plural}` };
    const next = rec(body.metadata).continue;
    if (typeof next !== 'string' || !next) return { ok: true, items, path };
    if (next === cont) return { ok: false, path, reason: 'the server repeated a continue token' };
    cont = next;
    if (opts.signal?.aborted) return { ok: false, path, reason: 'aborted' };
  }
  return { ok: false, path, reason: 'too many pages' };
}

import { relative } from 'node:path';
import { AUDITED_RESOURCES, kubeConnection, listResource, type KubeResource } from '../../clients/kube.js';
import { errorMessage, InputError } from '../../errors.js';
import type { Evidence, Location, Severity, Status } from '../../model.js';
import type { TargetOf } from '../../scope/schema.js';
import { buildInventory, type InputIssue, type Inventory } from '../../analyzers/k8s/inventory.js';
import { loadManifests, makeObject } from '../../analyzers/k8s/manifests.js';
import type { K8sObject, Path } from '../../analyzers/k8s/model.js';
import {
  defineCheck,
  type Check,
  type CheckContext,
  type CheckMeta,
  type CheckResult,
  type ResultMeta,
} from '../types.js';

export type KubeTarget = TargetOf<'kubernetes'>;
type Ctx = CheckContext<KubeTarget>;

/** Reads the objects of a live cluster, resource by resource; refusals are kept per kind. */
async function loadLive(t: KubeTarget, ctx: Ctx): Promise<Inventory> {
  const token = t.token ? ctx.credential(t.token) : undefined;
  const conn = kubeConnection(ctx.path(t.kubeconfig!), t.context, token);
  const objects: K8sObject[] = [];
  const unavailable = new Map<string, string>();
  const opts = { timeoutMs: t.timeoutMs, maxItems: t.maxObjects, signal: ctx.signal };
  const one = async (r: KubeResource) => {
    const spaces = r.namespaced && t.namespaces?.length ? t.namespaces : [undefined];
    for (const ns of spaces) {
      const out = await listResource(conn, r, ns, opts);
      if (!out.ok) {
        unavailable.set(r.kind, `${out.path}: ${out.reason}`);
        continue;
      }
      for (const item of out.items) {
        const name = String((item.metadata as Record<string, unknown> | undefined)?.name ?? '?');
        const file = `k8s://${conn.context}${out.path}/${name}`;
        objects.push(makeObject(item, { file, line: () => undefined, valueLine: () => undefined }));
      }
    }
  };
  // A few lists at a time: enough to hide latency, few enough not to burden the API server.
  const queue = [...AUDITED_RESOURCES];
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      for (let r = queue.shift(); r; r = queue.shift()) await one(r);
    }),
  );
  if (unavailable.size === AUDITED_RESOURCES.length) {
    const first = [...unavailable.values()][0];
    throw new InputError(`cluster context "${conn.context}" at ${conn.server}: nothing could be listed (${first})`);
  }
  if (objects.length > t.maxObjects)
    throw new InputError(`cluster context "${conn.context}": more than ${t.maxObjects} objects`);
  return buildInventory(objects, { mode: 'live', label: `cluster context "${conn.context}"`, unavailable });
}

/** The inventory of a kubernetes target, read once per run and shared by every check. */
export function inventory(ctx: Ctx): Promise<Inventory | { error: string }> {
  const t = ctx.target;
  return ctx.memo(`k8s-inventory:${t.id}`, async () => {
    try {
      const shown = (f: string) => relative(ctx.scope.dir, f) || f;
      const fromFiles = t.path ? loadManifests(ctx.path(t.path), shown, t.namespace) : undefined;
      if (!t.kubeconfig) return fromFiles!;
      const live = await loadLive(t, ctx);
      if (!fromFiles) return live;
      // Both given: the cluster is what runs; manifests add what it does not hold.
      const extra = fromFiles.objects.filter((o) => !live.byRef.has(o.ref));
      return buildInventory([...live.objects, ...extra], {
        mode: 'live',
        label: `${live.label} and ${fromFiles.label}`,
        issues: fromFiles.issues,
        skipped: fromFiles.skipped,
        unavailable: live.unavailable,
        truncated: fromFiles.truncated,
        filesRead: fromFiles.filesRead,
      });
    } catch (e) {
      if (e instanceof InputError) return { error: e.message };
      return { error: `${t.path ?? t.kubeconfig}: ${errorMessage(e)}` };
    }
  });
}

export function loc(o: K8sObject, path: Path = []): Location {
  const line = o.source.line(path);
  return line === undefined ? { file: o.source.file } : { file: o.source.file, line };
}

export function lineLoc(o: K8sObject, line: number | undefined): Location {
  return line === undefined ? { file: o.source.file } : { file: o.source.file, line };
}

/** Helper for the results of Kubernetes checks: one object, one place, one declared sub-result. */
export interface Hit {
  result: string;
  status: Exclude<Status, 'error' | 'not-applicable'>;
  obj: K8sObject;
  /** Field path in the object, or an explicit line (a flag inside a script). */
  path?: Path;
  line?: number;
  message: string;
  /** Object-relative discriminator; the key is `<ref>:<detail>` in both modes. */
  detail?: string;
  /** A key of its own for results about the cluster as a whole rather than the object they point at. */
  key?: string;
  evidence?: Evidence[];
  severity?: Severity;
  remediation?: string;
  related?: Location[];
}

export function hit(h: Hit): CheckResult {
  const location = h.line !== undefined ? lineLoc(h.obj, h.line) : loc(h.obj, h.path ?? []);
  const evidence = [...(h.evidence ?? [])];
  if (h.obj.source.rendered) evidence.push({ label: 'rendered from', value: h.obj.source.rendered });
  return {
    status: h.status,
    result: h.result,
    message: h.message,
    locations: [location],
    evidence,
    key: h.key ?? `${h.obj.ref}${h.detail ? `:${h.detail}` : ''}`,
    ...(h.severity ? { severity: h.severity } : {}),
    ...(h.remediation ? { remediation: h.remediation } : {}),
    ...(h.related ? { related: h.related } : {}),
    ...(h.status === 'pass' ? { severity: 'info' as Severity } : {}),
  };
}

export interface Evaluation {
  results: CheckResult[];
  /** How many objects the check judged; zero makes the check not applicable. */
  examined: number;
  /** What was examined, for the summary (`signer workloads`). */
  subject: string;
  /** What a clean result means (`none runs more than one replica`). */
  clean?: string;
}

const COMMON_RESULTS: Record<string, ResultMeta> = {
  unreadable: { title: 'Manifests or cluster objects could not be read', severity: 'info' },
  'not-applicable': { title: 'Nothing of this kind in the input', severity: 'info' },
  clean: { title: 'Every object examined meets the requirement', severity: 'info' },
};

/**
 * A Kubernetes check over the target's inventory. It fails closed: an unreadable input, a file that
 * did not parse, or a kind the cluster refused to list turns the verdict into an error naming it.
 */
export function kubeCheck(
  meta: Omit<CheckMeta, 'targetKinds' | 'level' | 'items'> & { results: Record<string, ResultMeta> },
  needs: string[],
  evaluate: (inv: Inventory, ctx: Ctx) => Evaluation,
): Check {
  return defineCheck(
    { ...meta, results: { ...meta.results, ...COMMON_RESULTS }, targetKinds: ['kubernetes'], level: 'passive' },
    async (ctx) => {
      const inv = await inventory(ctx);
      if ('error' in inv) return [{ status: 'error', result: 'unreadable', message: inv.error, key: 'input' }];
      const refused = needs.filter((k) => inv.unavailable.has(k));
      const out: CheckResult[] = [];
      const ev = evaluate(inv, ctx);
      out.push(...ev.results);
      for (const k of refused)
        out.push({
          status: 'error',
          result: 'unreadable',
          message: `${k} objects could not be listed, so this verdict is incomplete: ${inv.unavailable.get(k)}`,
          key: `input:${k}`,
        });
      if (inv.issues.length)
        out.push({
          status: 'error',
          result: 'unreadable',
          message: `${inv.issues.length} file(s) could not be read, so this verdict is incomplete: ${inv.issues
            .slice(0, 5)
            .map((i: InputIssue) => i.message)
            .join('; ')}`,
          locations: inv.issues.slice(0, 20).map((i) => ({ file: i.file })),
          key: 'input:files',
        });
      const judged = out.some((r) => r.status !== 'pass' && r.status !== 'error');
      if (!judged && !refused.length && !inv.issues.length) {
        if (ev.examined === 0)
          out.push({
            status: 'not-applicable',
            result: 'not-applicable',
            message: `no ${ev.subject} in ${inv.label}`,
            key: 'summary',
          });
        else
          out.push({
            status: 'pass',
            result: 'clean',
            severity: 'info',
            message: `${ev.examined} ${ev.subject} examined in ${inv.label}${ev.clean ? `: ${ev.clean}` : ''}`,
            key: 'summary',
          });
      }
      return out;
    },
  );
}

export const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'Pod'];
export const RBAC_KINDS = ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'];

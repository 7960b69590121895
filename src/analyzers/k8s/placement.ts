import { setting } from './chain.js';
import { kindOf, mountFor, type Consensus, type Container, type Inventory, type Workload } from './inventory.js';
import { isKeyName, isSigningKeyFile } from './keys.js';
import { arr, at, isObj, labelsOf, objs, selects, str, type K8sObject, type Obj, type Path } from './model.js';

export const ZONE = 'topology.kubernetes.io/zone';
export const REGION = 'topology.kubernetes.io/region';
export const HOSTNAME = 'kubernetes.io/hostname';
const LEGACY_ZONE = 'failure-domain.beta.kubernetes.io/zone';

/** Faults a quorum survives: BFT tolerates f < n/3 faulty voters, Raft (crash faults) f < n/2. */
export function tolerance(consensus: Consensus | undefined, n: number): number {
  if (n <= 1) return 0;
  return consensus === 'raft' ? Math.floor((n - 1) / 2) : Math.floor((n - 1) / 3);
}

export interface SignerGroup {
  chain: string;
  consensus?: Consensus;
  workloads: Workload[];
  /** Signing pods the group runs (a DaemonSet counts once per workload). */
  pods: number;
}

export const mainContainers = (w: Workload): Container[] => w.containers.filter((c) => c.group === 'containers');

export function signers(inv: Inventory): Workload[] {
  return inv.workloads.filter((w) => w.role.kind === 'signer' && !['Job', 'CronJob'].includes(w.obj.kind));
}

/** Signers that take part in one consensus, grouped by chain (remote signers are not voters themselves). */
export function voterGroups(inv: Inventory): SignerGroup[] {
  const groups = new Map<string, SignerGroup>();
  for (const w of signers(inv)) {
    if (w.family === 'remote-signer' || w.family === 'cometbft-signer') continue;
    const g = groups.get(w.chain) ?? { chain: w.chain, consensus: w.role.consensus, workloads: [], pods: 0 };
    g.workloads.push(w);
    g.pods += Number.isFinite(w.replicas) ? w.replicas : 1;
    g.consensus ??= w.role.consensus;
    groups.set(w.chain, g);
  }
  return [...groups.values()];
}

/** Where a volume's data lives across pods: shared by every replica, one per pod, or lost with the pod. */
export type VolumeScope = 'shared' | 'per-pod' | 'ephemeral' | 'node';

export function volumeScope(v: Obj | undefined): VolumeScope {
  if (!v) return 'ephemeral';
  if (v.claimTemplate) return 'per-pod';
  if ('emptyDir' in v || 'ephemeral' in v) return 'ephemeral';
  if ('hostPath' in v || 'local' in v) return 'node';
  return 'shared';
}

export interface KeySource {
  container: Container;
  volume: string;
  raw?: Obj;
  mountPath: string;
  path: Path;
  scope: VolumeScope;
  why: string;
}

/** Secret names inside a volume (plain or projected). */
export function secretNames(v: Obj): string[] {
  const out: string[] = [];
  if (isObj(v.secret)) out.push(String(v.secret.secretName));
  if (isObj(v.projected))
    for (const s of objs(v.projected.sources)) if (isObj(s.secret)) out.push(String(s.secret.name));
  return out;
}

/** Volumes that hold a signer's keys: Secrets, or volumes whose names, paths or items say so, or that key flags point into. */
export function keySources(w: Workload): KeySource[] {
  const out: KeySource[] = [];
  for (const c of mainContainers(w)) {
    const flagged = c.settings.filter((s) => /^keys/.test(s.key)).flatMap((s) => s.value.split(/[:,]/));
    for (const m of c.mounts) {
      const v = w.volumes.get(m.volume)?.raw;
      const items = v
        ? [...objs(at(v, ['secret', 'items'])), ...objs(at(v, ['configMap', 'items']))].map((i) =>
            String(i.path ?? i.key),
          )
        : [];
      const secrets = v ? secretNames(v) : [];
      const why = flagged.some((p) => p.startsWith(m.mountPath))
        ? 'key flag points into it'
        : items.some(isSigningKeyFile)
          ? `holds ${items.filter(isSigningKeyFile).join(', ')}`
          : secrets.some(isKeyName)
            ? `Secret ${secrets.join(', ')}`
            : isKeyName(m.volume) || /key|keystore|priv_validator|msp|wallet|validator/i.test(m.mountPath)
              ? `mounted at ${m.mountPath}`
              : '';
      if (!why) continue;
      out.push({
        container: c,
        volume: m.volume,
        raw: v,
        mountPath: m.mountPath,
        path: m.path,
        scope: volumeScope(v),
        why,
      });
    }
  }
  return out;
}

/** Whether signing happens elsewhere: an external signer URL, a CometBFT privval listener. */
export function remoteSigner(w: Workload): string | undefined {
  for (const c of mainContainers(w)) {
    const ext = setting(c.settings, 'signer.external');
    if (ext) return `external signer ${ext.value}`;
    const privval = setting(c.settings, 'comet.privval.laddr');
    if (privval) return `remote signer on ${privval.value}`;
  }
  return undefined;
}

export interface SpreadRule {
  kind: 'anti-affinity' | 'topology-spread';
  key: string;
  required: boolean;
  selector: unknown;
  path: Path;
}

/** Anti-affinity terms and topology spread constraints of a pod template. */
export function spreadRules(w: Workload): SpreadRule[] {
  const out: SpreadRule[] = [];
  const anti = at(w.spec, ['affinity', 'podAntiAffinity']);
  if (isObj(anti)) {
    objs(anti.requiredDuringSchedulingIgnoredDuringExecution).forEach((t, i) =>
      out.push({
        kind: 'anti-affinity',
        key: String(t.topologyKey),
        required: true,
        selector: t.labelSelector,
        path: [...w.specPath, 'affinity', 'podAntiAffinity', 'requiredDuringSchedulingIgnoredDuringExecution', i],
      }),
    );
    objs(anti.preferredDuringSchedulingIgnoredDuringExecution).forEach((t, i) =>
      out.push({
        kind: 'anti-affinity',
        key: String(at(t, ['podAffinityTerm', 'topologyKey'])),
        required: false,
        selector: at(t, ['podAffinityTerm', 'labelSelector']),
        path: [...w.specPath, 'affinity', 'podAntiAffinity', 'preferredDuringSchedulingIgnoredDuringExecution', i],
      }),
    );
  }
  objs(w.spec.topologySpreadConstraints).forEach((t, i) =>
    out.push({
      kind: 'topology-spread',
      key: String(t.topologyKey),
      required: t.whenUnsatisfiable !== 'ScheduleAnyway' && Number(t.maxSkew ?? 1) <= 1,
      selector: t.labelSelector,
      path: [...w.specPath, 'topologySpreadConstraints', i],
    }),
  );
  return out;
}

/**
 * How a workload keeps its pods apart from the other voters of its group along a topology key:
 * `required` (hard rule selecting all of them), `preferred` (soft), or `none`.
 */
export function separation(
  w: Workload,
  group: Workload[],
  keys: string[],
): { level: 'required' | 'preferred' | 'none'; rule?: SpreadRule } {
  const others = group.filter((o) => o !== w);
  const covers = (r: SpreadRule) =>
    keys.includes(r.key) &&
    (others.length ? others : [w]).every((o) => selects(r.selector, o.podLabels)) &&
    (w.replicas <= 1 || selects(r.selector, w.podLabels));
  const rules = spreadRules(w).filter(covers);
  const req = rules.find((r) => r.required);
  if (req) return { level: 'required', rule: req };
  if (rules.length) return { level: 'preferred', rule: rules[0] };
  return { level: 'none' };
}

/** Values a pod template pins for a node label through nodeSelector or required node affinity. */
export function pinned(w: Workload, key: string): { values: string[]; path: Path } | undefined {
  const sel = at(w.spec, ['nodeSelector', key]);
  if (sel !== undefined) return { values: [String(sel)], path: [...w.specPath, 'nodeSelector', key] };
  const terms = objs(
    at(w.spec, ['affinity', 'nodeAffinity', 'requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms']),
  );
  for (const [ti, t] of terms.entries())
    for (const [ei, e] of objs(t.matchExpressions).entries())
      if (e.key === key && e.operator === 'In')
        return {
          values: arr(e.values).map(String),
          path: [
            ...w.specPath,
            'affinity',
            'nodeAffinity',
            'requiredDuringSchedulingIgnoredDuringExecution',
            'nodeSelectorTerms',
            ti,
            'matchExpressions',
            ei,
          ],
        };
  if (key === HOSTNAME && str(w.spec.nodeName))
    return { values: [String(w.spec.nodeName)], path: [...w.specPath, 'nodeName'] };
  return undefined;
}

export interface PlacedPod {
  pod: K8sObject;
  workload?: Workload;
  node?: string;
  zone?: string;
  region?: string;
}

/** Where a live cluster actually put the pods of some workloads (by owner chain or label selection). */
export function placedPods(inv: Inventory, ws: Workload[]): PlacedPod[] {
  if (inv.mode !== 'live') return [];
  const nodes = new Map(inv.nodes.map((n) => [n.name, labelsOf(n.raw)]));
  const out: PlacedPod[] = [];
  for (const pod of inv.pods) {
    const phase = at(pod.raw, ['status', 'phase']);
    if (phase === 'Succeeded' || phase === 'Failed') continue;
    const labels = labelsOf(pod.raw);
    const w = ws.find(
      (x) =>
        x.obj.namespace === pod.namespace &&
        Object.keys(x.podLabels).length &&
        Object.entries(x.podLabels).every(([k, v]) => labels[k] === v),
    );
    if (!w) continue;
    const node = str(at(pod.raw, ['spec', 'nodeName']));
    const nl = node ? nodes.get(node) : undefined;
    out.push({ pod, workload: w, node, zone: nl?.[ZONE] ?? nl?.[LEGACY_ZONE], region: nl?.[REGION] });
  }
  return out;
}

export interface Budget {
  pdb: K8sObject;
  selected: number;
  allowed: number;
  setting: string;
  path: Path;
}

/** Disruptions each PodDisruptionBudget allows over the given pods, the way the eviction API computes them. */
export function budgets(inv: Inventory, pods: { w: Workload; count: number }[]): Budget[] {
  const out: Budget[] = [];
  for (const pdb of kindOf(inv, 'PodDisruptionBudget')) {
    const spec = isObj(pdb.raw.spec) ? pdb.raw.spec : {};
    const sel = pods.filter((p) => p.w.obj.namespace === pdb.namespace && selects(spec.selector, p.w.podLabels));
    if (!sel.length) continue;
    const n = sel.reduce((a, p) => a + p.count, 0);
    let allowed: number;
    let setting: string;
    let path: Path;
    if (spec.maxUnavailable !== undefined) {
      const m = String(spec.maxUnavailable);
      allowed = /%$/.test(m) ? Math.ceil((Number(m.slice(0, -1)) * n) / 100) : Number(m);
      setting = `maxUnavailable: ${m}`;
      path = ['spec', 'maxUnavailable'];
    } else {
      const m = String(spec.minAvailable ?? 1);
      const min = /%$/.test(m) ? Math.ceil((Number(m.slice(0, -1)) * n) / 100) : Number(m);
      allowed = Math.max(0, n - min);
      setting = `minAvailable: ${m}`;
      path = spec.minAvailable !== undefined ? ['spec', 'minAvailable'] : ['spec'];
    }
    out.push({ pdb, selected: n, allowed, setting, path });
  }
  return out;
}

/** Whether a path in a container lands on a persistent volume. */
export function persistence(
  w: Workload,
  c: Container,
  path: string,
): { scope: VolumeScope; volume?: string; mountPath?: string } {
  const m = mountFor(w, c, path);
  if (!m) return { scope: 'ephemeral' };
  return { scope: volumeScope(m.volume), volume: m.mount.volume, mountPath: m.mount.mountPath };
}

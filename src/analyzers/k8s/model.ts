export type Obj = Record<string, unknown>;
export type Path = (string | number)[];

export const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const objs = (v: unknown): Obj[] => arr(v).filter(isObj);
export const str = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;

export function at(o: unknown, path: Path): unknown {
  let cur = o;
  for (const p of path) cur = isObj(cur) || Array.isArray(cur) ? (cur as Obj)[p as string] : undefined;
  return cur;
}

/** Where an object came from: a manifest file (with line lookup) or a live cluster (an API path). */
export interface Source {
  /** A manifest file as given, or `k8s://<context>/<api path>` for an object read from a cluster. */
  file: string;
  /** Line of a field's key (or item) in the file; undefined for live objects. */
  line(path: Path): number | undefined;
  /** Line where a scalar's text starts (the line after `|` for block scalars). */
  valueLine(path: Path): number | undefined;
  /** The chart template a `helm template` document came from (`# Source:` comment). */
  rendered?: string;
}

export interface K8sObject {
  kind: string;
  apiVersion: string;
  name: string;
  /** Undefined for cluster-scoped kinds. */
  namespace?: string;
  raw: Obj;
  /** Identity shared by manifests mode and live mode: `Kind/namespace/name` or `Kind/name`. */
  ref: string;
  source: Source;
}

export function objectRef(kind: string, namespace: string | undefined, name: string): string {
  return namespace === undefined ? `${kind}/${name}` : `${kind}/${namespace}/${name}`;
}

export function labelsOf(o: unknown): Record<string, string> {
  const l = at(o, ['metadata', 'labels']);
  if (!isObj(l)) return {};
  return Object.fromEntries(Object.entries(l).map(([k, v]) => [k, String(v)]));
}

export function annotationsOf(o: unknown): Record<string, string> {
  const l = at(o, ['metadata', 'annotations']);
  if (!isObj(l)) return {};
  return Object.fromEntries(Object.entries(l).map(([k, v]) => [k, String(v)]));
}

/** Whether a label selector (matchLabels / matchExpressions, or a Service's plain map) selects these labels. */
export function selects(selector: unknown, labels: Record<string, string>, plain = false): boolean {
  if (!isObj(selector)) return false;
  const match = plain ? selector : isObj(selector.matchLabels) ? selector.matchLabels : {};
  const exprs = plain ? [] : objs(selector.matchExpressions);
  if (!Object.keys(match).length && !exprs.length) return !plain;
  for (const [k, v] of Object.entries(match)) if (labels[k] !== String(v)) return false;
  for (const e of exprs) {
    const key = String(e.key);
    const values = arr(e.values).map(String);
    const has = key in labels;
    switch (e.operator) {
      case 'In':
        if (!has || !values.includes(labels[key])) return false;
        break;
      case 'NotIn':
        if (has && values.includes(labels[key])) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** Kubernetes quantities (`512Mi`, `2Gi`, `500m`, `1.5`) as a number of base units; NaN when unreadable. */
export function quantity(v: unknown): number {
  const s = str(v)?.trim();
  if (!s) return NaN;
  const m = /^([+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?$/.exec(s);
  if (!m) return NaN;
  const mult: Record<string, number> = {
    Ki: 2 ** 10,
    Mi: 2 ** 20,
    Gi: 2 ** 30,
    Ti: 2 ** 40,
    Pi: 2 ** 50,
    Ei: 2 ** 60,
    n: 1e-9,
    u: 1e-6,
    m: 1e-3,
    k: 1e3,
    M: 1e6,
    G: 1e9,
    T: 1e12,
    P: 1e15,
    E: 1e18,
  };
  return Number(m[1]) * (m[2] ? mult[m[2]] : 1);
}

/** An `int-or-string` like maxSurge: a count, or a percentage of `of` rounded the way the controller does. */
export function intOrPercent(v: unknown, of: number, roundUp: boolean): number | undefined {
  if (typeof v === 'number') return v;
  const s = str(v);
  if (s === undefined) return undefined;
  const pct = /^(\d+)%$/.exec(s);
  if (pct) {
    const x = (Number(pct[1]) * of) / 100;
    return roundUp ? Math.ceil(x) : Math.floor(x);
  }
  return /^\d+$/.test(s) ? Number(s) : undefined;
}

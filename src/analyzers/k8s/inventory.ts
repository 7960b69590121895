import { containerWords, type Word } from './args.js';
import {
  detectClient,
  nodeSettings,
  portRole,
  type ClientRun,
  type EnvValue,
  type Family,
  type NodeSetting,
  type PortRole,
} from './chain.js';
import {
  annotationsOf,
  arr,
  at,
  isObj,
  labelsOf,
  objectRef,
  objs,
  str,
  type K8sObject,
  type Obj,
  type Path,
} from './model.js';

const POD_SPEC: Record<string, Path> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

export interface ContainerPort {
  port: number;
  name?: string;
  hostPort?: number;
  role?: PortRole;
  path: Path;
}

export interface Mount {
  volume: string;
  mountPath: string;
  readOnly: boolean;
  subPath?: string;
  path: Path;
}

export interface Container {
  name: string;
  group: 'containers' | 'initContainers';
  /** Path of the container inside its object. */
  path: Path;
  raw: Obj;
  image: string;
  words: Word[];
  run?: ClientRun;
  env: EnvValue[];
  settings: NodeSetting[];
  ports: ContainerPort[];
  mounts: Mount[];
}

export type RoleKind = 'signer' | 'node' | 'database' | 'other';
export type Consensus = 'bft' | 'raft' | 'pos' | 'poa';

export interface Role {
  kind: RoleKind;
  /** How the chain this signer serves agrees on blocks; decides the quorum arithmetic. */
  consensus?: Consensus;
  reason: string;
}

export interface Workload {
  obj: K8sObject;
  specPath: Path;
  spec: Obj;
  podLabels: Record<string, string>;
  podAnnotations: Record<string, string>;
  /** Pods the controller keeps; DaemonSets report Infinity (one per node). */
  replicas: number;
  containers: Container[];
  volumes: Map<string, { raw: Obj; path: Path }>;
  role: Role;
  family?: Family;
  /** The chain or network the workload belongs to: `chain`/`part-of` labels, else its namespace. */
  chain: string;
}

export interface InputIssue {
  file: string;
  message: string;
}

export interface Inventory {
  mode: 'manifests' | 'live';
  /** The manifests path or the cluster context, for messages. */
  label: string;
  objects: K8sObject[];
  byKind: Map<string, K8sObject[]>;
  byRef: Map<string, K8sObject>;
  workloads: Workload[];
  /** Running pods (live mode) with their node, for placement actually observed. */
  pods: K8sObject[];
  nodes: K8sObject[];
  /** Files or documents that could not be read: every verdict of the run is incomplete. */
  issues: InputIssue[];
  /** Files read that hold no Kubernetes object (values files, kustomization.yaml). */
  skipped: InputIssue[];
  /** Kinds the live cluster refused to list (403) or failed on, with the reason. */
  unavailable: Map<string, string>;
  truncated: boolean;
  filesRead: number;
}

const ROLE_WORDS =
  /(^|[-_./\s])(validators?|orderers?|signers?|sealers?|block-?producers?|sequencers?|consenters?|miners?)([-_./\s\d]|$)/i;
const ROLE_ANNOTATION = 'chainaudit.io/role';

function envOf(c: Obj, cpath: Path, obj: K8sObject): EnvValue[] {
  return objs(c.env).map((e, i) => {
    const ref = isObj(e.valueFrom)
      ? isObj(e.valueFrom.secretKeyRef)
        ? `secret:${String(e.valueFrom.secretKeyRef.name)}/${String(e.valueFrom.secretKeyRef.key)}`
        : isObj(e.valueFrom.configMapKeyRef)
          ? `configmap:${String(e.valueFrom.configMapKeyRef.name)}/${String(e.valueFrom.configMapKeyRef.key)}`
          : 'field'
      : undefined;
    return {
      name: String(e.name ?? ''),
      value: str(e.value),
      ref,
      line:
        obj.source.line([...cpath, 'env', arr(c.env).indexOf(e), ref ? 'valueFrom' : 'value']) ??
        obj.source.line([...cpath, 'env', i]),
    };
  });
}

function wordsOf(c: Obj, cpath: Path, obj: K8sObject): Word[] {
  const field = (f: 'command' | 'args') =>
    arr(c[f]).map((w, i) => ({ text: String(w), line: obj.source.line([...cpath, f, i]), path: [...cpath, f, i] }));
  const cmd = field('command');
  const args = field('args');
  const pathOf = new Map<Word, Path>([...cmd, ...args].map((w) => [w, w.path]));
  return containerWords(cmd, args, (w) => obj.source.valueLine(pathOf.get(w) ?? []));
}

function containersOf(obj: K8sObject, specPath: Path, spec: Obj): Container[] {
  const out: Container[] = [];
  for (const group of ['initContainers', 'containers'] as const) {
    arr(spec[group]).forEach((c, ci) => {
      if (!isObj(c)) return;
      const path = [...specPath, group, ci];
      const ports: ContainerPort[] = objs(c.ports).map((p, pi) => ({
        port: Number(p.containerPort),
        name: str(p.name),
        hostPort: p.hostPort === undefined ? undefined : Number(p.hostPort),
        path: [...path, 'ports', pi],
      }));
      const words = wordsOf(c, path, obj);
      const image = String(c.image ?? '');
      const run = detectClient(
        image,
        words,
        ports.map((p) => p.port),
      );
      const env = envOf(c, path, obj);
      for (const p of ports) p.role = portRole(run?.family, p.port, p.name);
      out.push({
        name: String(c.name ?? `#${ci}`),
        group,
        path,
        raw: c,
        image,
        words,
        run,
        env,
        settings: run ? nodeSettings(run, env) : [],
        ports,
        mounts: objs(c.volumeMounts).map((m, mi) => ({
          volume: String(m.name),
          mountPath: String(m.mountPath ?? ''),
          readOnly: m.readOnly === true,
          subPath: str(m.subPath),
          path: [...path, 'volumeMounts', mi],
        })),
      });
    });
  }
  return out;
}

function replicasOf(obj: K8sObject): number {
  const spec = isObj(obj.raw.spec) ? obj.raw.spec : {};
  switch (obj.kind) {
    case 'DaemonSet':
      return Infinity;
    case 'Deployment':
    case 'StatefulSet':
    case 'ReplicaSet':
    case 'ReplicationController':
      return spec.replicas === undefined || spec.replicas === null ? 1 : Number(spec.replicas);
    case 'Job':
      return spec.parallelism === undefined ? 1 : Number(spec.parallelism);
    case 'CronJob':
      return Number(at(spec, ['jobTemplate', 'spec', 'parallelism']) ?? 1);
    default:
      return 1;
  }
}

const SIGNER_FAMILIES: Partial<Record<Family, Consensus>> = {
  'validator-client': 'pos',
  'remote-signer': 'pos',
  'cometbft-signer': 'bft',
  'fabric-orderer': 'raft',
};

/**
 * Whether a workload signs blocks or votes. A signer runs a validator client, a remote signer, an
 * orderer, or is named/labelled as a validator; the `chainaudit.io/role` annotation overrides.
 */
function roleOf(
  obj: K8sObject,
  podLabels: Record<string, string>,
  podAnn: Record<string, string>,
  containers: Container[],
): Role {
  const ann = annotationsOf(obj.raw)[ROLE_ANNOTATION] ?? podAnn[ROLE_ANNOTATION];
  const families = containers.filter((c) => c.group === 'containers' && c.run).map((c) => c.run!);
  const consensusOf = (): Consensus | undefined => {
    for (const f of families) if (SIGNER_FAMILIES[f.family]) return SIGNER_FAMILIES[f.family];
    if (families.some((f) => f.family === 'cometbft')) return 'bft';
    if (families.some((f) => f.client === 'besu')) return 'bft';
    if (families.some((f) => f.family === 'execution')) return 'poa';
    if (families.some((f) => f.family === 'beacon')) return 'pos';
    return undefined;
  };
  if (ann === 'signer' || ann === 'validator')
    return { kind: 'signer', consensus: consensusOf(), reason: `annotation ${ROLE_ANNOTATION}: ${ann}` };
  if (ann === 'node') return { kind: 'node', reason: `annotation ${ROLE_ANNOTATION}: node` };
  if (ann === 'none') return { kind: 'other', reason: `annotation ${ROLE_ANNOTATION}: none` };
  for (const f of families) {
    const c = SIGNER_FAMILIES[f.family];
    if (c) return { kind: 'signer', consensus: c, reason: `runs ${f.client} (${f.family})` };
  }
  const beaconWithKeys = families.find(
    (f) =>
      f.family === 'beacon' && f.command.flags.some((x) => /^(validator-keys|validators-dir|keymanager)$/.test(x.name)),
  );
  if (beaconWithKeys)
    return { kind: 'signer', consensus: 'pos', reason: `${beaconWithKeys.client} runs validators in-process` };
  const miner = families.find(
    (f) =>
      f.family === 'execution' &&
      f.command.flags.some((x) => x.name === 'mine') &&
      f.command.flags.some((x) => x.name === 'unlock' || x.name === 'miner.etherbase'),
  );
  if (miner)
    return {
      kind: 'signer',
      consensus: 'poa',
      reason: `${miner.client} seals blocks (--mine with an unlocked account)`,
    };
  const cometValidator = families.find(
    (f) => f.family === 'cometbft' && f.command.flags.some((x) => x.name === 'priv_validator_laddr'),
  );
  if (cometValidator)
    return { kind: 'signer', consensus: 'bft', reason: 'CometBFT node with a remote signer (priv_validator_laddr)' };
  const labelText = [
    obj.name,
    podLabels['app.kubernetes.io/component'],
    podLabels['app.kubernetes.io/name'],
    podLabels.app,
    podLabels.role,
    podLabels.component,
    podLabels.tier,
  ].filter(Boolean);
  const hit = labelText.find((t) => ROLE_WORDS.test(String(t)));
  if (hit && (families.length || /validator|orderer|signer|sealer|producer|sequencer|consenter/i.test(String(hit))))
    return { kind: 'signer', consensus: consensusOf(), reason: `named or labelled "${hit}"` };
  if (families.some((f) => f.family === 'couchdb')) return { kind: 'database', reason: 'runs CouchDB' };
  if (families.length) return { kind: 'node', reason: `runs ${families.map((f) => f.client).join(', ')}` };
  return { kind: 'other', reason: 'no blockchain client recognised' };
}

function chainOf(obj: K8sObject, podLabels: Record<string, string>): string {
  const l = { ...labelsOf(obj.raw), ...podLabels };
  return (
    l.chain ??
    l['chainaudit.io/chain'] ??
    l.network ??
    l['app.kubernetes.io/part-of'] ??
    `namespace ${obj.namespace ?? ''}`
  );
}

/** A workload from any pod-bearing object (Deployment, StatefulSet, DaemonSet, Job, CronJob, bare Pod). */
export function workloadOf(obj: K8sObject): Workload | undefined {
  const specPath = POD_SPEC[obj.kind];
  if (!specPath) return undefined;
  const spec = at(obj.raw, specPath);
  if (!isObj(spec)) return undefined;
  const tmplMeta = obj.kind === 'Pod' ? obj.raw : at(obj.raw, specPath.slice(0, -1));
  const podLabels = labelsOf(tmplMeta);
  const podAnnotations = annotationsOf(tmplMeta);
  const containers = containersOf(obj, specPath, spec);
  const volumes = new Map<string, { raw: Obj; path: Path }>();
  arr(spec.volumes).forEach(
    (v, i) => isObj(v) && volumes.set(String(v.name), { raw: v, path: [...specPath, 'volumes', i] }),
  );
  // A StatefulSet's claim templates give each pod its own PersistentVolumeClaim.
  objs(at(obj.raw, ['spec', 'volumeClaimTemplates'])).forEach((t, i) => {
    const name = String(at(t, ['metadata', 'name']));
    volumes.set(name, {
      raw: { name, persistentVolumeClaim: { claimName: `${name}-${obj.name}-<ordinal>` }, claimTemplate: t },
      path: ['spec', 'volumeClaimTemplates', i],
    });
  });
  const role = roleOf(obj, podLabels, podAnnotations, containers);
  const family = containers.find((c) => c.group === 'containers' && c.run)?.run?.family;
  return {
    obj,
    specPath,
    spec,
    podLabels,
    podAnnotations,
    replicas: replicasOf(obj),
    containers,
    volumes,
    role,
    family,
    chain: chainOf(obj, podLabels),
  };
}

/** Pods and ReplicaSets a controller made: live clusters list them beside their owner. */
function ownedByController(o: K8sObject): boolean {
  return objs(at(o.raw, ['metadata', 'ownerReferences'])).some((r) => r.controller === true);
}

export function buildInventory(
  objects: K8sObject[],
  opts: Pick<Inventory, 'mode' | 'label'> &
    Partial<Pick<Inventory, 'issues' | 'skipped' | 'unavailable' | 'truncated' | 'filesRead'>>,
): Inventory {
  const byKind = new Map<string, K8sObject[]>();
  const byRef = new Map<string, K8sObject>();
  for (const o of objects) {
    byKind.set(o.kind, [...(byKind.get(o.kind) ?? []), o]);
    byRef.set(o.ref, o);
  }
  const workloads: Workload[] = [];
  for (const o of objects) {
    if (opts.mode === 'live' && ownedByController(o)) continue;
    const w = workloadOf(o);
    if (w) workloads.push(w);
  }
  return {
    mode: opts.mode,
    label: opts.label,
    objects,
    byKind,
    byRef,
    workloads,
    pods: opts.mode === 'live' ? (byKind.get('Pod') ?? []) : [],
    nodes: byKind.get('Node') ?? [],
    issues: opts.issues ?? [],
    skipped: opts.skipped ?? [],
    unavailable: opts.unavailable ?? new Map(),
    truncated: opts.truncated ?? false,
    filesRead: opts.filesRead ?? 0,
  };
}

export function kindOf(inv: Inventory, kind: string): K8sObject[] {
  return inv.byKind.get(kind) ?? [];
}

export function lookup(
  inv: Inventory,
  kind: string,
  namespace: string | undefined,
  name: string,
): K8sObject | undefined {
  return inv.byRef.get(objectRef(kind, namespace, name));
}

/** The volume mounted at (or above) a path in a container, longest mount first. */
export function mountFor(w: Workload, c: Container, path: string): { mount: Mount; volume?: Obj } | undefined {
  const norm = path.replace(/\/+$/, '');
  const hits = c.mounts
    .filter((m) => {
      const mp = m.mountPath.replace(/\/+$/, '');
      return norm === mp || norm.startsWith(`${mp}/`);
    })
    .sort((a, b) => b.mountPath.length - a.mountPath.length);
  if (!hits.length) return undefined;
  return { mount: hits[0], volume: w.volumes.get(hits[0].volume)?.raw };
}

/** The kind of storage behind a volume, in words an auditor reads. */
export function volumeKind(v: Obj | undefined): string {
  if (!v) return 'the container filesystem';
  for (const k of [
    'persistentVolumeClaim',
    'emptyDir',
    'hostPath',
    'secret',
    'configMap',
    'projected',
    'csi',
    'nfs',
    'ephemeral',
  ])
    if (k in v) return k;
  return Object.keys(v).find((k) => k !== 'name') ?? 'volume';
}

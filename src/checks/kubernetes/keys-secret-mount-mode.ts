import { isKeyName, isSigningKeyFile } from '../../analyzers/k8s/keys.js';
import { isObj, objs, type Obj } from '../../analyzers/k8s/model.js';
import type { CheckResult } from '../types.js';
import { hit, kubeCheck, WORKLOAD_KINDS } from './support.js';

/** Secret volumes that carry signing keys: by the Secret's name, its keys, or the file names projected. */
function keySecret(
  v: Obj,
  secretKeys: (name: string) => string[],
): { name: string; files: string[]; mode?: number; modePath: (string | number)[] } | undefined {
  const check = (name: string, items: Obj[], mode: unknown, modePath: (string | number)[]) => {
    const files = items.length ? items.map((i) => String(i.path ?? i.key)) : secretKeys(name);
    const itemMode = items.find((i) => i.mode !== undefined)?.mode;
    if (!(isKeyName(name) || files.some(isSigningKeyFile))) return undefined;
    return { name, files, mode: (itemMode ?? mode) === undefined ? undefined : Number(itemMode ?? mode), modePath };
  };
  if (isObj(v.secret))
    return check(String(v.secret.secretName), objs(v.secret.items), v.secret.defaultMode, ['secret', 'defaultMode']);
  if (isObj(v.projected))
    for (const s of objs(v.projected.sources))
      if (isObj(s.secret)) {
        const r = check(String(s.secret.name), objs(s.secret.items), v.projected.defaultMode, [
          'projected',
          'defaultMode',
        ]);
        if (r) return r;
      }
  return undefined;
}

export default kubeCheck(
  {
    id: 'kubernetes.keys.secret-mount-mode',
    title: 'Signing keys mounted world-readable',
    description:
      'A Secret volume is mounted with mode 0644 unless defaultMode (or the item mode) says otherwise: every process and user in every container of the pod — sidecars, log shippers, an exploited RPC handler running as another user — can read the validator key, keystore password or JWT secret.',
    severity: 'high',
    confidence: 'high',
    tags: ['kubernetes', 'keys', 'secrets', 'blockchain'],
    remediation:
      'Mount key Secrets with defaultMode: 0400 (0440 with an fsGroup when another user must read it), readOnly: true, and only into the container that signs.',
    references: ['https://kubernetes.io/docs/concepts/configuration/secret/#secret-files-permissions'],
    results: {
      'world-readable': { title: 'Key Secret mounted readable by all users', severity: 'high' },
      'group-readable': { title: 'Key Secret mounted readable by the group', severity: 'low' },
      'other-containers': { title: 'Key Secret mounted into containers that do not sign', severity: 'medium' },
    },
  },
  [...WORKLOAD_KINDS, 'Secret'],
  (inv) => {
    const results: CheckResult[] = [];
    const secretKeys = (ns: string) => (name: string) => {
      const s = inv.byRef.get(`Secret/${ns}/${name}`);
      return s
        ? [
            ...Object.keys((s.raw.data as Obj | undefined) ?? {}),
            ...Object.keys((s.raw.stringData as Obj | undefined) ?? {}),
          ]
        : [];
    };
    let examined = 0;
    for (const w of inv.workloads) {
      for (const [vname, v] of w.volumes) {
        const k = keySecret(v.raw, secretKeys(w.obj.namespace!));
        if (!k) continue;
        examined++;
        const mode = k.mode ?? 0o644;
        const shown = `0${mode.toString(8)}${k.mode === undefined ? ' (default)' : ''}`;
        if (mode & 0o004)
          results.push(
            hit({
              result: 'world-readable',
              status: 'fail',
              obj: w.obj,
              path: k.mode === undefined ? v.path : [...v.path, ...k.modePath],
              message: `${w.obj.ref} mounts key Secret ${k.name}${k.files.length ? ` (${k.files.join(', ')})` : ''} with mode ${shown}: readable by every user in the pod`,
              detail: `volume:${vname}`,
            }),
          );
        else if (mode & 0o040)
          results.push(
            hit({
              result: 'group-readable',
              status: 'warn',
              obj: w.obj,
              path: [...v.path, ...k.modePath],
              message: `${w.obj.ref} mounts key Secret ${k.name} with mode ${shown}: readable by the group`,
              detail: `volume:${vname}`,
            }),
          );
        const users = w.containers.filter((c) => c.mounts.some((m) => m.volume === vname));
        const nonSigners = users.filter((c) => !c.run && c.group === 'containers');
        if (users.length > 1 && nonSigners.length)
          results.push(
            hit({
              result: 'other-containers',
              status: 'warn',
              obj: w.obj,
              path: nonSigners[0].mounts.find((m) => m.volume === vname)!.path,
              message: `${w.obj.ref} also mounts key Secret ${k.name} into ${nonSigners.map((c) => c.name).join(', ')}`,
              detail: `volume:${vname}:shared`,
            }),
          );
      }
    }
    return { results, examined, subject: 'key Secret mounts', clean: 'key Secrets are mounted owner-readable only' };
  },
);

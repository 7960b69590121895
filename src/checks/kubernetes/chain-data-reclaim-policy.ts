import { kindOf, type Workload } from '../../analyzers/k8s/inventory.js';
import { annotationsOf, at, isObj, str, type K8sObject, type Path } from '../../analyzers/k8s/model.js';
import { setting } from '../../analyzers/k8s/chain.js';
import { mainContainers, persistence } from '../../analyzers/k8s/placement.js';
import type { CheckResult } from '../types.js';
import { hit, kubeCheck } from './support.js';

const DEFAULT_DATA: Record<string, string> = {
  geth: '/root/.ethereum',
  erigon: '/root/.local/share/erigon',
  reth: '/root/.local/share/reth',
  nethermind: '/nethermind/nethermind_db',
  besu: '/opt/besu/database',
  cometbft: '/root/.cometbft',
  'fabric-peer': '/var/hyperledger/production',
  'fabric-orderer': '/var/hyperledger/production/orderer',
  couchdb: '/opt/couchdb/data',
};

export default kubeCheck(
  {
    id: 'kubernetes.chain-data.reclaim-policy',
    title: 'Chain data on volumes deleted with their claim',
    description:
      "Dynamically provisioned volumes take their StorageClass's reclaim policy, Delete by default on every major cloud: deleting the claim (or a StatefulSet whose claim retention policy is Delete, or an uninstalled chart) destroys the ledger, the orderer's block store or a validator's signing record. Chain data on an emptyDir is lost on every reschedule.",
    severity: 'high',
    confidence: 'medium',
    tags: ['kubernetes', 'storage', 'ledger', 'recovery', 'blockchain'],
    remediation:
      'Provision chain data from a StorageClass with reclaimPolicy: Retain (or patch the bound PersistentVolumes), keep persistentVolumeClaimRetentionPolicy at Retain, and back the volumes up with snapshots.',
    references: [
      'https://kubernetes.io/docs/concepts/storage/persistent-volumes/#reclaiming',
      'https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#persistentvolumeclaim-retention',
    ],
    results: {
      delete: { title: 'Chain data volume is deleted with its claim', severity: 'high' },
      ephemeral: { title: 'Chain data on an emptyDir or the container filesystem', severity: 'high' },
      'claims-deleted': { title: 'StatefulSet deletes its claims', severity: 'high' },
      'class-unknown': { title: 'Storage class not in the input', severity: 'low' },
      retain: { title: 'Chain data volume retained', severity: 'info' },
    },
  },
  ['StorageClass', 'PersistentVolumeClaim', 'PersistentVolume', 'StatefulSet'],
  (inv) => {
    const results: CheckResult[] = [];
    const classes = kindOf(inv, 'StorageClass');
    const defaultClass = classes.find(
      (c) => annotationsOf(c.raw)['storageclass.kubernetes.io/is-default-class'] === 'true',
    );
    const pvByClaim = new Map(
      kindOf(inv, 'PersistentVolume')
        .filter((pv) => isObj(at(pv.raw, ['spec', 'claimRef'])))
        .map((pv) => [
          `${String(at(pv.raw, ['spec', 'claimRef', 'namespace']))}/${String(at(pv.raw, ['spec', 'claimRef', 'name']))}`,
          pv,
        ]),
    );
    const chain = inv.workloads.filter(
      (w) => (w.role.kind !== 'other' || w.family) && !['Job', 'CronJob'].includes(w.obj.kind),
    );
    let examined = 0;
    const judgeClaim = (w: Workload, name: string, spec: unknown, obj: K8sObject, path: Path) => {
      const scName = str(at(spec, ['storageClassName']));
      const pv = pvByClaim.get(`${w.obj.namespace}/${name}`);
      if (pv) {
        const policy = String(at(pv.raw, ['spec', 'persistentVolumeReclaimPolicy']) ?? 'Delete');
        results.push(
          hit({
            result: policy === 'Retain' ? 'retain' : 'delete',
            status: policy === 'Retain' ? 'pass' : 'fail',
            obj: pv,
            path: ['spec', 'persistentVolumeReclaimPolicy'],
            message: `${pv.ref} holding ${w.obj.ref} data (claim ${name}) has reclaim policy ${policy}`,
            detail: `claim:${name}`,
          }),
        );
        return;
      }
      const sc = scName ? classes.find((c) => c.name === scName) : defaultClass;
      if (!sc) {
        results.push(
          hit({
            result: 'class-unknown',
            status: 'warn',
            obj,
            path,
            message: `${w.obj.ref} keeps chain data on claim ${name} of storage class ${scName ?? '(cluster default)'}, not in the input: dynamically provisioned volumes are deleted with their claim unless the class says Retain`,
            detail: `claim:${name}`,
          }),
        );
        return;
      }
      const policy = String(sc.raw.reclaimPolicy ?? 'Delete');
      results.push(
        hit({
          result: policy === 'Retain' ? 'retain' : 'delete',
          status: policy === 'Retain' ? 'pass' : w.role.kind === 'signer' ? 'fail' : 'warn',
          obj: sc,
          path: sc.raw.reclaimPolicy === undefined ? ['metadata', 'name'] : ['reclaimPolicy'],
          message: `${w.obj.ref} keeps chain data on claim ${name} from ${sc.ref}, reclaim policy ${policy}${sc.raw.reclaimPolicy === undefined ? ' (default)' : ''}`,
          detail: `claim:${w.obj.ref}:${name}`,
        }),
      );
    };
    for (const w of chain) {
      for (const c of mainContainers(w)) {
        if (!c.run) continue;
        const dir = setting(c.settings, 'datadir')?.value ?? DEFAULT_DATA[c.run.client];
        if (!dir) continue;
        examined++;
        const p = persistence(w, c, dir);
        if (p.scope === 'ephemeral') {
          results.push(
            hit({
              result: 'ephemeral',
              status: 'fail',
              obj: w.obj,
              path: p.volume ? w.volumes.get(p.volume)!.path : c.path,
              message: `${w.obj.ref} keeps ${c.run.client} data (${dir}) on ${p.volume ? `emptyDir ${p.volume}` : 'the container filesystem'}: it is lost whenever the pod moves`,
              detail: `${c.name}:data`,
            }),
          );
          continue;
        }
        const v = p.volume ? w.volumes.get(p.volume) : undefined;
        if (!v) continue;
        if (v.raw.claimTemplate)
          judgeClaim(w, p.volume!, at(v.raw.claimTemplate, ['spec']), w.obj, [...v.path, 'spec']);
        else if (isObj(v.raw.persistentVolumeClaim)) {
          const claimName = String(v.raw.persistentVolumeClaim.claimName);
          const pvc = inv.byRef.get(`PersistentVolumeClaim/${w.obj.namespace}/${claimName}`);
          judgeClaim(w, claimName, pvc ? pvc.raw.spec : {}, pvc ?? w.obj, pvc ? ['spec'] : v.path);
        }
      }
      if (
        w.obj.kind === 'StatefulSet' &&
        at(w.obj.raw, ['spec', 'persistentVolumeClaimRetentionPolicy', 'whenDeleted']) === 'Delete'
      )
        results.push(
          hit({
            result: 'claims-deleted',
            status: 'fail',
            obj: w.obj,
            path: ['spec', 'persistentVolumeClaimRetentionPolicy', 'whenDeleted'],
            message: `${w.obj.ref} deletes its chain-data claims when the StatefulSet is deleted`,
            detail: 'retention',
          }),
        );
    }
    return { results, examined, subject: 'chain data directories', clean: 'chain data is on retained volumes' };
  },
);

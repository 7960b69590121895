import { isObj } from '../../analyzers/k8s/model.js';
import { hit, kubeCheck, WORKLOAD_KINDS } from './support.js';

const SOCKETS =
  /(docker|containerd|crio|cri-dockerd)\.sock$|^\/var\/run\/(docker|containerd)\/?$|^\/run\/(containerd|crio)\/?$/;
const SENSITIVE = /^\/(etc|root|home|var\/lib\/(kubelet|docker|containerd|etcd)|proc|sys|boot|dev)(\/|$)/;

export default kubeCheck(
  {
    id: 'kubernetes.pod.host-path',
    title: 'Host paths mounted into pods',
    description:
      'A hostPath volume lets the pod read and plant files on the node: the container runtime socket gives full control of every container on it, `/` or `/etc` gives the node itself, and any host path outlives the pod and is shared by whoever lands on that node next.',
    severity: 'high',
    confidence: 'high',
    tags: ['kubernetes', 'containers', 'escape'],
    remediation:
      'Use PersistentVolumeClaims for chain data and Secrets for keys; never mount the container runtime socket into a workload.',
    references: ['https://kubernetes.io/docs/concepts/storage/volumes/#hostpath'],
    results: {
      'runtime-socket': { title: 'Container runtime socket mounted', severity: 'critical' },
      'node-root': { title: 'Node root or system folder mounted', severity: 'critical' },
      'host-path': { title: 'Host path mounted', severity: 'medium' },
    },
  },
  WORKLOAD_KINDS,
  (inv) => {
    const results = [];
    for (const w of inv.workloads)
      for (const [name, v] of w.volumes) {
        if (!isObj(v.raw.hostPath)) continue;
        const p = String(v.raw.hostPath.path ?? '');
        const result = SOCKETS.test(p) ? 'runtime-socket' : p === '/' || SENSITIVE.test(p) ? 'node-root' : 'host-path';
        results.push(
          hit({
            result,
            status: result === 'host-path' ? 'warn' : 'fail',
            obj: w.obj,
            path: [...v.path, 'hostPath', 'path'],
            message:
              result === 'runtime-socket'
                ? `${w.obj.ref} mounts the container runtime socket ${p}: it can start privileged containers on the node`
                : result === 'node-root'
                  ? `${w.obj.ref} mounts the node path ${p}`
                  : `${w.obj.ref} mounts the node path ${p} (volume ${name})`,
            detail: `volume:${name}`,
            evidence: [{ label: 'hostPath', value: p }],
          }),
        );
      }
    return { results, examined: inv.workloads.length, subject: 'workloads', clean: 'no hostPath volume' };
  },
);

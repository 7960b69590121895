import { at } from '../../analyzers/k8s/model.js';
import { hit, kubeCheck, WORKLOAD_KINDS } from './support.js';

export default kubeCheck(
  {
    id: 'kubernetes.pod.read-only-root-fs',
    title: 'Writable container root filesystems',
    description:
      'With a writable root filesystem an intruder can replace the node binary or drop tools that survive until the pod is recreated; chain data and keys belong on volumes, so the image itself can be read-only.',
    severity: 'low',
    confidence: 'high',
    tags: ['kubernetes', 'containers', 'integrity'],
    remediation:
      'Set securityContext.readOnlyRootFilesystem: true and mount an emptyDir for /tmp if the client needs one.',
    references: ['https://kubernetes.io/docs/tasks/configure-pod-container/security-context/'],
    results: { writable: { title: 'Root filesystem writable' } },
  },
  WORKLOAD_KINDS,
  (inv) => {
    const results = [];
    for (const w of inv.workloads)
      for (const c of w.containers.filter((x) => x.group === 'containers'))
        if (at(c.raw, ['securityContext', 'readOnlyRootFilesystem']) !== true)
          results.push(
            hit({
              result: 'writable',
              status: 'warn',
              obj: w.obj,
              path: c.path,
              message: `${w.obj.ref} container ${c.name} has a writable root filesystem`,
              detail: `${c.name}:rootfs`,
            }),
          );
    return {
      results,
      examined: inv.workloads.length,
      subject: 'workloads',
      clean: 'every container has a read-only root filesystem',
    };
  },
);

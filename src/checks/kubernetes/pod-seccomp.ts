import { at } from '../../analyzers/k8s/model.js';
import { hit, kubeCheck, WORKLOAD_KINDS } from './support.js';

export default kubeCheck(
  {
    id: 'kubernetes.pod.seccomp',
    title: 'Containers without a seccomp profile',
    description:
      'Without a seccomp profile a container may call every system call the kernel offers, including those used by container-escape exploits; RuntimeDefault blocks them at no cost to node clients.',
    severity: 'low',
    confidence: 'high',
    tags: ['kubernetes', 'containers', 'escape'],
    remediation: 'Set securityContext.seccompProfile.type: RuntimeDefault on the pod.',
    references: ['https://kubernetes.io/docs/tutorials/security/seccomp/'],
    results: {
      unconfined: { title: 'seccomp explicitly Unconfined', severity: 'medium' },
      unset: { title: 'No seccomp profile', severity: 'low' },
    },
  },
  WORKLOAD_KINDS,
  (inv) => {
    const results = [];
    for (const w of inv.workloads) {
      const pod = at(w.spec, ['securityContext', 'seccompProfile', 'type']);
      for (const c of w.containers.filter((x) => x.group === 'containers')) {
        const own = at(c.raw, ['securityContext', 'seccompProfile', 'type']);
        const type = own ?? pod;
        if (type === 'RuntimeDefault' || type === 'Localhost') continue;
        const unconfined = type === 'Unconfined';
        results.push(
          hit({
            result: unconfined ? 'unconfined' : 'unset',
            status: 'warn',
            obj: w.obj,
            path:
              own !== undefined
                ? [...c.path, 'securityContext', 'seccompProfile']
                : pod !== undefined
                  ? [...w.specPath, 'securityContext', 'seccompProfile']
                  : c.path,
            message: unconfined
              ? `${w.obj.ref} container ${c.name} runs with seccomp Unconfined`
              : `${w.obj.ref} container ${c.name} has no seccomp profile`,
            detail: `${c.name}:seccomp`,
          }),
        );
      }
    }
    return {
      results,
      examined: inv.workloads.length,
      subject: 'workloads',
      clean: 'every container runs under a seccomp profile',
    };
  },
);

import { at, isObj } from '../../analyzers/k8s/model.js';
import { hit, kubeCheck, WORKLOAD_KINDS } from './support.js';

export default kubeCheck(
  {
    id: 'kubernetes.pod.resource-limits',
    title: 'Containers without CPU or memory limits',
    description:
      "A container without limits can take all the node's memory or CPU: an RPC flood or a leak in one client then starves the validator or signer scheduled beside it.",
    severity: 'medium',
    confidence: 'high',
    tags: ['kubernetes', 'resources', 'availability'],
    remediation: 'Set resources.limits.memory (and a CPU limit or a guaranteed request) on every container.',
    references: ['https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/'],
    results: {
      'no-memory-limit': { title: 'No memory limit', severity: 'medium' },
      'no-cpu-limit': { title: 'No CPU limit', severity: 'low' },
    },
  },
  WORKLOAD_KINDS,
  (inv) => {
    const results = [];
    for (const w of inv.workloads)
      for (const c of w.containers.filter((x) => x.group === 'containers')) {
        const limits = at(c.raw, ['resources', 'limits']);
        const path = isObj(limits) ? [...c.path, 'resources', 'limits'] : c.path;
        if (!isObj(limits) || limits.memory === undefined)
          results.push(
            hit({
              result: 'no-memory-limit',
              status: 'warn',
              obj: w.obj,
              path,
              message: `${w.obj.ref} container ${c.name} has no memory limit`,
              detail: `${c.name}:memory`,
            }),
          );
        if (!isObj(limits) || limits.cpu === undefined)
          results.push(
            hit({
              result: 'no-cpu-limit',
              status: 'warn',
              obj: w.obj,
              path,
              message: `${w.obj.ref} container ${c.name} has no CPU limit`,
              detail: `${c.name}:cpu`,
            }),
          );
      }
    return {
      results,
      examined: inv.workloads.length,
      subject: 'workloads',
      clean: 'every container has CPU and memory limits',
    };
  },
);

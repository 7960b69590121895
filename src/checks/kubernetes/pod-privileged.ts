import { isObj } from '../../analyzers/k8s/model.js';
import { hit, kubeCheck, WORKLOAD_KINDS } from './support.js';

export default kubeCheck(
  {
    id: 'kubernetes.pod.privileged',
    title: 'Privileged containers',
    description:
      'A privileged container has every capability and the host devices; code that runs in it (a node client, a chaincode build, a sidecar) owns the node and every key on it.',
    severity: 'critical',
    confidence: 'high',
    tags: ['kubernetes', 'containers', 'escape'],
    remediation: 'Remove securityContext.privileged: true; add only the capabilities the process needs.',
    references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline'],
    results: { privileged: { title: 'Container runs privileged' } },
  },
  WORKLOAD_KINDS,
  (inv) => {
    const results = [];
    for (const w of inv.workloads)
      for (const c of w.containers)
        if (isObj(c.raw.securityContext) && c.raw.securityContext.privileged === true)
          results.push(
            hit({
              result: 'privileged',
              status: 'fail',
              obj: w.obj,
              path: [...c.path, 'securityContext', 'privileged'],
              message: `${w.obj.ref} container ${c.name} runs privileged: a compromise of it is a compromise of the node`,
              detail: `${c.name}:privileged`,
            }),
          );
    return { results, examined: inv.workloads.length, subject: 'workloads', clean: 'no privileged container' };
  },
);

import { at } from '../../analyzers/k8s/model.js';
import { hit, kubeCheck, WORKLOAD_KINDS } from './support.js';

export default kubeCheck(
  {
    id: 'kubernetes.pod.run-as-non-root',
    title: 'Containers running as root',
    description:
      'A node client running as UID 0 turns any remote-code bug in it into root inside the container, one kernel bug away from the node; runAsNonRoot makes the kubelet refuse an image that would start as root.',
    severity: 'medium',
    confidence: 'high',
    tags: ['kubernetes', 'containers', 'escape'],
    remediation:
      'Set runAsNonRoot: true and a non-zero runAsUser (pod or container securityContext); give chain-data volumes an fsGroup.',
    references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted'],
    results: {
      'root-uid': { title: 'Container runs as UID 0', severity: 'high' },
      'not-enforced': { title: 'runAsNonRoot not set', severity: 'medium' },
    },
  },
  WORKLOAD_KINDS,
  (inv) => {
    const results = [];
    for (const w of inv.workloads)
      for (const c of w.containers) {
        const cUser = at(c.raw, ['securityContext', 'runAsUser']);
        const pUser = at(w.spec, ['securityContext', 'runAsUser']);
        const user = cUser ?? pUser;
        const nonRoot =
          at(c.raw, ['securityContext', 'runAsNonRoot']) ?? at(w.spec, ['securityContext', 'runAsNonRoot']);
        if (Number(user) === 0)
          results.push(
            hit({
              result: 'root-uid',
              status: 'fail',
              obj: w.obj,
              path:
                cUser !== undefined
                  ? [...c.path, 'securityContext', 'runAsUser']
                  : [...w.specPath, 'securityContext', 'runAsUser'],
              message: `${w.obj.ref} container ${c.name} runs as UID 0`,
              detail: `${c.name}:uid`,
            }),
          );
        else if (nonRoot !== true && user === undefined)
          results.push(
            hit({
              result: 'not-enforced',
              status: 'warn',
              obj: w.obj,
              path: c.path,
              message: `${w.obj.ref} container ${c.name} sets neither runAsNonRoot nor a runAsUser: it runs as the image's user, often root`,
              detail: `${c.name}:nonroot`,
            }),
          );
      }
    return {
      results,
      examined: inv.workloads.length,
      subject: 'workloads',
      clean: 'every container runs as a non-root user',
    };
  },
);

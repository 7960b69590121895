import { at } from '../../analyzers/k8s/model.js';
import { hit, kubeCheck, WORKLOAD_KINDS } from './support.js';

export default kubeCheck(
  {
    id: 'kubernetes.pod.privilege-escalation',
    title: 'Containers allowed to gain privileges',
    description:
      'Unless allowPrivilegeEscalation is false, a process in the container can gain privileges through setuid binaries or file capabilities (no_new_privs is not set).',
    severity: 'medium',
    confidence: 'high',
    tags: ['kubernetes', 'containers', 'escape'],
    remediation: 'Set securityContext.allowPrivilegeEscalation: false on every container.',
    references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted'],
    results: {
      allowed: { title: 'allowPrivilegeEscalation: true', severity: 'medium' },
      'not-disabled': { title: 'allowPrivilegeEscalation not set to false', severity: 'low' },
    },
  },
  WORKLOAD_KINDS,
  (inv) => {
    const results = [];
    for (const w of inv.workloads)
      for (const c of w.containers) {
        const v = at(c.raw, ['securityContext', 'allowPrivilegeEscalation']);
        if (v === false) continue;
        results.push(
          hit({
            result: v === true ? 'allowed' : 'not-disabled',
            status: 'warn',
            obj: w.obj,
            path: v === true ? [...c.path, 'securityContext', 'allowPrivilegeEscalation'] : c.path,
            message:
              v === true
                ? `${w.obj.ref} container ${c.name} sets allowPrivilegeEscalation: true`
                : `${w.obj.ref} container ${c.name} does not set allowPrivilegeEscalation: false`,
            detail: `${c.name}:escalation`,
          }),
        );
      }
    return {
      results,
      examined: inv.workloads.length,
      subject: 'workloads',
      clean: 'every container forbids privilege escalation',
    };
  },
);

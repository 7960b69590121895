import { boundText, grants, rbacRules, ruleText } from '../../analyzers/k8s/rbac.js';
import { hit, kubeCheck, RBAC_KINDS } from './support.js';

export default kubeCheck(
  {
    id: 'kubernetes.rbac.pod-exec',
    title: 'Who can exec into pods or change workloads',
    description:
      "pods/exec, pods/attach and pods/portforward open a shell or a tunnel into a running node or signer; patch/update on Deployments, StatefulSets or DaemonSets swaps the node's image or arguments. Either one alters what the chain runs without touching a host.",
    severity: 'high',
    confidence: 'high',
    tags: ['kubernetes', 'rbac', 'api-access'],
    remediation:
      'Keep exec/attach/portforward and workload patch rights to a break-glass role with audit; deploy through a pipeline whose service account cannot exec.',
    references: ['https://kubernetes.io/docs/concepts/security/rbac-good-practices/#workload-creation'],
    results: {
      exec: { title: 'pods/exec, attach or portforward granted', severity: 'high' },
      'workload-patch': { title: 'Workload patch/update granted', severity: 'medium' },
    },
  },
  RBAC_KINDS,
  (inv) => {
    const results = [];
    const rules = rbacRules(inv);
    for (const r of rules) {
      const exec = ['pods/exec', 'pods/attach', 'pods/portforward'].filter(
        (s) => grants(r, 'create', s) || grants(r, 'get', s),
      );
      if (exec.length)
        results.push(
          hit({
            result: 'exec',
            status: 'warn',
            obj: r.role,
            path: ['rules', r.index],
            message: `${r.role.ref} may open ${exec.join(', ')} (${boundText(r)})`,
            detail: `rule:${r.index}:exec`,
            evidence: [{ label: 'rule', value: ruleText(r) }],
          }),
        );
      const patch = ['deployments', 'statefulsets', 'daemonsets'].filter(
        (s) => grants(r, 'patch', s) || grants(r, 'update', s),
      );
      if (patch.length && !r.resources.includes('*'))
        results.push(
          hit({
            result: 'workload-patch',
            status: 'warn',
            obj: r.role,
            path: ['rules', r.index],
            message: `${r.role.ref} may change ${patch.join(', ')} (${boundText(r)})`,
            detail: `rule:${r.index}:patch`,
            evidence: [{ label: 'rule', value: ruleText(r) }],
          }),
        );
    }
    return {
      results,
      examined: new Set(rules.map((r) => r.role.ref)).size,
      subject: 'roles',
      clean: 'none grants exec or workload changes',
    };
  },
);

import { bindings, isBuiltIn } from '../../analyzers/k8s/rbac.js';
import { hit, kubeCheck, RBAC_KINDS } from './support.js';

export default kubeCheck(
  {
    id: 'kubernetes.rbac.cluster-admin',
    title: 'Subjects bound to cluster-admin',
    description:
      'cluster-admin can do anything on every object, Secrets and pods/exec of every validator included; a workload service account or a CI deployer bound to it turns one leaked token into the whole cluster.',
    severity: 'high',
    confidence: 'high',
    tags: ['kubernetes', 'rbac', 'least-privilege'],
    remediation:
      'Bind a role scoped to what the subject needs; keep cluster-admin for break-glass user accounts with audit.',
    references: ['https://kubernetes.io/docs/concepts/security/rbac-good-practices/#least-privilege'],
    results: {
      'service-account': { title: 'A service account holds cluster-admin', severity: 'critical' },
      'user-or-group': { title: 'A user or group holds cluster-admin', severity: 'high' },
    },
  },
  RBAC_KINDS,
  (inv) => {
    const results = [];
    const bs = bindings(inv).filter((b) => !isBuiltIn(b.obj));
    for (const b of bs) {
      if (b.roleName !== 'cluster-admin') continue;
      const sa = b.subjects.some((s) => s.startsWith('ServiceAccount:'));
      results.push(
        hit({
          result: sa ? 'service-account' : 'user-or-group',
          status: 'fail',
          obj: b.obj,
          path: ['roleRef', 'name'],
          message: `${b.obj.ref} gives cluster-admin to ${b.subjects.join(', ') || '(no subjects)'}`,
          detail: 'cluster-admin',
          evidence: [{ label: 'subjects', value: b.subjects.join(', ') }],
        }),
      );
    }
    return { results, examined: bs.length, subject: 'role bindings', clean: 'none binds cluster-admin' };
  },
);

import { hit, kubeCheck, WORKLOAD_KINDS } from './support.js';

export default kubeCheck(
  {
    id: 'kubernetes.pod.default-service-account',
    title: "Workloads running as the namespace's default service account",
    description:
      'Pods that share the default service account share whatever anyone ever bound to it; a signer or node should run under an account of its own so its rights can be reviewed and kept empty.',
    severity: 'low',
    confidence: 'high',
    tags: ['kubernetes', 'rbac'],
    remediation:
      'Create a ServiceAccount per workload (automountServiceAccountToken: false) and set serviceAccountName.',
    references: ['https://kubernetes.io/docs/concepts/security/service-accounts/'],
    results: { default: { title: 'Uses the default service account' } },
  },
  WORKLOAD_KINDS,
  (inv) => {
    const results = [];
    for (const w of inv.workloads) {
      const sa = String(w.spec.serviceAccountName ?? w.spec.serviceAccount ?? 'default');
      if (sa !== 'default') continue;
      results.push(
        hit({
          result: 'default',
          status: 'warn',
          obj: w.obj,
          path: w.spec.serviceAccountName !== undefined ? [...w.specPath, 'serviceAccountName'] : w.specPath,
          message: `${w.obj.ref} runs as the default service account of namespace ${w.obj.namespace}`,
          detail: 'sa',
        }),
      );
    }
    return {
      results,
      examined: inv.workloads.length,
      subject: 'workloads',
      clean: 'each runs under its own service account',
    };
  },
);

import { kindOf } from '../../analyzers/k8s/inventory.js';
import { hit, kubeCheck, WORKLOAD_KINDS } from './support.js';

export default kubeCheck(
  {
    id: 'kubernetes.pod.service-account-token',
    title: 'API tokens mounted into pods that do not need them',
    description:
      'Every pod gets a token for its service account unless automounting is turned off; a node client or signer never talks to the Kubernetes API, so the token only helps an intruder move from the pod to the cluster. Workloads outside the chain that set automountServiceAccountToken: true are taken to need it.',
    severity: 'medium',
    confidence: 'medium',
    tags: ['kubernetes', 'rbac', 'tokens'],
    remediation:
      'Set automountServiceAccountToken: false on the pod spec (or on its ServiceAccount) unless the workload calls the API.',
    references: [
      'https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#opt-out-of-api-credential-automounting',
    ],
    results: { automounted: { title: 'Service account token automounted' } },
  },
  [...WORKLOAD_KINDS, 'ServiceAccount'],
  (inv) => {
    const results = [];
    const saOff = new Set(
      kindOf(inv, 'ServiceAccount')
        .filter((s) => s.raw.automountServiceAccountToken === false)
        .map((s) => `${s.namespace}/${s.name}`),
    );
    for (const w of inv.workloads) {
      if (w.spec.automountServiceAccountToken === false) continue;
      const sa = String(w.spec.serviceAccountName ?? w.spec.serviceAccount ?? 'default');
      if (w.spec.automountServiceAccountToken !== true && saOff.has(`${w.obj.namespace}/${sa}`)) continue;
      // An explicit `true` on a workload that is not part of the chain is taken as a declared need (an operator, a sensor).
      if (w.role.kind === 'other' && w.spec.automountServiceAccountToken === true) continue;
      results.push(
        hit({
          result: 'automounted',
          status: 'warn',
          obj: w.obj,
          path:
            w.spec.automountServiceAccountToken === true ? [...w.specPath, 'automountServiceAccountToken'] : w.specPath,
          message: `${w.obj.ref} (${w.role.reason}) gets the API token of service account ${sa} mounted`,
          detail: 'token',
        }),
      );
    }
    const chain = inv.workloads.filter((w) => w.role.kind !== 'other').length;
    return {
      results,
      examined: chain,
      subject: 'blockchain workloads',
      clean: 'none gets an API token it does not use',
    };
  },
);

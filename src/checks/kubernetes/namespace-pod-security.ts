import { labelsOf } from '../../analyzers/k8s/model.js';
import { hit, kubeCheck } from './support.js';

const LEVEL = 'pod-security.kubernetes.io/enforce';

export default kubeCheck(
  {
    id: 'kubernetes.namespace.pod-security',
    title: 'Pod Security admission level of namespaces',
    description:
      'Pod Security admission refuses privileged, host-namespace and hostPath pods at the API server; a namespace that does not enforce baseline or restricted accepts any of them, whatever the manifests in the repository say today.',
    severity: 'medium',
    confidence: 'high',
    tags: ['kubernetes', 'admission', 'escape'],
    remediation: 'Label chain namespaces pod-security.kubernetes.io/enforce: restricted (baseline at least).',
    references: ['https://kubernetes.io/docs/concepts/security/pod-security-admission/'],
    results: {
      'not-enforced': { title: 'No Pod Security level enforced', severity: 'medium' },
      privileged: { title: 'Pod Security level privileged', severity: 'high' },
      baseline: { title: 'Pod Security level baseline', severity: 'low' },
    },
  },
  ['Namespace'],
  (inv) => {
    const results = [];
    const spaces = new Set(inv.workloads.map((w) => w.obj.namespace!));
    let examined = 0;
    for (const ns of [...spaces].sort()) {
      const o = inv.byRef.get(`Namespace/${ns}`);
      if (!o) continue;
      examined++;
      const level = labelsOf(o.raw)[LEVEL];
      if (level === 'restricted') continue;
      const result = !level ? 'not-enforced' : level === 'privileged' ? 'privileged' : 'baseline';
      results.push(
        hit({
          result,
          status: result === 'baseline' ? 'warn' : 'fail',
          obj: o,
          path: level ? ['metadata', 'labels', LEVEL] : ['metadata', 'name'],
          message: level
            ? `namespace ${ns} enforces Pod Security level ${level}`
            : `namespace ${ns} enforces no Pod Security level`,
          detail: 'psa',
        }),
      );
    }
    return {
      results,
      examined,
      subject: 'namespaces with workloads defined in the input',
      clean: 'each enforces the restricted level',
    };
  },
);

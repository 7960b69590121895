import { keyMaterialIn, looksLikeLiteralSecret } from '../../analyzers/k8s/keys.js';
import { maskSecret } from '../../mask.js';
import { hit, kubeCheck, WORKLOAD_KINDS } from './support.js';

export default kubeCheck(
  {
    id: 'kubernetes.secrets.env-literal',
    title: 'Secrets written as literal environment values',
    description:
      'A password, token or key written as `value:` in a pod spec is stored in the object itself: anyone who can read the Deployment (or the Git repository it came from) reads the secret, and it shows in `kubectl describe`.',
    severity: 'high',
    confidence: 'medium',
    tags: ['kubernetes', 'secrets'],
    remediation:
      'Move the value into a Secret (or an external secret store) and reference it with valueFrom.secretKeyRef or a file mount.',
    references: ['https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets-as-environment-variables'],
    results: {
      'key-material': { title: 'Private key or mnemonic in an env value', severity: 'critical' },
      'literal-secret': { title: 'Password or token in an env value', severity: 'high' },
    },
  },
  WORKLOAD_KINDS,
  (inv) => {
    const results = [];
    for (const w of inv.workloads)
      for (const c of w.containers)
        for (const e of c.env) {
          if (e.value === undefined || !e.value) continue;
          const keys = keyMaterialIn(e.value, `env/${e.name}`);
          if (keys.length)
            results.push(
              hit({
                result: 'key-material',
                status: 'fail',
                obj: w.obj,
                line: e.line,
                message: `${w.obj.ref} container ${c.name} has ${keys[0].kind} in env ${e.name}`,
                detail: `${c.name}:env:${e.name}`,
                evidence: [{ label: e.name, value: keys[0].preview }],
              }),
            );
          else if (looksLikeLiteralSecret(e.name, e.value))
            results.push(
              hit({
                result: 'literal-secret',
                status: 'fail',
                obj: w.obj,
                line: e.line,
                message: `${w.obj.ref} container ${c.name} sets ${e.name} to a literal value`,
                detail: `${c.name}:env:${e.name}`,
                evidence: [{ label: e.name, value: maskSecret(e.value) }],
              }),
            );
        }
    return {
      results,
      examined: inv.workloads.length,
      subject: 'workloads',
      clean: 'no secret is written as a literal env value',
    };
  },
);

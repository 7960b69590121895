import { boundText, rbacRules, ruleText } from '../../analyzers/k8s/rbac.js';
import { hit, kubeCheck, RBAC_KINDS } from './support.js';

export default kubeCheck(
  {
    id: 'kubernetes.rbac.secrets-read',
    title: 'RBAC rules that read Secrets broadly',
    description:
      'get, list or watch on secrets without resourceNames reads every Secret in scope: validator keys, keystore passwords and JWT secrets included. list and watch ignore resourceNames, so they always read them all.',
    severity: 'high',
    confidence: 'high',
    tags: ['kubernetes', 'rbac', 'secrets', 'keys'],
    remediation:
      'Grant get with resourceNames on the one Secret needed, or mount the Secret into the pod instead of reading it through the API.',
    references: ['https://kubernetes.io/docs/concepts/security/rbac-good-practices/#listing-secrets'],
    results: {
      'all-secrets': { title: 'Reads every Secret in scope', severity: 'high' },
      'named-secrets': { title: 'Reads only named Secrets', severity: 'info' },
    },
  },
  RBAC_KINDS,
  (inv) => {
    const results = [];
    const rules = rbacRules(inv);
    for (const r of rules) {
      if (!(r.resources.includes('secrets') || r.resources.includes('*'))) continue;
      if (!(r.groups.includes('') || r.groups.includes('*'))) continue;
      const reads = r.verbs.filter((v) => ['get', 'list', 'watch', '*'].includes(v));
      if (!reads.length) continue;
      const named = r.names.length > 0 && !reads.some((v) => v === 'list' || v === 'watch' || v === '*');
      results.push(
        hit({
          result: named ? 'named-secrets' : 'all-secrets',
          status: named ? 'pass' : 'fail',
          obj: r.role,
          path: ['rules', r.index],
          message: named
            ? `${r.role.ref} reads only the Secrets ${r.names.join(', ')}`
            : `${r.role.ref} can ${reads.join(',')} every Secret ${r.role.kind === 'ClusterRole' ? 'in the cluster (where bound cluster-wide)' : `in namespace ${r.role.namespace}`} (${boundText(r)})`,
          detail: `rule:${r.index}`,
          evidence: [{ label: 'rule', value: ruleText(r) }],
        }),
      );
    }
    return {
      results,
      examined: new Set(rules.map((r) => r.role.ref)).size,
      subject: 'roles',
      clean: 'none reads Secrets broadly',
    };
  },
);

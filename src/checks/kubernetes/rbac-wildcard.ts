import { boundText, rbacRules, ruleText } from '../../analyzers/k8s/rbac.js';
import { hit, kubeCheck, RBAC_KINDS } from './support.js';

export default kubeCheck(
  {
    id: 'kubernetes.rbac.wildcard',
    title: 'RBAC rules granting every verb or every resource',
    description:
      'A `*` in verbs or resources grants whatever exists today and whatever is added later (new CRDs such as key-management operators included); least privilege needs the exact list.',
    severity: 'high',
    confidence: 'high',
    tags: ['kubernetes', 'rbac', 'least-privilege'],
    remediation: 'List the exact resources and verbs the subject needs.',
    references: ['https://kubernetes.io/docs/concepts/security/rbac-good-practices/#least-privilege'],
    results: {
      'wildcard-verb': { title: 'Every verb granted', severity: 'high' },
      'wildcard-resource': { title: 'Every resource granted', severity: 'high' },
    },
  },
  RBAC_KINDS,
  (inv) => {
    const results = [];
    const rules = rbacRules(inv);
    for (const r of rules) {
      const verbs = r.verbs.includes('*');
      const res = r.resources.includes('*');
      if (!verbs && !res) continue;
      results.push(
        hit({
          result: verbs ? 'wildcard-verb' : 'wildcard-resource',
          status: 'fail',
          severity: r.role.kind === 'ClusterRole' ? 'high' : 'medium',
          obj: r.role,
          path: ['rules', r.index],
          message: `${r.role.ref} grants ${verbs ? 'every verb' : r.verbs.join(',')} on ${res ? 'every resource' : r.resources.join(',')} (${boundText(r)})`,
          detail: `rule:${r.index}`,
          evidence: [{ label: 'rule', value: ruleText(r) }],
        }),
      );
    }
    return {
      results,
      examined: new Set(rules.map((r) => r.role.ref)).size,
      subject: 'roles',
      clean: 'no wildcard verb or resource',
    };
  },
);

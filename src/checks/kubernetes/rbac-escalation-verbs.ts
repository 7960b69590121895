import { boundText, grants, rbacRules, ruleText } from '../../analyzers/k8s/rbac.js';
import { hit, kubeCheck, RBAC_KINDS } from './support.js';

export default kubeCheck(
  {
    id: 'kubernetes.rbac.escalation-verbs',
    title: 'RBAC rules that allow privilege escalation',
    description:
      'escalate and bind let a subject grant itself roles it does not hold, impersonate lets it act as any user or service account, and creating service-account tokens or proxying to nodes reaches every credential on the cluster.',
    severity: 'high',
    confidence: 'high',
    tags: ['kubernetes', 'rbac', 'least-privilege'],
    remediation:
      'Remove escalate, bind, impersonate, serviceaccounts/token create and nodes/proxy from every role that is not a break-glass cluster administration role.',
    references: ['https://kubernetes.io/docs/concepts/security/rbac-good-practices/#privilege-escalation-risks'],
    results: {
      'escalate-bind': { title: 'escalate or bind granted' },
      impersonate: { title: 'impersonate granted' },
      'token-create': { title: 'Service-account token creation granted' },
      'node-proxy': { title: 'nodes/proxy granted' },
    },
  },
  RBAC_KINDS,
  (inv) => {
    const results = [];
    const rules = rbacRules(inv);
    for (const r of rules) {
      const found: [string, string][] = [];
      if (['escalate', 'bind'].some((v) => r.verbs.includes(v)))
        found.push(['escalate-bind', r.verbs.filter((v) => v === 'escalate' || v === 'bind').join('/')]);
      if (r.verbs.includes('impersonate')) found.push(['impersonate', 'impersonate']);
      if (grants(r, 'create', 'serviceaccounts/token')) found.push(['token-create', 'create serviceaccounts/token']);
      if (grants(r, 'get', 'nodes/proxy') || grants(r, 'create', 'nodes/proxy'))
        found.push(['node-proxy', 'nodes/proxy']);
      for (const [result, what] of found)
        results.push(
          hit({
            result,
            status: 'fail',
            obj: r.role,
            path: ['rules', r.index],
            message: `${r.role.ref} may ${what} (${boundText(r)})`,
            detail: `rule:${r.index}:${result}`,
            evidence: [{ label: 'rule', value: ruleText(r) }],
          }),
        );
    }
    return {
      results,
      examined: new Set(rules.map((r) => r.role.ref)).size,
      subject: 'roles',
      clean: 'no escalation verb',
    };
  },
);

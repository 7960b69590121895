import { kindOf } from '../../analyzers/k8s/inventory.js';
import { arr, isObj } from '../../analyzers/k8s/model.js';
import { hit, kubeCheck } from './support.js';

export default kubeCheck(
  {
    id: 'kubernetes.network.default-deny',
    title: 'Namespaces without a default-deny NetworkPolicy',
    description:
      "Without a NetworkPolicy selecting every pod, any pod in the cluster can reach a namespace's node RPC, Engine API, signer and database ports; a default-deny ingress policy makes every allowed path explicit.",
    severity: 'medium',
    confidence: 'high',
    tags: ['kubernetes', 'network', 'segmentation'],
    remediation:
      'Add a NetworkPolicy with podSelector: {} and policyTypes [Ingress, Egress] to each namespace, then allow the paths the chain needs.',
    references: [
      'https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-deny-all-ingress-traffic',
    ],
    results: {
      'no-default-deny': { title: 'No default-deny ingress policy', severity: 'medium' },
      'no-egress-deny': { title: 'Ingress denied by default, egress not', severity: 'low' },
    },
  },
  ['NetworkPolicy', 'Namespace'],
  (inv) => {
    const results = [];
    const namespaces = new Set(inv.workloads.map((w) => w.obj.namespace!));
    const policies = kindOf(inv, 'NetworkPolicy');
    for (const ns of [...namespaces].sort()) {
      if (inv.mode === 'live' && /^kube-/.test(ns)) continue;
      const all = policies.filter(
        (p) =>
          p.namespace === ns &&
          isObj(p.raw.spec) &&
          isObj(p.raw.spec.podSelector) &&
          !Object.keys(p.raw.spec.podSelector).some(
            (k) =>
              Object.keys(((p.raw.spec as { podSelector: Record<string, unknown> }).podSelector[k] as object) ?? {})
                .length,
          ),
      );
      const types = (p: (typeof all)[number]) => arr((p.raw.spec as Record<string, unknown>).policyTypes).map(String);
      const denyIn = all.find((p) => {
        const spec = p.raw.spec as Record<string, unknown>;
        return (types(p).includes('Ingress') || !types(p).length) && !arr(spec.ingress).length;
      });
      const denyOut = all.find(
        (p) => types(p).includes('Egress') && !arr((p.raw.spec as Record<string, unknown>).egress).length,
      );
      const anchor = inv.workloads.find((w) => w.obj.namespace === ns)!;
      const nsObj = inv.byRef.get(`Namespace/${ns}`) ?? anchor.obj;
      if (!denyIn)
        results.push(
          hit({
            result: 'no-default-deny',
            status: 'fail',
            obj: nsObj,
            path: nsObj === anchor.obj ? ['metadata', 'namespace'] : ['metadata', 'name'],
            message: `namespace ${ns} has no default-deny ingress NetworkPolicy: every pod in the cluster can reach its workloads`,
            detail: `namespace:${ns}`,
          }),
        );
      else if (!denyOut)
        results.push(
          hit({
            result: 'no-egress-deny',
            status: 'warn',
            obj: denyIn,
            path: ['spec', 'policyTypes'],
            message: `namespace ${ns} denies ingress by default (${denyIn.name}) but not egress: a compromised pod can call out freely`,
            detail: `namespace:${ns}`,
          }),
        );
    }
    return {
      results,
      examined: namespaces.size,
      subject: 'namespaces with workloads',
      clean: 'each has default-deny ingress and egress policies',
    };
  },
);

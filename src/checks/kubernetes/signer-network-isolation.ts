import { kindOf } from '../../analyzers/k8s/inventory.js';
import { arr, isObj, objs, selects } from '../../analyzers/k8s/model.js';
import { signers } from '../../analyzers/k8s/placement.js';
import type { CheckResult } from '../types.js';
import { hit, kubeCheck } from './support.js';

export default kubeCheck(
  {
    id: 'kubernetes.signer.network-isolation',
    title: 'Signers reachable from any pod',
    description:
      'A signer needs to be reached only by its own node (a validator client by its beacon node, tmkms by its validator, an orderer by its peers); without a NetworkPolicy that selects it, every pod in the cluster can reach its signing and key-manager APIs.',
    severity: 'high',
    confidence: 'high',
    tags: ['kubernetes', 'signer', 'network', 'blockchain'],
    remediation:
      'Add a NetworkPolicy selecting the signer pods that allows ingress only from the pods that must reach them, and egress only to its node and DNS.',
    references: ['https://kubernetes.io/docs/concepts/services-networking/network-policies/'],
    results: {
      'no-policy': { title: 'No NetworkPolicy selects the signer', severity: 'high' },
      'open-ingress': { title: 'A policy allows ingress from anywhere', severity: 'medium' },
      isolated: { title: 'Ingress limited by policy', severity: 'info' },
    },
  },
  ['NetworkPolicy'],
  (inv) => {
    const results: CheckResult[] = [];
    const list = signers(inv);
    const policies = kindOf(inv, 'NetworkPolicy');
    for (const w of list) {
      const mine = policies.filter(
        (p) => p.namespace === w.obj.namespace && isObj(p.raw.spec) && selects(p.raw.spec.podSelector, w.podLabels),
      );
      const ingress = mine.filter((p) => {
        const spec = p.raw.spec as Record<string, unknown>;
        const types = arr(spec.policyTypes).map(String);
        return !types.length || types.includes('Ingress');
      });
      if (!ingress.length) {
        results.push(
          hit({
            result: 'no-policy',
            status: 'fail',
            obj: w.obj,
            path: [...w.specPath.slice(0, -1), 'metadata', 'labels'],
            message: `no NetworkPolicy limits ingress to ${w.obj.ref} (${w.role.reason})`,
            detail: 'netpol',
          }),
        );
        continue;
      }
      const open = ingress.find((p) =>
        objs((p.raw.spec as Record<string, unknown>).ingress).some((r) => !arr(r.from).length),
      );
      if (open)
        results.push(
          hit({
            result: 'open-ingress',
            status: 'warn',
            obj: open,
            path: ['spec', 'ingress'],
            message: `${open.ref} allows ingress to ${w.obj.ref} from any source`,
            detail: `netpol:${w.obj.ref}`,
          }),
        );
      else
        results.push(
          hit({
            result: 'isolated',
            status: 'pass',
            obj: ingress[0],
            path: ['spec', 'ingress'],
            message: `${ingress.map((p) => p.name).join(', ')} limit ingress to ${w.obj.ref}`,
            detail: `netpol:${w.obj.ref}`,
          }),
        );
    }
    return {
      results,
      examined: list.length,
      subject: 'signer workloads',
      clean: 'each is isolated by a NetworkPolicy',
    };
  },
);

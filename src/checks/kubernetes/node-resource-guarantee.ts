import { at, isObj, quantity } from '../../analyzers/k8s/model.js';
import { mainContainers } from '../../analyzers/k8s/placement.js';
import type { CheckResult } from '../types.js';
import { hit, kubeCheck, WORKLOAD_KINDS } from './support.js';

export default kubeCheck(
  {
    id: 'kubernetes.node.resource-guarantee',
    title: 'Node and signer pods without guaranteed resources',
    description:
      'Under memory pressure the kubelet evicts BestEffort pods first, then Burstable ones; a chain node or signer without requests is scheduled onto full nodes, starved and evicted, and falls behind the head or misses its slots. Signers should be Guaranteed (requests equal to limits).',
    severity: 'medium',
    confidence: 'high',
    tags: ['kubernetes', 'resources', 'availability', 'sizing', 'blockchain'],
    remediation:
      'Set CPU and memory requests sized from observed use (chain nodes: several GiB of memory and dedicated cores); for signers set requests equal to limits.',
    references: ['https://kubernetes.io/docs/concepts/workloads/pods/pod-qos/'],
    results: {
      'best-effort': { title: 'No CPU or memory requests (BestEffort)', severity: 'medium' },
      'not-guaranteed': { title: 'Signer not in the Guaranteed QoS class', severity: 'low' },
    },
  },
  WORKLOAD_KINDS,
  (inv) => {
    const results: CheckResult[] = [];
    const chain = inv.workloads.filter(
      (w) => (w.role.kind === 'signer' || w.role.kind === 'node') && !['Job', 'CronJob'].includes(w.obj.kind),
    );
    for (const w of chain)
      for (const c of mainContainers(w).filter((x) => x.run)) {
        const req = at(c.raw, ['resources', 'requests']);
        const lim = at(c.raw, ['resources', 'limits']);
        const has = (o: unknown, k: string) => isObj(o) && o[k] !== undefined;
        if (!has(req, 'memory') && !has(req, 'cpu') && !has(lim, 'memory'))
          results.push(
            hit({
              result: 'best-effort',
              status: 'warn',
              obj: w.obj,
              path: c.path,
              message: `${w.obj.ref} container ${c.name} (${c.run!.client}) requests no CPU or memory: first to be evicted under pressure`,
              detail: `${c.name}:qos`,
            }),
          );
        else if (
          w.role.kind === 'signer' &&
          !['cpu', 'memory'].every(
            (k) =>
              has(lim, k) &&
              quantity((req as Record<string, unknown> | undefined)?.[k] ?? (lim as Record<string, unknown>)[k]) ===
                quantity((lim as Record<string, unknown>)[k]),
          )
        )
          results.push(
            hit({
              result: 'not-guaranteed',
              status: 'warn',
              obj: w.obj,
              path: isObj(lim) ? [...c.path, 'resources'] : c.path,
              message: `${w.obj.ref} signer container ${c.name} is not Guaranteed (requests differ from limits or limits missing)`,
              detail: `${c.name}:qos`,
            }),
          );
      }
    return {
      results,
      examined: chain.length,
      subject: 'node and signer workloads',
      clean: 'each has guaranteed resources',
    };
  },
);

import { exposures, type Exposure } from '../../analyzers/k8s/exposure.js';
import type { PortRole } from '../../analyzers/k8s/chain.js';
import type { Inventory } from '../../analyzers/k8s/inventory.js';
import type { ResultMeta } from '../types.js';
import { hit, type Evaluation } from './support.js';

export const CHANNEL_RESULTS: Record<string, ResultMeta> = {
  'load-balancer': { title: 'Exposed through a LoadBalancer Service' },
  'node-port': { title: 'Exposed through a NodePort Service' },
  'external-ips': { title: 'Exposed through Service externalIPs' },
  'host-port': { title: 'Exposed through a hostPort' },
  'host-network': { title: "Listening on the node's network" },
  restricted: { title: 'Exposed only to an internal load balancer or listed sources', severity: 'info' },
};

/** Exposures of ports of the given roles, one result per (Service or workload, port, workload). */
export function exposureResults(inv: Inventory, roles: PortRole[], what: string): Evaluation {
  const results = [];
  const mine = exposures(inv).filter((e: Exposure) => roles.includes(e.role));
  for (const e of mine) {
    const signer = e.workload.role.kind === 'signer';
    results.push(
      hit({
        result: e.restricted ? 'restricted' : e.channel,
        status: e.restricted ? 'pass' : 'fail',
        severity: e.restricted
          ? undefined
          : signer || e.role === 'engine' || e.role === 'signing'
            ? 'critical'
            : undefined,
        obj: e.via,
        path: e.path,
        message: e.restricted
          ? `${e.detail} exposes the ${what} of ${e.workload.obj.ref} only through ${e.restricted}`
          : `${e.detail} exposes the ${what} (port ${e.port}) of ${e.workload.obj.ref}${signer ? ', a signer,' : ''} outside the cluster`,
        detail: `${e.channel}:${e.port}:${e.workload.obj.ref}`,
      }),
    );
  }
  const examined = inv.workloads.filter((w) =>
    w.containers.some((c) => c.ports.some((p) => p.role && roles.includes(p.role)) || c.run),
  ).length;
  return { results, examined, subject: 'blockchain workloads', clean: `no ${what} is exposed outside the cluster` };
}

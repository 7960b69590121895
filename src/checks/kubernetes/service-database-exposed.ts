import { kindOf } from '../../analyzers/k8s/inventory.js';
import { internalLoadBalancer } from '../../analyzers/k8s/exposure.js';
import { DB_PORTS, SSH_PORTS } from '../../analyzers/configs/common.js';
import { isObj, objs } from '../../analyzers/k8s/model.js';
import type { CheckResult } from '../types.js';
import { hit, kubeCheck } from './support.js';

export default kubeCheck(
  {
    id: 'kubernetes.service.database-exposed',
    title: 'Database and SSH ports exposed outside the cluster',
    description:
      'A LoadBalancer or NodePort Service on a database (PostgreSQL, MySQL, Redis, CouchDB, MongoDB, etcd) or SSH port puts it on the node or internet address, where it is scanned within minutes.',
    severity: 'high',
    confidence: 'high',
    tags: ['kubernetes', 'network', 'exposure', 'database'],
    remediation: 'Use a ClusterIP Service for databases; reach them from outside only through a bastion or VPN.',
    references: ['https://kubernetes.io/docs/concepts/services-networking/service/#publishing-services-service-types'],
    results: {
      'load-balancer': { title: 'Database or SSH port on a public load balancer', severity: 'critical' },
      'node-port': { title: 'Database or SSH port on a NodePort', severity: 'high' },
      restricted: { title: 'Database or SSH port on a restricted load balancer', severity: 'info' },
    },
  },
  ['Service'],
  (inv) => {
    const results: CheckResult[] = [];
    const svcs = kindOf(inv, 'Service').filter(
      (s) => isObj(s.raw.spec) && (s.raw.spec.type === 'LoadBalancer' || s.raw.spec.type === 'NodePort'),
    );
    for (const s of svcs) {
      const spec = s.raw.spec as Record<string, unknown>;
      objs(spec.ports).forEach((p, i) => {
        const port = Number(p.targetPort) || Number(p.port);
        const name = DB_PORTS[Number(p.port)] ?? DB_PORTS[port] ?? SSH_PORTS[Number(p.port)] ?? SSH_PORTS[port];
        if (!name) return;
        const internal = spec.type === 'LoadBalancer' ? internalLoadBalancer(s) : undefined;
        const result = internal ? 'restricted' : spec.type === 'LoadBalancer' ? 'load-balancer' : 'node-port';
        results.push(
          hit({
            result,
            status: internal ? 'pass' : 'fail',
            obj: s,
            path: ['spec', 'ports', i],
            message: internal
              ? `${s.ref} exposes ${name} (${String(p.port)}) only through ${internal}`
              : `${s.ref} exposes ${name} (${String(p.port)}) through a ${String(spec.type)}`,
            detail: `port:${String(p.port)}`,
          }),
        );
      });
    }
    return {
      results,
      examined: svcs.length,
      subject: 'externally reachable Services',
      clean: 'none carries a database or SSH port',
    };
  },
);

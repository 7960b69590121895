import { hit, kubeCheck, WORKLOAD_KINDS } from './support.js';

export default kubeCheck(
  {
    id: 'kubernetes.pod.host-ports',
    title: 'Container ports bound on the node (hostPort)',
    description:
      "A hostPort publishes a container port on the node's own address, outside Services and NetworkPolicies, and pins the pod to nodes where the port is free.",
    severity: 'medium',
    confidence: 'high',
    tags: ['kubernetes', 'network', 'exposure'],
    remediation: 'Publish through a Service; for P2P use a NodePort or LoadBalancer Service per replica.',
    references: ['https://kubernetes.io/docs/concepts/configuration/overview/#services'],
    results: { 'host-port': { title: 'hostPort set' } },
  },
  WORKLOAD_KINDS,
  (inv) => {
    const results = [];
    for (const w of inv.workloads)
      for (const c of w.containers)
        for (const p of c.ports)
          if (p.hostPort)
            results.push(
              hit({
                result: 'host-port',
                status: p.role === 'p2p' ? 'pass' : 'warn',
                obj: w.obj,
                path: [...p.path, 'hostPort'],
                message:
                  p.role === 'p2p'
                    ? `${w.obj.ref} container ${c.name} binds P2P port ${p.port} on the node (hostPort ${p.hostPort}): peering is meant to be reachable`
                    : `${w.obj.ref} container ${c.name} binds port ${p.port} on the node (hostPort ${p.hostPort})`,
                detail: `${c.name}:${p.port}`,
              }),
            );
    return { results, examined: inv.workloads.length, subject: 'workloads', clean: 'no hostPort' };
  },
);

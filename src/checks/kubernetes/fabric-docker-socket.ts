import { isObj } from '../../analyzers/k8s/model.js';
import { mainContainers } from '../../analyzers/k8s/placement.js';
import type { CheckResult } from '../types.js';
import { hit, kubeCheck, WORKLOAD_KINDS } from './support.js';

export default kubeCheck(
  {
    id: 'kubernetes.fabric.docker-socket',
    title: "Fabric peers building chaincode through the node's Docker socket",
    description:
      "Fabric's legacy chaincode lifecycle builds and starts chaincode containers through Docker (CORE_VM_ENDPOINT); mounting the node's docker.sock into the peer gives it — and any chaincode author who escapes the build — root on the Kubernetes node.",
    severity: 'critical',
    confidence: 'high',
    tags: ['kubernetes', 'fabric', 'chaincode', 'escape', 'blockchain'],
    remediation:
      'Run chaincode as a service (external builders, chaincode-as-a-service) or with the Kubernetes builder; remove the docker.sock mount and CORE_VM_ENDPOINT.',
    references: ['https://hyperledger-fabric.readthedocs.io/en/latest/cc_service.html'],
    results: { 'docker-socket': { title: 'Peer reaches the node Docker socket' } },
  },
  WORKLOAD_KINDS,
  (inv) => {
    const results: CheckResult[] = [];
    const peers = inv.workloads.filter((w) => mainContainers(w).some((c) => c.run?.client === 'fabric-peer'));
    for (const w of peers) {
      for (const c of mainContainers(w)) {
        const ep = c.env.find((e) => e.name === 'CORE_VM_ENDPOINT' && /docker\.sock/.test(e.value ?? ''));
        const sock = c.mounts.find((m) => {
          const v = w.volumes.get(m.volume)?.raw;
          return (
            /docker\.sock/.test(m.mountPath) ||
            (isObj(v?.hostPath) && /docker\.sock|\/var\/run\/?$/.test(String(v.hostPath.path)))
          );
        });
        if (ep || sock)
          results.push(
            hit({
              result: 'docker-socket',
              status: 'fail',
              obj: w.obj,
              line: ep?.line,
              path: ep ? undefined : sock!.path,
              message: `${w.obj.ref} container ${c.name} builds chaincode through the node's Docker socket${ep ? ` (${ep.name}=${ep.value})` : ` (mounted at ${sock!.mountPath})`}`,
              detail: `${c.name}:docker`,
            }),
          );
      }
    }
    return { results, examined: peers.length, subject: 'Fabric peers', clean: 'no peer reaches a Docker socket' };
  },
);

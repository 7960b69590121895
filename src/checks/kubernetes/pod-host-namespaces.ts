import { hit, kubeCheck, WORKLOAD_KINDS } from './support.js';

const NS = { hostNetwork: 'host-network', hostPID: 'host-pid', hostIPC: 'host-ipc' } as const;

export default kubeCheck(
  {
    id: 'kubernetes.pod.host-namespaces',
    title: "Pods sharing the node's network, PID or IPC namespace",
    description:
      "hostNetwork puts every port the pod opens on the node's interfaces (RPC included) and lets it sniff node traffic; hostPID and hostIPC let it see and signal the node's processes, including other validators' signers.",
    severity: 'high',
    confidence: 'high',
    tags: ['kubernetes', 'containers', 'escape', 'network'],
    remediation:
      'Remove hostNetwork, hostPID and hostIPC; publish P2P through a Service (NodePort or LoadBalancer) instead of the host network.',
    references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline'],
    results: {
      'host-network': { title: "Pod uses the node's network namespace" },
      'host-pid': { title: "Pod uses the node's PID namespace" },
      'host-ipc': { title: "Pod uses the node's IPC namespace" },
    },
  },
  WORKLOAD_KINDS,
  (inv) => {
    const results = [];
    for (const w of inv.workloads)
      for (const [field, result] of Object.entries(NS))
        if (w.spec[field] === true)
          results.push(
            hit({
              result,
              status: 'fail',
              obj: w.obj,
              path: [...w.specPath, field],
              message: `${w.obj.ref} shares the node's ${field.slice(4)} namespace (${field}: true)`,
              detail: field,
            }),
          );
    return { results, examined: inv.workloads.length, subject: 'workloads', clean: 'none shares a node namespace' };
  },
);

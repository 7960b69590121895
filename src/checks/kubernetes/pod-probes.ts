import { hit, kubeCheck, WORKLOAD_KINDS } from './support.js';

export default kubeCheck(
  {
    id: 'kubernetes.pod.probes',
    title: 'Long-running containers without health probes',
    description:
      'Without a readiness probe a Service sends traffic to a node that is still syncing or stuck; without a liveness probe a hung client is never restarted.',
    severity: 'low',
    confidence: 'high',
    tags: ['kubernetes', 'availability'],
    remediation:
      'Add readiness and liveness probes (an RPC health call for node clients, a TCP check on the signer port for signers).',
    references: [
      'https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/',
    ],
    results: {
      'no-readiness': { title: 'No readiness probe' },
      'no-liveness': { title: 'No liveness probe' },
    },
  },
  WORKLOAD_KINDS,
  (inv) => {
    const results = [];
    const long = inv.workloads.filter((w) => !['Job', 'CronJob'].includes(w.obj.kind));
    for (const w of long)
      for (const c of w.containers.filter((x) => x.group === 'containers')) {
        if (!c.raw.readinessProbe)
          results.push(
            hit({
              result: 'no-readiness',
              status: 'warn',
              obj: w.obj,
              path: c.path,
              message: `${w.obj.ref} container ${c.name} has no readiness probe`,
              detail: `${c.name}:readiness`,
            }),
          );
        if (!c.raw.livenessProbe)
          results.push(
            hit({
              result: 'no-liveness',
              status: 'warn',
              obj: w.obj,
              path: c.path,
              message: `${w.obj.ref} container ${c.name} has no liveness probe`,
              detail: `${c.name}:liveness`,
            }),
          );
      }
    return {
      results,
      examined: long.length,
      subject: 'long-running workloads',
      clean: 'every container has readiness and liveness probes',
    };
  },
);

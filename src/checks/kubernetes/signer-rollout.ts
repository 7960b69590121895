import { at, intOrPercent } from '../../analyzers/k8s/model.js';
import { signers } from '../../analyzers/k8s/placement.js';
import type { CheckResult } from '../types.js';
import { hit, kubeCheck } from './support.js';

export default kubeCheck(
  {
    id: 'kubernetes.signer.rollout',
    title: 'Signer rollouts that start the new pod before the old one stops',
    description:
      "A Deployment's default RollingUpdate (maxSurge 25%, rounded up to one pod) starts the new signer while the old one still runs: for the length of the rollout two copies of the key are live. Recreate (or maxSurge: 0) stops the old pod first.",
    severity: 'critical',
    confidence: 'high',
    tags: ['kubernetes', 'signer', 'double-sign', 'blockchain'],
    remediation:
      'Use strategy.type: Recreate for signer Deployments (or a StatefulSet, which replaces pods one at a time); for DaemonSets set rollingUpdate.maxSurge: 0.',
    references: ['https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#strategy'],
    results: {
      surge: { title: 'Rolling update surges a second signer', severity: 'critical' },
      'parallel-pods': { title: 'StatefulSet replaces pods in parallel', severity: 'medium' },
    },
  },
  ['Deployment', 'StatefulSet', 'DaemonSet'],
  (inv) => {
    const results: CheckResult[] = [];
    const list = signers(inv).filter((w) => ['Deployment', 'DaemonSet', 'StatefulSet'].includes(w.obj.kind));
    for (const w of list) {
      if (w.obj.kind === 'Deployment') {
        const type = String(at(w.obj.raw, ['spec', 'strategy', 'type']) ?? 'RollingUpdate');
        if (type === 'Recreate') continue;
        const raw = at(w.obj.raw, ['spec', 'strategy', 'rollingUpdate', 'maxSurge']) ?? '25%';
        const surge = intOrPercent(raw, w.replicas, true) ?? 1;
        if (surge > 0)
          results.push(
            hit({
              result: 'surge',
              status: 'fail',
              obj: w.obj,
              path: at(w.obj.raw, ['spec', 'strategy']) === undefined ? ['spec'] : ['spec', 'strategy'],
              message: `${w.obj.ref} (${w.role.reason}) rolls out with maxSurge ${String(raw)}${at(w.obj.raw, ['spec', 'strategy']) === undefined ? ' (the default)' : ''}: old and new signer run together during every update`,
              detail: 'strategy',
              evidence: [{ label: 'strategy', value: `${type}, maxSurge ${String(raw)}` }],
            }),
          );
      } else if (w.obj.kind === 'DaemonSet') {
        const raw = at(w.obj.raw, ['spec', 'updateStrategy', 'rollingUpdate', 'maxSurge']);
        if (raw !== undefined && (intOrPercent(raw, 1, true) ?? 0) > 0)
          results.push(
            hit({
              result: 'surge',
              status: 'fail',
              obj: w.obj,
              path: ['spec', 'updateStrategy', 'rollingUpdate', 'maxSurge'],
              message: `${w.obj.ref} surges a new signer pod beside the old one on each node (maxSurge ${String(raw)})`,
              detail: 'strategy',
            }),
          );
      } else if (at(w.obj.raw, ['spec', 'podManagementPolicy']) === 'Parallel' && w.replicas > 1)
        results.push(
          hit({
            result: 'parallel-pods',
            status: 'warn',
            obj: w.obj,
            path: ['spec', 'podManagementPolicy'],
            message: `${w.obj.ref} starts and stops its ${w.replicas} signer pods in parallel`,
            detail: 'strategy',
          }),
        );
    }
    return {
      results,
      examined: list.length,
      subject: 'signer workloads',
      clean: 'each stops the old signer before starting the new one',
    };
  },
);

import { HOSTNAME, pinned, placedPods, separation, voterGroups } from '../../analyzers/k8s/placement.js';
import type { CheckResult } from '../types.js';
import { hit, kubeCheck } from './support.js';

export default kubeCheck(
  {
    id: 'kubernetes.validators.node-spread',
    title: 'Validators of one chain that can share a node',
    description:
      'Validators (or orderers) of the same chain scheduled on the same Kubernetes node fail together when that node is drained, upgraded or lost, and a compromise of the node reaches all their keys; a required anti-affinity (or a DoNotSchedule spread) on kubernetes.io/hostname keeps them apart.',
    severity: 'high',
    confidence: 'high',
    tags: ['kubernetes', 'validators', 'availability', 'blockchain'],
    remediation:
      'Give every validator workload of the chain a shared label and a requiredDuringScheduling podAntiAffinity on kubernetes.io/hostname selecting that label (or a topologySpreadConstraint with maxSkew 1, whenUnsatisfiable: DoNotSchedule).',
    references: [
      'https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#inter-pod-affinity-and-anti-affinity',
    ],
    results: {
      'no-anti-affinity': { title: 'Nothing keeps validators on different nodes', severity: 'high' },
      'preferred-only': { title: 'Only a preferred (soft) separation', severity: 'medium' },
      'same-node': { title: 'Validators pinned to or running on one node', severity: 'critical' },
      separated: { title: 'Required separation across nodes', severity: 'info' },
    },
  },
  ['Deployment', 'StatefulSet', 'Pod', 'Node'],
  (inv) => {
    const results: CheckResult[] = [];
    const groups = voterGroups(inv).filter((g) => g.pods > 1);
    for (const g of groups) {
      const pins = new Map<string, string[]>();
      for (const w of g.workloads) {
        const p = pinned(w, HOSTNAME);
        if (p?.values.length === 1) pins.set(p.values[0], [...(pins.get(p.values[0]) ?? []), w.obj.ref]);
      }
      for (const w of g.workloads) {
        const p = pinned(w, HOSTNAME);
        const sep = separation(w, g.workloads, [HOSTNAME]);
        if (p?.values.length === 1 && (pins.get(p.values[0])!.length > 1 || w.replicas > 1)) {
          results.push(
            hit({
              result: 'same-node',
              status: 'fail',
              obj: w.obj,
              path: p.path,
              message: `${w.obj.ref} is pinned to node ${p.values[0]} together with ${
                pins
                  .get(p.values[0])!
                  .filter((r) => r !== w.obj.ref)
                  .join(', ') || `its other ${w.replicas - 1} replica(s)`
              } (chain ${g.chain})`,
              detail: 'node-spread',
            }),
          );
          continue;
        }
        if (sep.level === 'required')
          results.push(
            hit({
              result: 'separated',
              status: 'pass',
              obj: w.obj,
              path: sep.rule!.path,
              message: `${w.obj.ref} requires a node of its own among the ${g.pods} validators of ${g.chain}`,
              detail: 'node-spread',
            }),
          );
        else if (sep.level === 'preferred')
          results.push(
            hit({
              result: 'preferred-only',
              status: 'warn',
              obj: w.obj,
              path: sep.rule!.path,
              message: `${w.obj.ref} only prefers a node apart from the other validators of ${g.chain}: the scheduler may still co-locate them`,
              detail: 'node-spread',
            }),
          );
        else
          results.push(
            hit({
              result: 'no-anti-affinity',
              status: 'fail',
              obj: w.obj,
              path: w.specPath,
              message: `nothing keeps ${w.obj.ref} off the nodes of the other ${g.pods - 1} validator pod(s) of ${g.chain}`,
              detail: 'node-spread',
            }),
          );
      }
      const byNode = new Map<string, string[]>();
      for (const p of placedPods(inv, g.workloads))
        if (p.node) byNode.set(p.node, [...(byNode.get(p.node) ?? []), p.pod.name]);
      for (const [node, pods] of byNode)
        if (pods.length > 1) {
          const pod = inv.pods.find((x) => x.name === pods[0])!;
          results.push(
            hit({
              result: 'same-node',
              status: 'fail',
              obj: pod,
              path: ['spec', 'nodeName'],
              message: `validators ${pods.join(', ')} of ${g.chain} run on the same node ${node}`,
              detail: `observed:${node}`,
            }),
          );
        }
    }
    return {
      results,
      examined: groups.length,
      subject: 'chains with several validator pods',
      clean: 'validators are kept on separate nodes',
    };
  },
);

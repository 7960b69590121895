import { pinned, placedPods, REGION, separation, tolerance, voterGroups, ZONE } from '../../analyzers/k8s/placement.js';
import type { CheckResult } from '../types.js';
import { hit, kubeCheck } from './support.js';

export default kubeCheck(
  {
    id: 'kubernetes.validators.zone-spread',
    title: 'Validators spread across availability zones',
    description:
      'Validators concentrated in one availability zone halt consensus when the zone fails. The pod spec must require spreading on topology.kubernetes.io/zone (topologySpreadConstraints with whenUnsatisfiable: DoNotSchedule, or required anti-affinity), and no single zone may hold more validators than the quorum can lose.',
    severity: 'high',
    confidence: 'high',
    tags: ['kubernetes', 'validators', 'availability', 'multi-az', 'blockchain'],
    remediation:
      'Add topologySpreadConstraints on topology.kubernetes.io/zone (maxSkew 1, whenUnsatisfiable: DoNotSchedule) selecting all validators of the chain, over at least three zones.',
    references: ['https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/'],
    results: {
      'no-zone-spread': { title: 'Nothing spreads validators over zones', severity: 'high' },
      'schedule-anyway': { title: 'Zone spread is only a preference', severity: 'medium' },
      'single-zone': { title: 'Validators pinned to one zone', severity: 'high' },
      'zone-breaks-quorum': { title: 'One zone holds more validators than the quorum can lose', severity: 'critical' },
      spread: { title: 'Required zone spread', severity: 'info' },
    },
  },
  ['Deployment', 'StatefulSet', 'Pod', 'Node'],
  (inv) => {
    const results: CheckResult[] = [];
    const groups = voterGroups(inv).filter((g) => g.pods > 1);
    for (const g of groups) {
      const zones = new Set<string>();
      for (const w of g.workloads) {
        const z = pinned(w, ZONE);
        if (z) for (const v of z.values) zones.add(v);
        const sep = separation(w, g.workloads, [ZONE, REGION]);
        if (
          z &&
          z.values.length === 1 &&
          (w.replicas > 1 || g.workloads.every((o) => pinned(o, ZONE)?.values.join() === z.values.join()))
        )
          results.push(
            hit({
              result: 'single-zone',
              status: 'fail',
              obj: w.obj,
              path: z.path,
              message: `${w.obj.ref} is pinned to zone ${z.values[0]}${w.replicas > 1 ? ` with all ${w.replicas} replicas` : ', like every validator of ' + g.chain}`,
              detail: 'zone-spread',
            }),
          );
        else if (sep.level === 'required')
          results.push(
            hit({
              result: 'spread',
              status: 'pass',
              obj: w.obj,
              path: sep.rule!.path,
              message: `${w.obj.ref} requires spreading over ${sep.rule!.key}`,
              detail: 'zone-spread',
            }),
          );
        else if (sep.level === 'preferred')
          results.push(
            hit({
              result: 'schedule-anyway',
              status: 'warn',
              obj: w.obj,
              path: sep.rule!.path,
              message: `${w.obj.ref} only prefers spreading over zones (ScheduleAnyway or preferred anti-affinity): a zone may still hold most validators of ${g.chain}`,
              detail: 'zone-spread',
            }),
          );
        else if (!z || z.values.length > 1)
          results.push(
            hit({
              result: 'no-zone-spread',
              status: g.consensus === 'pos' ? 'warn' : 'fail',
              obj: w.obj,
              path: w.specPath,
              message: `nothing spreads ${w.obj.ref} and the other validators of ${g.chain} over availability zones`,
              detail: 'zone-spread',
            }),
          );
      }
      const placed = placedPods(inv, g.workloads);
      if (placed.length > 1) {
        const count = new Map<string, number>();
        for (const p of placed)
          count.set(p.zone ?? '(no zone label)', (count.get(p.zone ?? '(no zone label)') ?? 0) + 1);
        const [zone, most] = [...count].sort((a, b) => b[1] - a[1])[0];
        const f = tolerance(g.consensus, placed.length);
        if (g.consensus !== 'pos' && most > f) {
          const pod = placed.find((p) => (p.zone ?? '(no zone label)') === zone)!.pod;
          results.push(
            hit({
              result: 'zone-breaks-quorum',
              status: 'fail',
              obj: pod,
              path: ['spec', 'nodeName'],
              message: `${most} of the ${placed.length} validators of ${g.chain} run in zone ${zone}; ${g.consensus === 'raft' ? 'Raft' : 'BFT'} consensus survives the loss of ${f}`,
              detail: `observed:${g.chain}`,
              evidence: [{ label: 'validators per zone', value: [...count].map(([z, n]) => `${z}: ${n}`).join(', ') }],
            }),
          );
        }
      }
    }
    return {
      results,
      examined: groups.length,
      subject: 'chains with several validator pods',
      clean: 'validators are spread over zones',
    };
  },
);

import { budgets, tolerance, voterGroups } from '../../analyzers/k8s/placement.js';
import type { CheckResult } from '../types.js';
import { hit, kubeCheck } from './support.js';

export default kubeCheck(
  {
    id: 'kubernetes.validators.disruption-budget',
    title: 'Disruption budgets that let a drain break consensus',
    description:
      'Node drains, cluster upgrades and autoscaler scale-downs evict pods as far as PodDisruptionBudgets allow. A budget (or the absence of one) that lets more validators go at once than the consensus tolerates — f of n for BFT (n ≥ 3f+1), fewer than half for Raft — halts the chain during routine maintenance.',
    severity: 'high',
    confidence: 'high',
    tags: ['kubernetes', 'validators', 'availability', 'consensus', 'blockchain'],
    remediation:
      'Cover the validators of each chain with PodDisruptionBudgets whose allowed disruptions add up to at most f (for a single-replica validator: one PDB with maxUnavailable 0 or minAvailable 1 each).',
    references: ['https://kubernetes.io/docs/tasks/run-application/configure-pdb/'],
    results: {
      'allows-quorum-loss': { title: 'Budgets allow losing the quorum', severity: 'high' },
      'no-budget': { title: 'No disruption budget covers the validators', severity: 'medium' },
      'within-tolerance': { title: 'Budgets stay within the fault tolerance', severity: 'info' },
    },
  },
  ['PodDisruptionBudget', 'Deployment', 'StatefulSet'],
  (inv) => {
    const results: CheckResult[] = [];
    const groups = voterGroups(inv).filter((g) => g.pods > 1 && g.consensus !== 'pos' && g.consensus !== 'poa');
    for (const g of groups) {
      const f = tolerance(g.consensus, g.pods);
      const bs = budgets(
        inv,
        g.workloads.map((w) => ({ w, count: Number.isFinite(w.replicas) ? w.replicas : 1 })),
      );
      const covered = new Set(
        g.workloads.filter((w) => bs.some((b) => b.pdb.namespace === w.obj.namespace)).map((w) => w.obj.ref),
      );
      const uncovered = g.workloads
        .filter((w) => !covered.has(w.obj.ref))
        .reduce((a, w) => a + (Number.isFinite(w.replicas) ? w.replicas : 1), 0);
      const allowed = bs.reduce((a, b) => a + b.allowed, 0) + uncovered;
      const what = `${g.chain}: ${g.pods} validators, ${g.consensus === 'raft' ? 'Raft' : 'BFT'} tolerates ${f}`;
      if (!bs.length)
        results.push(
          hit({
            result: 'no-budget',
            status: 'warn',
            obj: g.workloads[0].obj,
            path: ['metadata', 'name'],
            message: `no PodDisruptionBudget covers the validators of ${what}: a drain may evict several at once`,
            detail: `pdb:${g.chain}`,
          }),
        );
      else if (allowed > f)
        for (const b of bs.filter((x) => x.allowed > 0 || uncovered > 0))
          results.push(
            hit({
              result: 'allows-quorum-loss',
              status: 'fail',
              obj: b.pdb,
              path: b.path,
              message: `${b.pdb.ref} (${b.setting} over ${b.selected} pod(s)) with the other budgets lets ${allowed} validators be evicted at once (${what})`,
              detail: `pdb:${g.chain}`,
            }),
          );
      else
        for (const b of bs)
          results.push(
            hit({
              result: 'within-tolerance',
              status: 'pass',
              obj: b.pdb,
              path: b.path,
              message: `${b.pdb.ref} (${b.setting}) keeps evictions within the tolerance (${what})`,
              detail: `pdb:${g.chain}`,
            }),
          );
    }
    return {
      results,
      examined: groups.length,
      subject: 'BFT/Raft validator sets with several members',
      clean: 'disruption budgets keep the quorum',
    };
  },
);

import { setting } from '../../analyzers/k8s/chain.js';
import type { CheckResult } from '../types.js';
import { clientContainers } from './flags-shared.js';
import { hit, kubeCheck, WORKLOAD_KINDS } from './support.js';

export default kubeCheck(
  {
    id: 'kubernetes.node.unprotected-txs',
    title: 'Nodes accepting transactions without replay protection',
    description:
      '--rpc.allow-unprotected-txs makes the node accept and relay transactions signed without a chain id (pre-EIP-155), which can be replayed on every chain that shares the account.',
    severity: 'medium',
    confidence: 'high',
    tags: ['kubernetes', 'rpc', 'transactions', 'node-flags', 'blockchain'],
    remediation: 'Remove --rpc.allow-unprotected-txs.',
    references: ['https://eips.ethereum.org/EIPS/eip-155'],
    results: { 'unprotected-txs': { title: 'Unprotected transactions allowed' } },
  },
  WORKLOAD_KINDS,
  (inv) => {
    const results: CheckResult[] = [];
    const nodes = clientContainers(inv).filter(({ c }) => c.run!.family === 'execution');
    for (const { w, c } of nodes) {
      const s = setting(c.settings, 'txs.unprotected');
      if (s && !/^(false|0)$/i.test(s.value))
        results.push(
          hit({
            result: 'unprotected-txs',
            status: 'fail',
            obj: w.obj,
            line: s.line,
            message: `${w.obj.ref} container ${c.name} accepts transactions without replay protection (${s.text})`,
            detail: `${c.name}:unprotected`,
            evidence: [{ label: 'flag', value: s.text }],
          }),
        );
    }
    return { results, examined: nodes.length, subject: 'execution clients', clean: 'replay protection is enforced' };
  },
);

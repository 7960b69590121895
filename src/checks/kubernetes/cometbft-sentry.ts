import { cometNodes } from '../../analyzers/k8s/cometbft.js';
import { exposures } from '../../analyzers/k8s/exposure.js';
import type { CheckResult } from '../types.js';
import { hit, kubeCheck } from './support.js';

export default kubeCheck(
  {
    id: 'kubernetes.cometbft.sentry',
    title: 'CometBFT validators facing the public P2P network directly',
    description:
      'The sentry-node architecture hides validators behind full nodes: a validator whose P2P port is published (LoadBalancer, NodePort, hostPort, host network) or that runs peer exchange can be found and flooded, and a DoS of the validator is a missed-block slashing.',
    severity: 'medium',
    confidence: 'medium',
    tags: ['kubernetes', 'cometbft', 'p2p', 'sentry', 'blockchain'],
    remediation:
      'Keep validator P2P on a ClusterIP Service reachable by its sentries only, set pex = false and list the sentries in persistent_peers.',
    references: ['https://docs.cometbft.com/v0.38/core/validators#setting-up-a-validator'],
    results: {
      'validator-p2p-public': { title: 'Validator P2P published outside the cluster' },
      'pex-on': { title: 'Peer exchange on for a validator', severity: 'low' },
    },
  },
  ['ConfigMap', 'Service', 'Deployment', 'StatefulSet'],
  (inv) => {
    const results: CheckResult[] = [];
    const validators = inv.workloads.filter((w) => w.role.kind === 'signer' && w.family === 'cometbft');
    for (const e of exposures(inv).filter((x) => x.role === 'p2p' && !x.restricted && validators.includes(x.workload)))
      results.push(
        hit({
          result: 'validator-p2p-public',
          status: 'warn',
          obj: e.via,
          path: e.path,
          message: `${e.detail} publishes the P2P port of validator ${e.workload.obj.ref}: put sentries in front of it`,
          detail: `${e.channel}:${e.port}:${e.workload.obj.ref}`,
        }),
      );
    const configs = cometNodes(inv).filter((n) => n.validator && !n.error);
    for (const n of configs) {
      const pex = n.get('p2p', 'pex');
      if (n.config && (pex === undefined || pex.value === true))
        results.push(
          hit({
            result: 'pex-on',
            status: 'warn',
            obj: pex?.obj ?? n.config.configMap,
            line: pex?.line,
            path: pex ? undefined : ['data', n.config.key],
            message: `${n.where}: peer exchange is ${pex ? 'on' : 'on (default)'} for a validator`,
            detail: `${n.where}:pex`,
          }),
        );
    }
    return {
      results,
      examined: validators.length + configs.length,
      subject: 'CometBFT validators',
      clean: 'validators sit behind sentries',
    };
  },
);

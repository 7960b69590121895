import { setting, settingList } from '../../analyzers/k8s/chain.js';
import type { CheckResult } from '../types.js';
import { clientContainers } from './flags-shared.js';
import { hit, kubeCheck, WORKLOAD_KINDS } from './support.js';

export default kubeCheck(
  {
    id: 'kubernetes.node.rpc-origins',
    title: 'Node RPC accepting any browser origin or Host header',
    description:
      "--http.corsdomain='*' (Besu --rpc-http-cors-origins, beacon API allow-origin) lets any web page a user visits call the node from the user's browser; --http.vhosts='*' (Besu --host-allowlist) turns off the Host-header check that stops DNS-rebinding attacks on nodes believed to be private.",
    severity: 'high',
    confidence: 'high',
    tags: ['kubernetes', 'rpc', 'cors', 'node-flags', 'blockchain'],
    remediation:
      'List the dapp origins in the CORS flag and the service host names in the vhosts / host-allowlist flag.',
    references: ['https://geth.ethereum.org/docs/fundamentals/command-line-options'],
    results: {
      'cors-any': { title: 'Any origin may call the node from a browser', severity: 'high' },
      'ws-origins-any': { title: 'Any origin may open a WebSocket', severity: 'high' },
      'vhosts-any': { title: 'Any Host header accepted', severity: 'medium' },
    },
  },
  WORKLOAD_KINDS,
  (inv) => {
    const results: CheckResult[] = [];
    const nodes = clientContainers(inv);
    for (const { w, c } of nodes)
      for (const [key, result] of [
        ['http.cors', 'cors-any'],
        ['ws.origins', 'ws-origins-any'],
        ['http.vhosts', 'vhosts-any'],
      ] as const) {
        const s = setting(c.settings, key);
        if (!s || !settingList(s).includes('*')) continue;
        results.push(
          hit({
            result,
            status: result === 'vhosts-any' ? 'warn' : 'fail',
            obj: w.obj,
            line: s.line,
            message: `${w.obj.ref} container ${c.name} (${c.run!.client}) sets ${s.text}`,
            detail: `${c.name}:${key}`,
            evidence: [{ label: 'flag', value: s.text }],
          }),
        );
      }
    return { results, examined: nodes.length, subject: 'blockchain clients', clean: 'none accepts any origin or Host' };
  },
);

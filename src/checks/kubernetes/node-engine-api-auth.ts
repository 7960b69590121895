import { setting, settingList } from '../../analyzers/k8s/chain.js';
import { isObj } from '../../analyzers/k8s/model.js';
import { mountFor } from '../../analyzers/k8s/inventory.js';
import type { CheckResult } from '../types.js';
import { clientContainers } from './flags-shared.js';
import { hit, kubeCheck, WORKLOAD_KINDS } from './support.js';

export default kubeCheck(
  {
    id: 'kubernetes.node.engine-api-auth',
    title: 'Engine API host allowlist and JWT secret',
    description:
      "The Engine API authenticates the consensus client with a JWT secret and filters Host headers (--authrpc.vhosts, Besu --engine-host-allowlist). vhosts '*', a disabled JWT check, or a JWT secret kept in a ConfigMap or not given at all (geth then writes a random one into its data directory) leave block production open to whoever reaches the port.",
    severity: 'high',
    confidence: 'high',
    tags: ['kubernetes', 'engine-api', 'node-flags', 'blockchain'],
    remediation:
      "Set --authrpc.vhosts to the consensus client's service name, mount the JWT secret from a Secret (mode 0400) and pass it with --authrpc.jwtsecret on both clients; never use --engine-jwt-disabled.",
    references: [
      'https://geth.ethereum.org/docs/getting-started/consensus-clients',
      'https://github.com/ethereum/execution-apis/blob/main/src/engine/authentication.md',
    ],
    results: {
      'vhosts-any': { title: "Engine API accepts any Host ('*')", severity: 'high' },
      'jwt-disabled': { title: 'Engine API JWT check disabled', severity: 'critical' },
      'jwt-in-configmap': { title: 'JWT secret kept in a ConfigMap', severity: 'high' },
      'no-jwt-file': { title: 'No JWT secret file given', severity: 'low' },
    },
  },
  WORKLOAD_KINDS,
  (inv) => {
    const results: CheckResult[] = [];
    const nodes = clientContainers(inv).filter(({ c }) => c.run!.family === 'execution');
    for (const { w, c } of nodes) {
      const vh = setting(c.settings, 'authrpc.vhosts');
      if (vh && settingList(vh).includes('*'))
        results.push(
          hit({
            result: 'vhosts-any',
            status: 'fail',
            obj: w.obj,
            line: vh.line,
            message: `${w.obj.ref} container ${c.name} accepts any Host on the Engine API (${vh.text})`,
            detail: `${c.name}:vhosts`,
          }),
        );
      const off = setting(c.settings, 'authrpc.jwt-disabled');
      if (off && !/^(false|0)$/i.test(off.value))
        results.push(
          hit({
            result: 'jwt-disabled',
            status: 'fail',
            obj: w.obj,
            line: off.line,
            message: `${w.obj.ref} container ${c.name} turns the Engine API JWT check off (${off.text})`,
            detail: `${c.name}:jwt`,
          }),
        );
      const jwt = setting(c.settings, 'authrpc.jwt');
      if (jwt) {
        const m = mountFor(w, c, jwt.value);
        if (m?.volume && isObj(m.volume.configMap))
          results.push(
            hit({
              result: 'jwt-in-configmap',
              status: 'fail',
              obj: w.obj,
              line: jwt.line,
              message: `${w.obj.ref} container ${c.name} reads its JWT secret from ConfigMap ${String(m.volume.configMap.name)} (${jwt.text})`,
              detail: `${c.name}:jwt`,
            }),
          );
      } else if (!off && ['geth', 'erigon', 'reth'].includes(c.run!.client))
        results.push(
          hit({
            result: 'no-jwt-file',
            status: 'warn',
            obj: w.obj,
            path: c.path,
            message: `${w.obj.ref} container ${c.name} (${c.run!.client}) is given no JWT secret file: it generates one in its data directory that the consensus client must share`,
            detail: `${c.name}:jwt`,
          }),
        );
    }
    return {
      results,
      examined: nodes.length,
      subject: 'execution clients',
      clean: 'the Engine API is limited to the consensus client',
    };
  },
);

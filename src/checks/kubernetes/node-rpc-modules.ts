import { setting, settingList } from '../../analyzers/k8s/chain.js';
import type { CheckResult } from '../types.js';
import { clientContainers } from './flags-shared.js';
import { hit, kubeCheck, WORKLOAD_KINDS } from './support.js';

const MODULES: Record<string, { result: string; why: string }> = {
  personal: { result: 'personal', why: 'account unlocking and signing' },
  admin: { result: 'admin', why: 'peer management, node shutdown and datadir control' },
  debug: { result: 'debug', why: 'tracing, memory and profiling, resource exhaustion' },
  miner: { result: 'other-admin', why: 'mining and block-production control' },
  txpool: { result: 'other-admin', why: 'mempool inspection' },
  clique: { result: 'consensus-voting', why: 'signer voting' },
  ibft: { result: 'consensus-voting', why: 'validator voting' },
  qbft: { result: 'consensus-voting', why: 'validator voting' },
  perm: { result: 'other-admin', why: 'permissioning changes' },
  plugins: { result: 'other-admin', why: 'plugin control' },
  trace: { result: 'debug', why: 'transaction tracing, resource exhaustion' },
  parity: { result: 'other-admin', why: 'legacy admin calls' },
  les: { result: 'other-admin', why: 'light-server control' },
};

export default kubeCheck(
  {
    id: 'kubernetes.node.rpc-modules',
    title: 'Dangerous RPC modules enabled in node arguments',
    description:
      'Execution clients serve only the modules listed in --http.api / --ws.api (Besu --rpc-http-api, Nethermind --JsonRpc.EnabledModules). personal, admin, debug, trace, miner and consensus-voting modules (clique, ibft, qbft) hand account, node or validator-set control to every caller of the port.',
    severity: 'high',
    confidence: 'high',
    tags: ['kubernetes', 'rpc', 'node-flags', 'blockchain'],
    remediation:
      'Serve eth,net,web3 over HTTP/WS; use the IPC socket (kubectl exec) for admin and debug work; never expose personal.',
    references: [
      'https://geth.ethereum.org/docs/interacting-with-geth/rpc',
      'https://besu.hyperledger.org/public-networks/reference/cli/options#rpc-http-api',
    ],
    results: {
      personal: { title: 'personal module enabled', severity: 'critical' },
      admin: { title: 'admin module enabled', severity: 'high' },
      debug: { title: 'debug or trace module enabled', severity: 'high' },
      'consensus-voting': { title: 'Consensus voting module enabled', severity: 'critical' },
      'other-admin': { title: 'Other administrative module enabled', severity: 'medium' },
    },
  },
  WORKLOAD_KINDS,
  (inv) => {
    const results: CheckResult[] = [];
    const nodes = clientContainers(inv).filter(({ c }) => c.run!.family === 'execution');
    for (const { w, c } of nodes)
      for (const key of ['http.api', 'ws.api']) {
        const s = setting(c.settings, key);
        if (!s) continue;
        const seen = new Set<string>();
        for (const m of settingList(s).map((x) => x.toLowerCase())) {
          const known = MODULES[m];
          if (!known || seen.has(known.result)) continue;
          seen.add(known.result);
          results.push(
            hit({
              result: known.result,
              status: 'fail',
              obj: w.obj,
              line: s.line,
              message: `${w.obj.ref} container ${c.name} (${c.run!.client}) serves the ${m} module over ${key.startsWith('ws') ? 'WebSocket' : 'HTTP'}: ${known.why}`,
              detail: `${c.name}:${key}:${known.result}`,
              evidence: [{ label: 'flag', value: s.text }],
            }),
          );
        }
      }
    return { results, examined: nodes.length, subject: 'execution clients', clean: 'none serves a dangerous module' };
  },
);

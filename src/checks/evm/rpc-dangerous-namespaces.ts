import type { Severity } from '../../model.js';
import type { CheckResult } from '../types.js';
import { defineCheck } from '../types.js';
import { callEvidence, methodAnswers, sharedCall } from './probe.js';

interface NamespaceProbe {
  namespace: string;
  severity: Severity;
  risk: string;
  /** Read-only calls, or calls whose parameters are malformed on purpose so nothing executes. */
  probes: [method: string, params: unknown[]][];
}

const ZERO_HASH = `0x${'00'.repeat(32)}`;

const NAMESPACES: NamespaceProbe[] = [
  {
    namespace: 'personal',
    severity: 'critical',
    risk: 'account management over RPC: unlock, import a raw key, sign',
    probes: [
      ['personal_listAccounts', []],
      ['personal_listWallets', []],
    ],
  },
  {
    namespace: 'admin',
    severity: 'high',
    risk: 'node administration: leaks enode and peers, can add peers and start or stop RPC servers',
    probes: [
      ['admin_nodeInfo', []],
      ['admin_peers', []],
    ],
  },
  {
    namespace: 'debug',
    severity: 'medium',
    risk: 'tracing and internals: heavy traces are a denial-of-service lever, some calls change node state',
    probes: [
      ['debug_traceTransaction', [ZERO_HASH]],
      ['debug_getRawHeader', ['latest']],
    ],
  },
  {
    namespace: 'miner',
    severity: 'high',
    risk: 'block production control: start or stop mining, change the fee recipient and gas price',
    probes: [['miner_setGasPrice', [{}]]],
  },
  {
    namespace: 'txpool',
    severity: 'low',
    risk: 'pending-transaction pool disclosure, useful to front-runners',
    probes: [['txpool_status', []]],
  },
  {
    namespace: 'evm',
    severity: 'critical',
    risk: 'development controls: mine, revert and move time at will',
    probes: [['evm_increaseTime', [{}]]],
  },
  {
    namespace: 'hardhat',
    severity: 'critical',
    risk: 'development controls: set balances, code and storage, impersonate any account',
    probes: [['hardhat_metadata', []]],
  },
  {
    namespace: 'anvil',
    severity: 'critical',
    risk: 'development controls: set balances, code and storage, impersonate any account',
    probes: [
      ['anvil_nodeInfo', []],
      ['anvil_metadata', []],
    ],
  },
];

export default defineCheck(
  {
    id: 'evm.rpc.dangerous-namespaces',
    title: 'Dangerous JSON-RPC namespaces answer',
    description:
      'Beyond eth_/net_/web3_, node RPC namespaces manage keys (personal_), administer the node (admin_), trace (debug_), control block production (miner_), reveal the mempool (txpool_) or rewrite state (the evm_/hardhat_/anvil_ development namespaces). None belong on an endpoint other parties can reach.',
    targetKinds: ['evm-node'],
    severity: 'high',
    confidence: 'high',
    tags: ['rpc', 'namespaces', 'exposure'],
    remediation:
      'Enable only eth,net,web3 on shared endpoints (geth --http.api eth,net,web3; erigon --http.api; nethermind JsonRpc.EnabledModules); never run development nodes where other parties can reach them.',
    references: [
      'https://geth.ethereum.org/docs/interacting-with-geth/rpc',
      'https://geth.ethereum.org/docs/fundamentals/security',
    ],
    level: 'passive',
  },
  async (ctx) => {
    const results: CheckResult[] = [];
    for (const ns of NAMESPACES) {
      const evidence = [];
      let answeredBy: string | undefined;
      for (const [method, params] of ns.probes) {
        const out = await sharedCall(ctx, method, params);
        evidence.push(callEvidence(method, params, out, 200));
        if (methodAnswers(out)) {
          answeredBy = method;
          break;
        }
      }
      results.push(
        answeredBy
          ? {
              status: 'fail',
              severity: ns.severity,
              key: ns.namespace,
              message: `${ns.namespace}_ namespace answers (${answeredBy}): ${ns.risk}`,
              evidence,
            }
          : { status: 'pass', key: ns.namespace, message: `${ns.namespace}_ namespace not offered`, evidence },
      );
    }
    return results;
  },
);

import type { Severity } from '../../model.js';
import type { CheckResult } from '../types.js';
import { defineCheck } from '../types.js';
import { callEvidence, methodAnswer, sharedCall, type MethodAnswer } from '../node-probe.js';

interface NamespaceProbe {
  namespace: string;
  title: string;
  severity: Severity;
  risk: string;
  /**
   * Read-only calls, or calls without the arguments they need so nothing executes: a node that
   * implements the method answers "invalid params", which proves it is there.
   */
  probes: [method: string, params: unknown[]][];
}

const ZERO_HASH = `0x${'00'.repeat(32)}`;

const NAMESPACES: NamespaceProbe[] = [
  {
    namespace: 'personal',
    title: 'personal_ namespace (account management, signing)',
    severity: 'critical',
    risk: 'account management over RPC: unlock, import a raw key, sign',
    probes: [
      ['personal_listAccounts', []],
      ['personal_listWallets', []],
      ['personal_sign', []],
      ['personal_unlockAccount', []],
      ['personal_importRawKey', []],
    ],
  },
  {
    namespace: 'admin',
    title: 'admin_ namespace (node administration)',
    severity: 'high',
    risk: 'node administration: leaks enode and peers, can add peers and start or stop RPC servers',
    probes: [
      ['admin_nodeInfo', []],
      ['admin_peers', []],
    ],
  },
  {
    namespace: 'debug',
    title: 'debug_ namespace (tracing and internals)',
    severity: 'medium',
    risk: 'tracing and internals: heavy traces are a denial-of-service lever, some calls change node state',
    probes: [
      ['debug_traceTransaction', [ZERO_HASH]],
      ['debug_getRawHeader', ['latest']],
    ],
  },
  {
    namespace: 'miner',
    title: 'miner_ namespace (block production control)',
    severity: 'high',
    risk: 'block production control: start or stop mining, change the fee recipient and gas price',
    probes: [['miner_setGasPrice', [{}]]],
  },
  {
    namespace: 'txpool',
    title: 'txpool_ namespace (pending-transaction pool)',
    severity: 'low',
    risk: 'pending-transaction pool disclosure, useful to front-runners',
    probes: [['txpool_status', []]],
  },
  {
    namespace: 'evm',
    title: 'evm_ namespace (development chain control)',
    severity: 'critical',
    risk: 'development controls: mine, revert and move time at will',
    probes: [['evm_increaseTime', [{}]]],
  },
  {
    namespace: 'hardhat',
    title: 'hardhat_ namespace (development state control)',
    severity: 'critical',
    risk: 'development controls: set balances, code and storage, impersonate any account',
    probes: [['hardhat_metadata', []]],
  },
  {
    namespace: 'anvil',
    title: 'anvil_ namespace (development state control)',
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
    results: Object.fromEntries(NAMESPACES.map((ns) => [ns.namespace, { title: ns.title, severity: ns.severity }])),
  },
  async (ctx) => {
    const results: CheckResult[] = [];
    for (const ns of NAMESPACES) {
      const evidence = [];
      const answers: MethodAnswer[] = [];
      let answeredBy: string | undefined;
      for (const [method, params] of ns.probes) {
        const out = await sharedCall(ctx, method, params);
        evidence.push(callEvidence(method, params, out, 200));
        answers.push(methodAnswer(out));
        if (answers.at(-1) === 'answered') {
          answeredBy = method;
          break;
        }
      }
      const base = { key: ns.namespace, result: ns.namespace, evidence };
      if (answeredBy)
        results.push({
          ...base,
          status: 'fail',
          message: `${ns.namespace}_ namespace answers (${answeredBy}): ${ns.risk}`,
        });
      else if (answers.every((a) => a === 'absent'))
        results.push({ ...base, status: 'pass', message: `${ns.namespace}_ namespace not offered` });
      else
        results.push({
          ...base,
          status: 'error',
          message: `whether the ${ns.namespace}_ namespace is offered cannot be told: ${ns.probes.length} probe(s) ended ${[...new Set(answers)].join(', ')} (not a JSON-RPC answer, or refused)`,
        });
    }
    return results;
  },
);

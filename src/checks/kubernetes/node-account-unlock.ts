import { setting } from '../../analyzers/k8s/chain.js';
import type { CheckResult } from '../types.js';
import { clientContainers } from './flags-shared.js';
import { hit, kubeCheck, WORKLOAD_KINDS } from './support.js';

export default kubeCheck(
  {
    id: 'kubernetes.node.account-unlock',
    title: 'Node accounts unlocked in container arguments',
    description:
      '--allow-insecure-unlock lets callers unlock accounts over HTTP RPC; --unlock (Nethermind --KeyStore.UnlockAccounts) keeps an account unlocked for the life of the pod, so anyone who reaches eth_sendTransaction spends from it; Nethermind --Init.EnableUnsecuredDevWallet keeps keys in memory without protection.',
    severity: 'critical',
    confidence: 'high',
    tags: ['kubernetes', 'rpc', 'keys', 'node-flags', 'blockchain'],
    remediation:
      'Remove the flags; sign with an external signer (clef, Web3Signer) or a KMS and keep node RPC free of account modules.',
    references: ['https://geth.ethereum.org/docs/fundamentals/account-management'],
    results: {
      'insecure-unlock': { title: '--allow-insecure-unlock', severity: 'critical' },
      'unlocked-account': { title: 'Account unlocked at start', severity: 'high' },
      'dev-wallet': { title: 'Unsecured development wallet', severity: 'critical' },
    },
  },
  WORKLOAD_KINDS,
  (inv) => {
    const results: CheckResult[] = [];
    const nodes = clientContainers(inv).filter(({ c }) => c.run!.family === 'execution');
    for (const { w, c } of nodes)
      for (const [key, result] of [
        ['unlock.insecure', 'insecure-unlock'],
        ['unlock.accounts', 'unlocked-account'],
        ['unlock.devwallet', 'dev-wallet'],
      ] as const) {
        const s = setting(c.settings, key);
        if (!s || /^(false|0)$/i.test(s.value)) continue;
        results.push(
          hit({
            result,
            status: 'fail',
            obj: w.obj,
            line: s.line,
            message: `${w.obj.ref} container ${c.name} (${c.run!.client}) runs with ${s.text}`,
            detail: `${c.name}:${key}`,
            evidence: [{ label: 'flag', value: s.text }],
          }),
        );
      }
    return { results, examined: nodes.length, subject: 'execution clients', clean: 'no account is unlocked' };
  },
);

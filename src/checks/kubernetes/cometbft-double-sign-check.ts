import { cometNodes } from '../../analyzers/k8s/cometbft.js';
import type { CheckResult } from '../types.js';
import { hit, kubeCheck } from './support.js';

export default kubeCheck(
  {
    id: 'kubernetes.cometbft.double-sign-check',
    title: 'CometBFT validators without the double-sign check',
    description:
      '[consensus] double_sign_check_height makes a starting validator look back that many blocks for its own signatures and refuse to start if it finds one — the guard against a second copy of the key started by a rollout or a restored backup. It defaults to 0 (off).',
    severity: 'medium',
    confidence: 'high',
    tags: ['kubernetes', 'cometbft', 'double-sign', 'blockchain'],
    remediation: 'Set [consensus] double_sign_check_height to a few blocks (e.g. 10) on every validator.',
    references: ['https://docs.cometbft.com/v0.38/core/configuration'],
    results: {
      disabled: { title: 'Double-sign check off' },
      enabled: { title: 'Double-sign check on', severity: 'info' },
    },
  },
  ['ConfigMap', 'Deployment', 'StatefulSet'],
  (inv) => {
    const results: CheckResult[] = [];
    const nodes = cometNodes(inv).filter((n) => n.validator && !n.error);
    // A config.toml is judged through the workloads whose flags complete it, or alone when none does.
    const completed = new Set(nodes.filter((n) => n.file).map((n) => n.file));
    for (const n of nodes.filter((x) => !completed.has(x))) {
      const v = n.get('consensus', 'double_sign_check_height');
      const height = Number(v?.value ?? 0);
      results.push(
        height > 0
          ? hit({
              result: 'enabled',
              status: 'pass',
              obj: v!.obj,
              line: v!.line,
              message: `${n.where}: checks ${height} blocks for its own signatures before signing`,
              detail: `${n.where}:dsc`,
            })
          : hit({
              result: 'disabled',
              status: 'warn',
              obj: v?.obj ?? n.config?.configMap ?? n.workloads[0].obj,
              line: v?.line,
              path: v ? undefined : n.config ? ['data', n.config.key] : n.workloads[0].specPath,
              message: `${n.where}: double_sign_check_height ${v ? String(v.value) : 'not set (0)'}: a second copy of this validator would start signing`,
              detail: `${n.where}:dsc`,
            }),
      );
    }
    return {
      results,
      examined: nodes.length,
      subject: 'CometBFT validator configurations',
      clean: 'the double-sign check is on',
    };
  },
);

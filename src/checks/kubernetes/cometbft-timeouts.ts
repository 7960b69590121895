import { chainSpread, cometNodes, durationMs } from '../../analyzers/k8s/cometbft.js';
import type { CheckResult } from '../types.js';
import { hit, kubeCheck } from './support.js';

/** Defaults of CometBFT v0.38 config.toml. */
const DEFAULTS: Record<string, number> = {
  timeout_propose: 3000,
  timeout_prevote: 1000,
  timeout_precommit: 1000,
  timeout_commit: 1000,
};

/**
 * Minimums by spread. Inside one region zones are a few milliseconds apart and the defaults hold with
 * margin; across regions round trips of 50–300 ms and several gossip hops per step need the defaults
 * at least: lowered timeouts there make rounds fail and blocks stall.
 */
const MINIMUM: Record<'multi-region' | 'multi-zone', Record<string, number>> = {
  'multi-region': {
    timeout_propose: 3000,
    timeout_prevote: 1000,
    timeout_precommit: 1000,
    timeout_vote: 1000,
    timeout_commit: 1000,
  },
  'multi-zone': {
    timeout_propose: 1000,
    timeout_prevote: 500,
    timeout_precommit: 500,
    timeout_vote: 500,
    timeout_commit: 500,
  },
};

export default kubeCheck(
  {
    id: 'kubernetes.cometbft.timeouts',
    title: "CometBFT consensus timeouts against the validators' zone and region spread",
    description:
      "Consensus timeouts tuned for one data centre (sub-second propose, prevote and precommit) fail when validators sit in different regions: rounds time out, the chain skips rounds and block times stall. The check reads the [consensus] timeouts of each validator config and compares them with how far apart the chain's validators are scheduled (pinned regions and zones, required spreads, or where a live cluster placed them).",
    severity: 'medium',
    confidence: 'medium',
    tags: ['kubernetes', 'cometbft', 'consensus', 'multi-region', 'blockchain'],
    remediation:
      'Across regions keep timeout_propose ≥ 3s and prevote/precommit/commit ≥ 1s (the defaults) or more after measuring round-trip times; never set skip_timeout_commit on a production network.',
    references: ['https://docs.cometbft.com/v0.38/core/configuration#consensus-timeouts-explained'],
    results: {
      'short-for-regions': { title: 'Timeouts too short for validators in several regions', severity: 'high' },
      'short-for-zones': { title: 'Timeouts too short for validators in several zones', severity: 'medium' },
      'skip-timeout-commit': { title: 'skip_timeout_commit set', severity: 'low' },
      adequate: { title: 'Timeouts fit the spread', severity: 'info' },
    },
  },
  ['ConfigMap', 'Deployment', 'StatefulSet', 'Node'],
  (inv) => {
    const results: CheckResult[] = [];
    const nodes = cometNodes(inv).filter((n) => n.config && !n.error && n.validator);
    for (const n of nodes) {
      const { spread, why } = chainSpread(inv, n.workloads);
      const timeouts = Object.entries({
        ...DEFAULTS,
        ...Object.fromEntries(
          ['timeout_propose', 'timeout_prevote', 'timeout_precommit', 'timeout_vote', 'timeout_commit']
            .map((k) => [k, durationMs(n.get('consensus', k)?.value)])
            .filter(([, v]) => v !== undefined),
        ),
      });
      const shown = timeouts.map(([k, v]) => `${k} ${v} ms`).join(', ');
      if (spread === 'multi-region' || spread === 'multi-zone') {
        const short = timeouts.filter(
          ([k, v]) => MINIMUM[spread][k] !== undefined && (v as number) < MINIMUM[spread][k],
        );
        if (short.length) {
          const first = n.get('consensus', short[0][0]);
          results.push(
            hit({
              result: spread === 'multi-region' ? 'short-for-regions' : 'short-for-zones',
              status: spread === 'multi-region' ? 'fail' : 'warn',
              obj: n.config!.configMap,
              line: first?.line,
              path: first ? undefined : ['data', n.config!.key],
              message: `${n.where}: ${short.map(([k, v]) => `${k} ${v} ms`).join(', ')} with ${why}`,
              detail: `${n.config!.key}:timeouts`,
              evidence: [
                { label: 'timeouts', value: shown },
                { label: 'spread', value: why },
              ],
            }),
          );
        } else
          results.push(
            hit({
              result: 'adequate',
              status: 'pass',
              obj: n.config!.configMap,
              path: ['data', n.config!.key],
              message: `${n.where}: timeouts (${shown}) fit ${why}`,
              detail: `${n.config!.key}:timeouts`,
            }),
          );
      } else
        results.push(
          hit({
            result: 'adequate',
            status: 'pass',
            obj: n.config!.configMap,
            path: ['data', n.config!.key],
            message: `${n.where}: timeouts ${shown}; ${why}`,
            detail: `${n.config!.key}:timeouts`,
          }),
        );
      const skip = n.get('consensus', 'skip_timeout_commit');
      if (skip?.value === true)
        results.push(
          hit({
            result: 'skip-timeout-commit',
            status: 'warn',
            obj: skip.obj,
            line: skip.line,
            message: `${n.where}: skip_timeout_commit = true (blocks are committed without waiting for late precommits)`,
            detail: `${n.config!.key}:skip`,
          }),
        );
    }
    return { results, examined: nodes.length, subject: 'validator configurations', clean: 'timeouts fit the spread' };
  },
);

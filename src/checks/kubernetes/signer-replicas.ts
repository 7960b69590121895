import { kindOf } from '../../analyzers/k8s/inventory.js';
import { at, isObj } from '../../analyzers/k8s/model.js';
import { setting } from '../../analyzers/k8s/chain.js';
import { keySources, mainContainers, remoteSigner, signers } from '../../analyzers/k8s/placement.js';
import type { CheckResult } from '../types.js';
import { hit, kubeCheck } from './support.js';

const FIX =
  'Run exactly one replica of a signer. For availability use a remote signer with a slashing-protection database (Web3Signer with PostgreSQL), threshold signing (Horcrux) or a cold standby that is started only after the active one is confirmed dead — never a second live copy of the key.';

export default kubeCheck(
  {
    id: 'kubernetes.signer.replicas',
    title: 'Signers running more than one copy of a key',
    description:
      'A validator, orderer or block producer run with replicas > 1, as a DaemonSet, or under an autoscaler signs the same height twice with the same key: a double sign, slashed on proof-of-stake chains and a safety fault on BFT chains. Generic linters advise the opposite (more replicas); for signers that advice is wrong.',
    severity: 'critical',
    confidence: 'high',
    tags: ['kubernetes', 'signer', 'double-sign', 'blockchain'],
    remediation: FIX,
    references: [
      'https://docs.cometbft.com/v0.38/core/validators',
      'https://lighthouse-book.sigmaprime.io/slashing-protection.html',
    ],
    results: {
      'shared-key': { title: 'Replicas share one signing key', severity: 'critical' },
      'per-pod-keys': {
        title: 'Replicas have their own key volumes (distinct keys not confirmed)',
        severity: 'medium',
      },
      'remote-signer': { title: 'Several replicas sign through one remote signer', severity: 'medium' },
      'ha-with-database': { title: 'Remote signer replicas share a slashing-protection database', severity: 'info' },
      daemonset: { title: 'Signer runs as a DaemonSet (one per node)', severity: 'critical' },
      autoscaled: { title: 'Signer scaled by an autoscaler', severity: 'critical' },
    },
  },
  ['Deployment', 'StatefulSet', 'DaemonSet', 'HorizontalPodAutoscaler'],
  (inv) => {
    const results: CheckResult[] = [];
    const list = signers(inv);
    for (const w of list) {
      const base = { obj: w.obj, remediation: FIX };
      if (w.obj.kind === 'DaemonSet') {
        results.push(
          hit({
            ...base,
            result: 'daemonset',
            status: 'fail',
            path: ['kind'],
            message: `${w.obj.ref} (${w.role.reason}) is a DaemonSet: every node runs a copy of the signer`,
            detail: 'replicas',
          }),
        );
        continue;
      }
      if (w.replicas > 1) {
        const path = ['spec', 'replicas'];
        const web3 = mainContainers(w).find((c) => c.run?.client === 'web3signer');
        if (web3) {
          const db = setting(web3.settings, 'slashing.db');
          const off = setting(web3.settings, 'slashing.enabled')?.value === 'false';
          if (db && !off) {
            results.push(
              hit({
                ...base,
                result: 'ha-with-database',
                status: 'pass',
                path,
                message: `${w.obj.ref} runs ${w.replicas} Web3Signer replicas sharing the slashing-protection database ${db.value.replace(/\/\/[^@]*@/, '//***@')}`,
                detail: 'replicas',
              }),
            );
            continue;
          }
        }
        const remote = remoteSigner(w);
        const keys = keySources(w);
        if (remote && !keys.length)
          results.push(
            hit({
              ...base,
              result: 'remote-signer',
              status: 'warn',
              path,
              message: `${w.obj.ref} runs ${w.replicas} replicas that all sign through ${remote}: only the remote signer's protection stops a double sign`,
              detail: 'replicas',
            }),
          );
        else if (keys.length && keys.every((k) => k.scope === 'per-pod'))
          results.push(
            hit({
              ...base,
              result: 'per-pod-keys',
              status: 'warn',
              path,
              message: `${w.obj.ref} runs ${w.replicas} replicas, each with its own key volume (${keys.map((k) => k.volume).join(', ')}): confirm no two hold the same key`,
              detail: 'replicas',
            }),
          );
        else
          results.push(
            hit({
              ...base,
              result: 'shared-key',
              status: 'fail',
              path,
              message: `${w.obj.ref} (${w.role.reason}) runs ${w.replicas} replicas ${keys.length ? `loading the same key from ${keys.map((k) => `${k.volume} (${k.why})`).join(', ')}` : 'of one signer'}: they will double-sign`,
              detail: 'replicas',
            }),
          );
      }
    }
    for (const hpa of kindOf(inv, 'HorizontalPodAutoscaler')) {
      const ref = at(hpa.raw, ['spec', 'scaleTargetRef']);
      if (!isObj(ref)) continue;
      const w = list.find(
        (x) => x.obj.kind === ref.kind && x.obj.name === ref.name && x.obj.namespace === hpa.namespace,
      );
      if (!w || Number(at(hpa.raw, ['spec', 'maxReplicas'])) <= 1) continue;
      results.push(
        hit({
          obj: hpa,
          remediation: FIX,
          result: 'autoscaled',
          status: 'fail',
          path: ['spec', 'maxReplicas'],
          message: `${hpa.ref} may scale signer ${w.obj.ref} to ${String(at(hpa.raw, ['spec', 'maxReplicas']))} replicas`,
          detail: 'hpa',
        }),
      );
    }
    return { results, examined: list.length, subject: 'signer workloads', clean: 'each runs a single copy of its key' };
  },
);

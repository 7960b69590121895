import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { kubernetesChecks } from '../../src/checks/kubernetes/index.js';
import { loadManifests } from '../../src/analyzers/k8s/manifests.js';
import { FIXTURES, runChecks } from './harness.js';

/** Advice that more copies should run: right for stateless services, a double sign for a signer. */
const MORE_REPLICAS =
  /\b(increase|raise|add|scale( up)?)\b.{0,20}\breplicas?\b|\bmore replicas\b|\bat least (two|three|[2-9]\d*) replicas\b|\breplicas?:\s*[2-9]|\breplicas? (to|≥|>=) ?[2-9]/i;
/\b(increase|raise|add|more|at least (two|three|\d+)|≥\s*\d+|>=\s*\d+)\b[^.]*\breplicas?\b|\breplicas?:\s*[2-9]|\bhigh availability through replicas\b/i;

describe('signers', () => {
  const fixtures = readdirSync(`${FIXTURES}manifests`).map((f) => `manifests/${f}`);

  it('no result about a signer workload recommends more replicas', async () => {
    let signerResults = 0;
    for (const f of fixtures) {
      const inv = loadManifests(`${FIXTURES}${f}`, (x) => x);
      const signerRefs = inv.workloads.filter((w) => w.role.kind === 'signer').map((w) => w.obj.ref);
      if (!signerRefs.length) continue;
      const rows = await runChecks(kubernetesChecks, { kind: 'kubernetes', path: f });
      for (const r of rows) {
        if (!signerRefs.some((ref) => r.result_.key?.startsWith(ref) || r.result_.message.includes(ref))) continue;
        signerResults++;
        const check = kubernetesChecks.find((c) => c.meta.id === r.check)!;
        const advice = [
          r.result_.message,
          r.result_.remediation ?? check.meta.remediation,
          check.meta.results?.[r.result]?.remediation ?? '',
        ].join(' ');
        expect(advice, `${r.check}#${r.result} on ${f}`).not.toMatch(MORE_REPLICAS);
      }
    }
    expect(signerResults).toBeGreaterThan(100);
  });

  it('the advice pattern does catch a replicas recommendation', () => {
    expect('Run at least 3 replicas behind a PodDisruptionBudget').toMatch(MORE_REPLICAS);
    expect('Increase replicas to 2 for availability').toMatch(MORE_REPLICAS);
    expect('Run exactly one replica of a signer.').not.toMatch(MORE_REPLICAS);
  });

  it('signers are recognised from the client, the subcommand, the name and the annotation', () => {
    const roles = (f: string) =>
      Object.fromEntries(
        loadManifests(`${FIXTURES}manifests/${f}`, (x) => x).workloads.map((w) => [
          w.obj.ref,
          `${w.role.kind}${w.role.consensus ? `/${w.role.consensus}` : ''}`,
        ]),
      );
    expect(roles('prysm-validator-replicas.yaml')).toEqual({ 'Deployment/staking/prysm-validator': 'signer/pos' });
    expect(roles('lighthouse-web3signer.yaml')).toEqual({
      'StatefulSet/staking/lighthouse-vc': 'signer/pos',
      'Deployment/staking/web3signer': 'signer/pos',
    });
    expect(roles('fabric-orderer-raft.yaml')).toEqual({ 'StatefulSet/fabric/orderer': 'signer/raft' });
    expect(roles('besu-qbft-validators.yaml')).toEqual({ 'StatefulSet/qbft/besu-validator': 'signer/bft' });
    expect(roles('clique-signer.yaml')).toEqual({ 'StatefulSet/poa/sealer': 'signer/poa' });
    expect(roles('geth-rpc-public.yaml')).toEqual({ 'StatefulSet/eth/geth': 'node' });
    expect(roles('cometbft-sentries.yaml')).toEqual({ 'StatefulSet/chain/sentry': 'node' });
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.js';
import { kubernetesChecks } from '../../src/checks/kubernetes/index.js';
import { cloudChecks } from '../../src/checks/cloud/index.js';
import { actualRows, FIXTURES } from './harness.js';

/** Every Kubernetes and cloud check, each of which must fire (fail or warn) on at least one fixture. */
const CHECKS = [
  'cloud.backup.cross-region',
  'cloud.compute.metadata-v2',
  'cloud.compute.signer-enclave',
  'cloud.compute.validator-zones',
  'cloud.iam.admin-source-ip',
  'cloud.iam.console-mfa',
  'cloud.iam.wildcard-policy',
  'cloud.kms.key-policy',
  'cloud.kms.signing-keys',
  'cloud.kubernetes.api-endpoint',
  'cloud.lb.ddos-protection',
  'cloud.lb.node-rpc',
  'cloud.logs.audit-trail',
  'cloud.logs.encryption',
  'cloud.logs.object-lock',
  'cloud.monitoring.threat-detection',
  'cloud.network.admin-ingress',
  'cloud.network.database-ingress',
  'cloud.network.node-ingress',
  'cloud.storage.encryption',
  'cloud.storage.public-access',
  'kubernetes.chain-data.reclaim-policy',
  'kubernetes.cometbft.double-sign-check',
  'kubernetes.cometbft.rpc',
  'kubernetes.cometbft.sentry',
  'kubernetes.cometbft.timeouts',
  'kubernetes.fabric.couchdb',
  'kubernetes.fabric.docker-socket',
  'kubernetes.fabric.tls',
  'kubernetes.ingress.node-rpc-auth',
  'kubernetes.ingress.rate-limit',
  'kubernetes.ingress.tls',
  'kubernetes.keys.env',
  'kubernetes.keys.in-image',
  'kubernetes.keys.secret-mount-mode',
  'kubernetes.namespace.pod-security',
  'kubernetes.network.default-deny',
  'kubernetes.node.account-unlock',
  'kubernetes.node.admin-exposure',
  'kubernetes.node.engine-api-auth',
  'kubernetes.node.engine-api-exposure',
  'kubernetes.node.metrics-exposure',
  'kubernetes.node.resource-guarantee',
  'kubernetes.node.rpc-exposure',
  'kubernetes.node.rpc-modules',
  'kubernetes.node.rpc-origins',
  'kubernetes.node.unprotected-txs',
  'kubernetes.pod.capabilities',
  'kubernetes.pod.default-service-account',
  'kubernetes.pod.host-namespaces',
  'kubernetes.pod.host-path',
  'kubernetes.pod.host-ports',
  'kubernetes.pod.image-digest',
  'kubernetes.pod.privilege-escalation',
  'kubernetes.pod.privileged',
  'kubernetes.pod.probes',
  'kubernetes.pod.read-only-root-fs',
  'kubernetes.pod.resource-limits',
  'kubernetes.pod.run-as-non-root',
  'kubernetes.pod.seccomp',
  'kubernetes.pod.service-account-token',
  'kubernetes.rbac.anonymous-bindings',
  'kubernetes.rbac.cluster-admin',
  'kubernetes.rbac.escalation-verbs',
  'kubernetes.rbac.pod-exec',
  'kubernetes.rbac.secrets-read',
  'kubernetes.rbac.wildcard',
  'kubernetes.runtime.sensor',
  'kubernetes.secrets.configmap',
  'kubernetes.secrets.env-literal',
  'kubernetes.service.database-exposed',
  'kubernetes.service.external-ips',
  'kubernetes.signer.doppelganger',
  'kubernetes.signer.key-custody',
  'kubernetes.signer.network-isolation',
  'kubernetes.signer.replicas',
  'kubernetes.signer.rollout',
  'kubernetes.signer.slashing-protection',
  'kubernetes.validators.disruption-budget',
  'kubernetes.validators.node-spread',
  'kubernetes.validators.zone-spread',
];

/**
 * The fixture corpus and its expected results: `expected.tsv` lists, per fixture, every non-passing
 * result (check#sub-result, status, file:line). Generic pod-hygiene checks are tracked only for
 * fixtures named generic-*, so chain fixtures list what is specific to them.
 */

interface Expected {
  fixture: string;
  rows: string[];
}

function table(): Expected[] {
  const byFixture = new Map<string, string[]>();
  for (const line of readFileSync(`${FIXTURES}expected.tsv`, 'utf8').split('\n')) {
    if (!line.trim() || line.startsWith('#')) continue;
    const [fixture, ref, status, at] = line.split('\t');
    const rows = byFixture.get(fixture) ?? [];
    if (ref !== '-') rows.push(`${ref} ${status} ${at}`);
    byFixture.set(fixture, rows);
  }
  return [...byFixture].map(([fixture, rows]) => ({ fixture, rows: rows.sort() }));
}

describe('fixture corpus: every fixture gives exactly its expected results', () => {
  const all = table();
  it('the corpus has at least 40 fixtures', () => {
    expect(all.length).toBeGreaterThanOrEqual(40);
  });
  for (const { fixture, rows } of all)
    it(fixture, async () => {
      expect(await actualRows(fixture)).toEqual(rows);
    });
});

describe('coverage of the corpus and of the cloud/Web3 framework', () => {
  it('every check is listed here and fails or warns on at least one fixture', () => {
    expect([...kubernetesChecks, ...cloudChecks].map((c) => c.meta.id).sort()).toEqual([...CHECKS].sort());
    const fired = new Set(
      readFileSync(`${FIXTURES}expected.tsv`, 'utf8')
        .split('\n')
        .filter((l) => l && !l.startsWith('#'))
        .map((l) => l.split('\t')[1].split('#')[0]),
    );
    expect(CHECKS.filter((id) => !fired.has(id))).toEqual([]);
  });

  it('at least 60 checks, at least 20 of them chain-specific (tagged blockchain)', () => {
    const all = [...kubernetesChecks, ...cloudChecks];
    expect(all.length).toBeGreaterThanOrEqual(60);
    expect(all.filter((c) => c.meta.tags.includes('blockchain')).length).toBeGreaterThanOrEqual(20);
  });

  it('at least 20 of the 34 cloud/Web3 items are decided by checks', () => {
    const catalog = loadCatalog();
    const items = catalog.items.filter((i) => catalog.byId.get(i.id)!.framework === 'cloud-web3');
    expect(items).toHaveLength(34);
    const automated = items.filter((i) => i.checks.length > 0).map((i) => i.id);
    expect(automated.length).toBeGreaterThanOrEqual(20);
  });
});

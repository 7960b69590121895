import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { kubernetesChecks } from '../../src/checks/kubernetes/index.js';
import { loadManifests } from '../../src/analyzers/k8s/manifests.js';
import { startFakeApiServer, type FakeApiServer } from './fake-kube-apiserver.js';
import { FIXTURES, runChecks, type Row } from './harness.js';
import { hasBinary, prerequisite } from '../support/prereq.js';

const ready = prerequisite(
  'openssl',
  hasBinary('openssl'),
  'apt-get install openssl (the fake API server needs a certificate)',
);
const dir = mkdtempSync(join(tmpdir(), 'chainaudit-kube-live-'));
let api: FakeApiServer;
let kubeconfig: string;
const LIMITED = ['secrets', 'clusterroles', 'clusterrolebindings', 'nodes'];

beforeAll(async () => {
  if (!ready) return;
  api = await startFakeApiServer({
    dir,
    pageSize: 2,
    tokens: { 'full-token': { forbidden: [] }, 'limited-token': { forbidden: LIMITED } },
  });
  writeFileSync(join(dir, 'limited.token'), 'limited-token\n');
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(
    kubeconfig,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      'current-context': 'full',
      clusters: [{ name: 'recorded', cluster: { server: api.url, 'certificate-authority': 'ca.crt' } }],
      users: [
        { name: 'auditor', user: { token: 'full-token' } },
        { name: 'limited', user: { tokenFile: 'limited.token' } },
        {
          name: 'admin-cert',
          user: { 'client-certificate-data': b64(api.client.cert), 'client-key-data': b64(api.client.key) },
        },
        { name: 'stranger', user: { token: 'who-knows' } },
        {
          name: 'cloud-sso',
          user: {
            exec: { apiVersion: 'client.authentication.k8s.io/v1beta1', command: 'aws', args: ['eks', 'get-token'] },
          },
        },
      ],
      contexts: [
        { name: 'full', context: { cluster: 'recorded', user: 'auditor' } },
        { name: 'limited', context: { cluster: 'recorded', user: 'limited' } },
        { name: 'cert', context: { cluster: 'recorded', user: 'admin-cert' } },
        { name: 'stranger', context: { cluster: 'recorded', user: 'stranger' } },
        { name: 'exec', context: { cluster: 'recorded', user: 'cloud-sso' } },
      ],
    }),
  );
});
afterAll(async () => {
  await api?.close();
  rmSync(dir, { recursive: true, force: true });
});

const live = (context: string) => runChecks(kubernetesChecks, { kind: 'kubernetes', kubeconfig, context }, dir);
const line = (r: Row) => `${r.check}#${r.result} ${r.status} ${r.result_.key}`;

describe.runIf(ready)('live cluster mode against the fake API server (recorded list responses)', () => {
  it('manifests mode and live mode agree on the same objects; live adds what only a cluster shows', async () => {
    const applied = loadManifests(`${FIXTURES}live/applied.yaml`, (f) => f);
    const refs = applied.objects.map((o) => o.ref);
    const fromFiles = (await runChecks(kubernetesChecks, { kind: 'kubernetes', path: 'live/applied.yaml' }))
      .filter((r) => r.result_.key !== 'summary')
      .map(line)
      .sort();
    const rows = await live('full');
    const shared = rows
      .filter((r) => r.result_.key?.startsWith('cluster:') || refs.some((ref) => r.result_.key?.startsWith(`${ref}:`)))
      .map(line)
      .sort();
    expect(shared).toEqual(fromFiles);
    expect(fromFiles.length).toBeGreaterThan(20);
    // Seen only in the cluster: two validators on one node, two of three in one zone.
    const observed = rows.filter((r) => r.result_.key?.includes(':observed:')).map(line);
    expect(observed).toEqual([
      'kubernetes.validators.node-spread#same-node fail Pod/chain/validator-0:observed:node-a1',
      'kubernetes.validators.zone-spread#zone-breaks-quorum fail Pod/chain/validator-0:observed:namespace chain',
    ]);
    expect(rows.find((r) => r.result === 'same-node')!.result_.locations![0].file).toBe(
      'k8s://full/api/v1/pods/validator-0',
    );
  });

  it('reads only, page by page, and keeps no Secret value', async () => {
    api.requests.length = 0;
    const rows = await live('full');
    expect(new Set(api.requests.map((r) => r.method))).toEqual(new Set(['GET']));
    expect(api.requests.filter((r) => r.path === '/api/v1/pods').length).toBeGreaterThanOrEqual(2);
    expect(api.requests.filter((r) => r.path === '/api/v1/serviceaccounts').length).toBe(2);
    expect(JSON.stringify(rows)).not.toContain('eyJub3QiOiAiYSByZWFsIGtleSJ9');
    expect(rows.find((r) => r.check === 'kubernetes.keys.secret-mount-mode')!.result).toBe('world-readable');
  });

  it('a limited service account: refused kinds turn the checks that need them into errors, the rest still judge', async () => {
    const full = await live('full');
    const limited = await live('limited');
    for (const id of [
      'kubernetes.rbac.wildcard',
      'kubernetes.rbac.cluster-admin',
      'kubernetes.keys.secret-mount-mode',
      'kubernetes.validators.node-spread',
    ]) {
      const errors = limited.filter((r) => r.check === id && r.status === 'error');
      expect(errors.length, id).toBeGreaterThan(0);
      expect(errors.map((e) => e.result_.message).join(' ')).toMatch(
        /forbidden \(HTTP 403\) for bearer token file: .*limited-auditor/,
      );
      expect(limited.filter((r) => r.check === id && r.status === 'pass')).toEqual([]);
    }
    for (const id of [
      'kubernetes.node.rpc-exposure',
      'kubernetes.signer.replicas',
      'kubernetes.validators.disruption-budget',
      'kubernetes.cometbft.double-sign-check',
    ])
      expect(limited.filter((r) => r.check === id).map(line), id).toEqual(full.filter((r) => r.check === id).map(line));
  });

  it('client certificates authenticate like tokens', async () => {
    const viaCert = (await live('cert')).map(line).sort();
    expect(viaCert).toEqual((await live('full')).map(line).sort());
  });

  it('a refused account and an exec plugin fail closed with the reason', async () => {
    for (const [context, why] of [
      ['stranger', /nothing could be listed \(.*unauthorized \(HTTP 401\)/],
      ['exec', /exec plugin, which this tool does not run/],
    ] as const) {
      const rows = await live(context);
      expect(rows.length).toBe(kubernetesChecks.length);
      for (const r of rows) {
        expect(r.status).toBe('error');
        expect(r.result_.message).toMatch(why);
      }
    }
  });
});

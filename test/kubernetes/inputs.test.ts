import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { kubernetesChecks } from '../../src/checks/kubernetes/index.js';
import { cloudChecks } from '../../src/checks/cloud/index.js';
import { MANIFEST_LIMITS } from '../../src/analyzers/k8s/manifests.js';
import { runChecks } from './harness.js';

const dir = mkdtempSync(join(tmpdir(), 'chainaudit-k8s-inputs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, body: string | Buffer) => {
  const p = join(dir, name);
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(p, body);
  return p;
};

/** Every check of the family must fail closed: an error naming the input, never a pass. */
async function expectClosed(checks: typeof kubernetesChecks, target: Record<string, unknown>, message: RegExp) {
  const rows = await runChecks(checks, target, dir);
  expect(rows.length).toBeGreaterThanOrEqual(checks.length);
  expect(rows.filter((r) => r.status === 'pass' || r.status === 'not-applicable')).toEqual([]);
  for (const r of rows) {
    expect(r.status, `${r.check}: ${r.result_.message}`).toBe('error');
    expect(r.result).toBe('unreadable');
    expect(r.result_.message).toMatch(message);
  }
}

describe('bad Kubernetes input fails closed with the path named', () => {
  it('a missing path', async () => {
    await expectClosed(
      kubernetesChecks,
      { kind: 'kubernetes', path: join(dir, 'nope') },
      /nope: no such file or folder/,
    );
  });
  it('a FIFO named as the manifests path is refused, never opened', async () => {
    execFileSync('mkfifo', [join(dir, 'pipe.yaml')]);
    await expectClosed(
      kubernetesChecks,
      { kind: 'kubernetes', path: join(dir, 'pipe.yaml') },
      /pipe\.yaml: not a file or folder/,
    );
  });
  it('an empty folder', async () => {
    mkdirSync(join(dir, 'empty'));
    await expectClosed(kubernetesChecks, { kind: 'kubernetes', path: join(dir, 'empty') }, /empty: no manifest files/);
  });
  it('a folder without manifests', async () => {
    file('docs/README.md', '# not a manifest\n');
    file('docs/notes.txt', 'apiVersion: v1\n');
    await expectClosed(kubernetesChecks, { kind: 'kubernetes', path: join(dir, 'docs') }, /docs: no manifest files/);
  });
  it('YAML that holds no Kubernetes object', async () => {
    file('values-only/values.yaml', 'replicaCount: 3\nimage: { tag: latest }\n');
    await expectClosed(
      kubernetesChecks,
      { kind: 'kubernetes', path: join(dir, 'values-only') },
      /values-only: no Kubernetes objects/,
    );
  });
  it('malformed YAML: error with file:line:column; the verdicts of every check are incomplete', async () => {
    file('mixed/good.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: ok, namespace: a }\ndata: {}\n');
    file('mixed/broken.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\n   bad: [indent\n');
    const rows = await runChecks(kubernetesChecks, { kind: 'kubernetes', path: join(dir, 'mixed') }, dir);
    expect(rows.filter((r) => r.status === 'pass')).toEqual([]);
    for (const c of kubernetesChecks) {
      const error = rows.find((r) => r.check === c.meta.id && r.status === 'error');
      expect(error?.result_.message, c.meta.id).toMatch(/mixed\/broken\.yaml:\d+:\d+: invalid YAML/);
    }
  });
  it('binary garbage and a file over the size bound', async () => {
    file('garbage/blob.yaml', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 3, 0xff, 0xfe]));
    file('garbage/huge.yaml', Buffer.alloc(MANIFEST_LIMITS.maxFileBytes + 1, 0x61));
    file('garbage/ok.yaml', 'apiVersion: v1\nkind: Namespace\nmetadata: { name: ok }\n');
    const rows = await runChecks(kubernetesChecks, { kind: 'kubernetes', path: join(dir, 'garbage') }, dir);
    const error = rows.find((r) => r.check === 'kubernetes.pod.privileged' && r.status === 'error')!;
    expect(error.result_.message).toMatch(/2 file\(s\) could not be read/);
    expect(error.result_.message).toMatch(/garbage\/blob\.yaml: binary data/);
    expect(error.result_.message).toMatch(/garbage\/huge\.yaml: \d+ bytes is larger than the \d+-byte limit/);
    expect(rows.filter((r) => r.status === 'pass')).toEqual([]);
  });
});

describe('bad Terraform input fails closed with the path named', () => {
  it('invalid HCL names file, line and column', async () => {
    file('tf-bad/main.tf', 'resource "aws_instance" "x" {\n  ami = [1,\n}\n');
    await expectClosed(
      cloudChecks,
      { kind: 'terraform', path: join(dir, 'tf-bad') },
      /tf-bad\/main\.tf:\d+:\d+: invalid HCL/,
    );
  });
  it('JSON that is not `terraform show -json` output', async () => {
    file('tf-json/plan.json', '{"hello": "world"}');
    await expectClosed(
      cloudChecks,
      { kind: 'terraform', path: join(dir, 'tf-json') },
      /plan\.json: not the output of `terraform show -json`/,
    );
  });
  it('a folder with no Terraform files', async () => {
    mkdirSync(join(dir, 'tf-empty'));
    await expectClosed(cloudChecks, { kind: 'terraform', path: join(dir, 'tf-empty') }, /tf-empty: no Terraform files/);
  });
});

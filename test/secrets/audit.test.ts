import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { runUnprivileged, sourceUrl } from '../support/unprivileged.js';
// @ts-expect-error plain ESM generator shared with the benchmark
import { generatePlantedTree } from '../../corpus/secrets/generate.mjs';

let dir: string;
let keyLine: string;

interface ReportFinding {
  checkId: string;
  targetId: string;
  status: string;
  message: string;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'secrets-audit-'));
  generatePlantedTree(join(dir, 'corpus'));
  keyLine = readFileSync(join(dir, 'corpus/btc/backup.txt'), 'utf8');
  mkdirSync(join(dir, 'empty'));
  const raw = Buffer.concat([Buffer.from(join(dir, 'raw')), Buffer.from('/'), Buffer.from([0x6b, 0xe9, 0x79, 0x73])]);
  mkdirSync(raw, { recursive: true });
  writeFileSync(Buffer.concat([raw, Buffer.from('/backup.txt')]), keyLine);
  writeFileSync(
    join(dir, 'scope.yaml'),
    [
      'name: secrets inputs',
      'environment: test',
      'targets:',
      '  - { id: empty-folder, kind: secrets, path: empty }',
      '  - { id: missing-folder, kind: secrets, path: does-not-exist }',
      '  - { id: raw-names, kind: secrets, path: raw }',
      '',
    ].join('\n'),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('secrets targets in an audit', () => {
  it('an empty or missing folder is an error naming it, and a key under a raw-byte name fails', async () => {
    const out = join(dir, 'report');
    const r = await runCli([
      'audit',
      join(dir, 'scope.yaml'),
      '--only',
      'secrets.*',
      '--out',
      out,
      '--format',
      'json',
      '--no-store',
      '--quiet',
    ]);
    expect(r.stderr).not.toMatch(/internal error/);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as {
      findings: ReportFinding[];
      coverage: { complete: boolean };
    };
    const of = (target: string) => report.findings.filter((f) => f.targetId === target);
    expect(of('empty-folder').length).toBeGreaterThan(0);
    for (const f of of('empty-folder')) {
      expect(f.status).toBe('error');
      expect(f.message).toContain(`${join(dir, 'empty')}: no file to scan`);
    }
    // The engine reads the path before the checks: one finding, and the secrets checks do not run.
    expect(of('missing-folder').map((f) => f.checkId)).toEqual(['target.unreadable']);
    expect(of('missing-folder')[0].message).toContain('does-not-exist: no such file or folder');
    expect(report.coverage.complete).toBe(false);
    const keys = of('raw-names').filter((f) => f.checkId === 'secrets.plaintext-chain-keys');
    expect(keys.map((f) => f.status)).toEqual(['fail']);
    expect(keys[0].message).toContain('k\\xe9ys/backup.txt:2');
  });

  it('a file the audit cannot read makes the secrets checks error, never pass (permission bits enforced)', () => {
    const tree = join(dir, 'locked');
    mkdirSync(tree);
    writeFileSync(join(tree, 'readme.txt'), 'nothing to see\n');
    writeFileSync(join(tree, 'backup.txt'), keyLine);
    chmodSync(join(tree, 'backup.txt'), 0o000);
    writeFileSync(
      join(dir, 'locked.yaml'),
      'name: locked\nenvironment: test\ntargets:\n  - { id: locked, kind: secrets, path: locked }\n',
    );
    const out = join(dir, 'locked-report');
    const child = runUnprivileged(`
      const { main } = await import(${JSON.stringify(sourceUrl('src/cli/main.ts'))});
      process.exitCode = await main(['node', 'chainaudit', 'audit', ${JSON.stringify(join(dir, 'locked.yaml'))},
        '--only', 'secrets.*', '--out', ${JSON.stringify(out)}, '--format', 'json', '--no-store', '--quiet']);
    `);
    if (!child) return;
    expect(child.stderr).not.toMatch(/internal error/);
    expect(child.status).toBe(4);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as { findings: ReportFinding[] };
    const checks = new Set(report.findings.map((f) => f.checkId));
    expect(checks.size).toBe(4);
    for (const id of checks) {
      const results = report.findings.filter((f) => f.checkId === id);
      expect(results.map((f) => f.status)).toEqual(['error']);
      expect(results[0].message).toContain('backup.txt: permission denied');
    }
  });
});

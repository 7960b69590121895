import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAnvil, type ManagedNode } from '../../src/nodes/anvil.js';
import { runCli } from '../support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'chainaudit-cli-'));
const db = join(dir, 'history.db');
let weak: ManagedNode;
let hardened: ManagedNode;

function scope(name: string, url: string): string {
  const p = join(dir, `${name}.yaml`);
  writeFileSync(
    p,
    `name: ${name}\nenvironment: test\ntargets:\n  - id: ${name}-node\n    kind: evm-node\n    chain: ${name}\n    rpc: ${url}\n    exposure: loopback\n`,
  );
  return p;
}

beforeAll(async () => {
  [weak, hardened] = await Promise.all([startAnvil(), startAnvil({ accounts: 0, cors: false })]);
});
afterAll(async () => {
  await Promise.all([weak?.stop(), hardened?.stop()]);
});

describe('chainaudit CLI against real anvil nodes', () => {
  let weakRun = '';
  let hardRun = '';

  it('audits a weak node, writes the four reports, and gates on --fail-on', async () => {
    const out = join(dir, 'weak-report');
    const r = await runCli([
      'audit',
      scope('weak', weak.url),
      '--out',
      out,
      '--db',
      db,
      '--fail-on',
      'high',
      '--only',
      'evm.*',
    ]);
    expect(r.stderr).toContain('Score');
    expect(r.code).toBe(1);
    for (const f of ['report.json', 'report.md', 'report.html', 'findings.sarif'])
      expect(existsSync(join(out, f))).toBe(true);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(
      report.findings.some(
        (f: { status: string; severity: string }) => f.status === 'fail' && f.severity === 'critical',
      ),
    ).toBe(true);
    weakRun = report.run.id;
  });

  it('passes the account and CORS checks on a hardened node (no accounts, CORS off)', async () => {
    const out = join(dir, 'hard-report');
    const r = await runCli([
      'audit',
      scope('hardened', hardened.url),
      '--out',
      out,
      '--db',
      db,
      '--fail-on',
      'low',
      '--only',
      'evm.rpc.unlocked-accounts',
      '--only',
      'evm.rpc.cors',
      '--format',
      'json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    hardRun = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')).run.id;
  });

  it('lists history, diffs and compares stored runs, and re-renders one', async () => {
    const h = await runCli(['history', '--db', db, '--format', 'json']);
    expect(JSON.parse(h.stdout).map((r: { id: string }) => r.id)).toEqual(expect.arrayContaining([weakRun, hardRun]));
    const d = await runCli(['diff', weakRun, hardRun, '--db', db, '--format', 'json']);
    const diff = JSON.parse(d.stdout);
    expect(diff.from).toBe(weakRun);
    const c = await runCli(['compare', weakRun, hardRun, '--db', db, '--reference', '--format', 'json']);
    const cmp = JSON.parse(c.stdout);
    expect(cmp.rows).toHaveLength(28);
    expect(cmp.qualified.slice(2)).toEqual([19, 19, 22]);
    const ambiguous = await runCli(['report', weakRun.slice(0, 4), '--db', db]);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toContain('ambiguous');
    const md = await runCli(['report', weakRun.slice(0, -3), '--db', db, '--format', 'md', '--lang', 'zh']);
    expect(md.stdout).toContain('控制点');
  });

  it('exits 2 with a clear message on bad input', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'name: x\ntargets:\n  - id: a\n    kind: evm-node\n    rpc: nope\n');
    const r = await runCli(['audit', bad, '--db', db]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.yaml:5: targets\.0\.rpc/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const unknown = await runCli(['diff', 'nope', 'latest', '--db', db]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no run "nope"');
  });

  it('lists the catalog and checks', async () => {
    const cat = await runCli(['catalog', '--format', 'json', '--framework', 'slowmist-consortium']);
    const items = JSON.parse(cat.stdout);
    expect(items.filter((i: { layer: string }) => i.layer === 'business')).toHaveLength(116);
    expect(items.filter((i: { layer: string }) => i.layer === 'technology')).toHaveLength(36);
    const csv = await runCli(['catalog', '--format', 'csv', '--control-point', 'CP.ACCESS_CONTROL', '--lang', 'zh']);
    expect(csv.stdout.split('\n')[0]).toContain('id,framework,layer');
    const checks = await runCli(['checks', '--format', 'json']);
    expect(JSON.parse(checks.stdout).length).toBeGreaterThan(5);
  });

  it('writes a manual template for the items no check covers', async () => {
    const r = await runCli(['manual', 'template', scope('tpl', weak.url), '--framework', 'djcp-blockchain']);
    expect(r.stdout).toContain('answers:');
    expect(r.stdout).toMatch(/DJCP\.LEDGER\.STORAGE_CONFIDENTIALITY: null/);
    expect(r.stdout).not.toMatch(/DJCP\.CONTRACT\.AUDIT_RECORDS: null/);
  });
});

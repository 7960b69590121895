import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Verdict } from '../../src/model.js';
import { verdictLabel } from '../../src/report/common.js';
import { runCli } from '../support/cli.js';

/**
 * A framework the user writes (examples/frameworks/internal-checklist.yaml) maps its items to
 * built-in checks and is assessed by an ordinary run over the demo files: no code knows it.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const demo = join(root, 'examples', 'demo');
const userFramework = join(root, 'examples', 'frameworks', 'internal-checklist.yaml');
const FRAMEWORK = 'acme-node-ops';
const dir = mkdtempSync(join(tmpdir(), 'chainaudit-userfw-'));
const db = join(dir, 'history.db');

const MANUAL_ITEMS = ['ACME.PEOPLE.OFFBOARDING', 'ACME.PEOPLE.RESTORE_DRILL'];
const frameworkText = readFileSync(userFramework, 'utf8');
const ALL_ITEMS = (parse(frameworkText) as { items: { id: string }[] }).items.map((i) => i.id);

interface Item {
  id: string;
  framework: string;
  verdict: string;
  basis: string;
  checks: string[];
  findingRefs: string[];
}
interface Report {
  run: { id: string };
  frameworks: { id: string }[];
  items: Item[];
  findings: { fingerprint: string; checkId: string; status: string; items: string[] }[];
}

/** The demo's real files, with the sshd_config copied so a second run can see it fixed. */
function writeScope(name: string, sshdConfig: string): string {
  const sshd = join(dir, `${name}-sshd_config`);
  writeFileSync(sshd, sshdConfig);
  const file = join(dir, `${name}.yaml`);
  writeFileSync(
    file,
    [
      `name: acme ${name}`,
      'environment: test',
      'targets:',
      `  - { id: geth-config, kind: config, format: geth, path: ${join(demo, 'config', 'geth.toml')} }`,
      `  - { id: btc-config, kind: config, format: bitcoin, path: ${join(demo, 'config', 'bitcoin.conf')} }`,
      `  - { id: sshd-config, kind: config, format: sshd, path: ${sshd} }`,
      `  - { id: k8s, kind: kubernetes, path: ${join(demo, 'k8s')} }`,
      `  - { id: keys, kind: secrets, path: ${join(demo, 'keys')} }`,
      `  - { id: contracts, kind: contracts, path: ${join(demo, 'contracts')} }`,
      `  - { id: logs, kind: logs, path: ${join(demo, 'logs')} }`,
      '',
    ].join('\n'),
  );
  return file;
}

async function audit(scope: string, out: string, ...extra: string[]) {
  const r = await runCli(['audit', scope, '--catalog', userFramework, '--framework', FRAMEWORK, '--out', out, '--db', db, ...extra]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
}

const itemOf = (r: Report, id: string) => r.items.find((i) => i.id === id)!;

const weakSshd = readFileSync(join(demo, 'config', 'sshd_config'), 'utf8');
let weakScope = '';
let weak: Report;
let fixed: Report;

beforeAll(async () => {
  weakScope = writeScope('weak', weakSshd);
  weak = await audit(weakScope, join(dir, 'weak'));
  expect(weakSshd).toMatch(/^PermitRootLogin yes$/m);
  fixed = await audit(
    writeScope('fixed', weakSshd.replace(/^PermitRootLogin yes$/m, 'PermitRootLogin no')),
    join(dir, 'fixed'),
  );
}, 120_000);

describe('a user framework is assessed by the run, with no code change', () => {
  it('report.json holds exactly its items, automated ones decided by the built-in checks', () => {
    expect(weak.frameworks.map((f) => f.id)).toEqual([FRAMEWORK]);
    expect(weak.items.map((i) => i.id)).toEqual(ALL_ITEMS);
    for (const item of weak.items) {
      expect(item.framework).toBe(FRAMEWORK);
      if (MANUAL_ITEMS.includes(item.id)) {
        expect(item, item.id).toMatchObject({ verdict: 'not-assessed', basis: 'none', checks: [] });
      } else {
        expect(item.basis, item.id).toBe('automated');
        expect(['conforming', 'partly-conforming', 'non-conforming'], item.id).toContain(item.verdict);
        expect(item.findingRefs.length, item.id).toBeGreaterThan(0);
      }
    }
    // a glob narrowed to a sub-result expands to every check declaring it
    expect(itemOf(weak, 'ACME.HOST.SSH_ROOT').checks.sort()).toEqual([
      'configs.sshd#root-login',
      'host.sshd-effective-config#root-login',
    ]);
    expect(itemOf(weak, 'ACME.KEYS.AT_REST').checks).toEqual(
      expect.arrayContaining(['secrets.plaintext-chain-keys', 'secrets.keystore-kdf']),
    );
    // what the demo files really hold
    expect(itemOf(weak, 'ACME.HOST.SSH_ROOT').verdict).toBe('non-conforming');
    expect(itemOf(weak, 'ACME.NODE.NO_UNLOCK').verdict).toBe('non-conforming');
    expect(itemOf(weak, 'ACME.DELIVERY.K8S_PODS').verdict).toBe('non-conforming');
    expect(itemOf(weak, 'ACME.KEYS.NOT_LOGGED').verdict).toBe('conforming');
    // a finding names the user's items it counts for, and only those of the selected framework
    const rootLogin = weak.findings.filter((f) => f.items.includes('ACME.HOST.SSH_ROOT'));
    expect(rootLogin.some((f) => f.checkId === 'configs.sshd' && f.status === 'fail')).toBe(true);
    for (const f of weak.findings) for (const id of f.items) expect(id).toMatch(/^ACME\./);
  });

  it('fixing the file turns the item conforming', () => {
    expect(itemOf(fixed, 'ACME.HOST.SSH_ROOT')).toMatchObject({ verdict: 'conforming', basis: 'automated' });
    expect(itemOf(fixed, 'ACME.HOST.SSH_KEYS').verdict).toBe('non-conforming');
  });

  it('report.md, report.html and findings.sarif carry its items and verdicts', () => {
    const md = readFileSync(join(dir, 'weak', 'report.md'), 'utf8');
    const html = readFileSync(join(dir, 'weak', 'report.html'), 'utf8');
    for (const item of weak.items) {
      const row = new RegExp(`^\\| ${item.id.replace(/\./g, '\\.')} \\|[^\\n]*\\| ${verdictLabel(item.verdict as Verdict, 'en')} \\|`, 'm');
      expect(md, item.id).toMatch(row);
      expect(html, item.id).toContain(item.id);
    }
    expect(html).toContain('No account unlocking on nodes');
    expect(html).toContain('ACME node operations checklist');
    const sarif = JSON.parse(readFileSync(join(dir, 'weak', 'findings.sarif'), 'utf8'));
    const rules: { id: string; properties: { frameworkItems: string[] } }[] = sarif.runs[0].tool.driver.rules;
    expect(rules.find((r) => r.id === 'configs.sshd#root-login')?.properties.frameworkItems).toEqual([
      'ACME.HOST.SSH_ROOT',
    ]);
    expect(rules.find((r) => r.id === 'configs.geth#insecure-unlock')?.properties.frameworkItems).toEqual([
      'ACME.NODE.NO_UNLOCK',
    ]);
    const mapped = new Set(rules.flatMap((r) => r.properties.frameworkItems));
    // SARIF carries failing results: every item with one is named by a rule
    const failing = weak.items.filter((i) => ['non-conforming', 'partly-conforming'].includes(i.verdict));
    expect(failing.length).toBeGreaterThanOrEqual(8);
    for (const item of failing) expect(mapped.has(item.id), item.id).toBe(true);
  });

  it('diff shows the fixed finding and the item whose verdict changed', async () => {
    const d = await runCli(['diff', weak.run.id, fixed.run.id, '--db', db, '--format', 'json']);
    expect(d.code, d.stderr).toBe(0);
    const diff = JSON.parse(d.stdout);
    expect(diff.fixed.some((c: { checkId: string }) => c.checkId === 'configs.sshd')).toBe(true);
    expect(diff.items).toEqual([
      {
        id: 'ACME.HOST.SSH_ROOT',
        framework: FRAMEWORK,
        title: { en: 'No root login over SSH', zh: '禁止 root 通过 SSH 登录' },
        before: 'non-conforming',
        after: 'conforming',
      },
    ]);
    const text = await runCli(['diff', weak.run.id, fixed.run.id, '--db', db]);
    expect(text.stdout).toContain('item verdicts changed: 1');
    expect(text.stdout).toContain('ACME.HOST.SSH_ROOT (acme-node-ops): No root login over SSH (non-conforming → conforming)');
  });

  it('compare lays its items against several runs, and refuses a framework the runs lack', async () => {
    const c = await runCli(['compare', weak.run.id, fixed.run.id, '--framework', FRAMEWORK, '--db', db, '--format', 'json']);
    expect(c.code, c.stderr).toBe(0);
    const cmp = JSON.parse(c.stdout);
    expect(cmp.rows.map((r: { id: string }) => r.id)).toEqual(ALL_ITEMS);
    expect(cmp.rows.find((r: { id: string }) => r.id === 'ACME.HOST.SSH_ROOT').marks).toEqual(['✗', '✓']);
    expect(cmp.rows.find((r: { id: string }) => r.id === 'ACME.PEOPLE.OFFBOARDING').marks).toEqual(['—', '—']);
    const md = await runCli(['compare', weak.run.id, fixed.run.id, '--framework', FRAMEWORK, '--db', db, '--format', 'md']);
    expect(md.stdout).toMatch(/^\| Hosts and remote access[^|]*\| No root login over SSH \| ✗ \| ✓ \|$/m);
    const missing = await runCli(['compare', weak.run.id, '--db', db]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`was not assessed against framework djcp-blockchain (it holds: ${FRAMEWORK})`);
  });

  it('manual template lists its manual items; the filled answers decide them in the next run', async () => {
    const t = await runCli(['manual', 'template', weakScope, '--catalog', userFramework, '--framework', FRAMEWORK]);
    expect(t.code, t.stderr).toBe(0);
    const template = parse(t.stdout) as { answers: Record<string, unknown> };
    expect(Object.keys(template.answers)).toEqual(MANUAL_ITEMS);
    const all = await runCli(['manual', 'template', weakScope, '--catalog', userFramework, '--framework', FRAMEWORK, '--all']);
    expect(Object.keys((parse(all.stdout) as { answers: object }).answers)).toEqual(ALL_ITEMS);
    const answers = join(dir, 'answers.yaml');
    writeFileSync(
      answers,
      t.stdout.replace(
        'ACME.PEOPLE.RESTORE_DRILL: null',
        'ACME.PEOPLE.RESTORE_DRILL: { verdict: conforming, note: drill on 2025-09-14 took 3 h 10 min, assessor: on-call lead }',
      ),
    );
    const answered = await audit(weakScope, join(dir, 'answered'), '--manual', answers);
    expect(itemOf(answered, 'ACME.PEOPLE.RESTORE_DRILL')).toMatchObject({ verdict: 'conforming', basis: 'manual' });
    expect(itemOf(answered, 'ACME.PEOPLE.OFFBOARDING').verdict).toBe('not-assessed');
  });

  it('a mapping typo is refused with the file, line and item', async () => {
    const typo = join(dir, 'typo.yaml');
    writeFileSync(typo, frameworkText.replace('- configs.sshd#key-only', '- configs.sshd#key-onyl'));
    const line = frameworkText.split('\n').findIndex((l) => l.includes('- id: ACME.HOST.SSH_KEYS')) + 1;
    const r = await runCli(['audit', weakScope, '--catalog', typo, '--framework', FRAMEWORK, '--db', db, '--out', join(dir, 'typo')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `${typo}:${line}: item ACME.HOST.SSH_KEYS: checks: "configs.sshd#key-onyl": configs.sshd declares no sub-result "key-onyl"`,
    );
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const glob = join(dir, 'glob.yaml');
    writeFileSync(glob, frameworkText.replace('- secrets.*', '- secret.*'));
    const g = await runCli(['manual', 'template', weakScope, '--catalog', glob]);
    expect(g.code).toBe(2);
    expect(g.stderr).toMatch(/glob\.yaml:\d+: item ACME\.KEYS\.AT_REST: checks: "secret\.\*" matches no check/);
  });
});

import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunStore } from '../../src/store/sqlite.js';
import { runCli } from '../support/cli.js';

const FIX = new URL('./fixtures/', import.meta.url).pathname;

/** DefectDojo's Generic Findings Import: the keys its JSON parser accepts on a finding (dojo/tools/generic). */
const DOJO_KEYS = new Set(
  'title severity description date cwe cve epss_score epss_percentile cvssv3 cvssv3_score cvssv4 cvssv4_score mitigation impact steps_to_reproduce severity_justification references active verified false_p out_of_scope risk_accepted under_review is_mitigated thread_id mitigated numerical_severity param payload line file_path component_name component_version static_finding dynamic_finding scanner_confidence unique_id_from_tool vuln_id_from_tool sast_source_object sast_sink_object sast_source_line sast_source_file_path nb_occurences publish_date service planned_remediation_date planned_remediation_version effort_for_fixing tags kev_date known_exploited ransomware_used fix_available fix_version endpoints files vulnerability_ids cwes'.split(
    ' ',
  ),
);

describe('chainaudit import', () => {
  it('the same file twice adds nothing; a newer file closes what disappeared and reopens what came back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ca-import-'));
    const db = join(dir, 'h.db');
    const base = JSON.parse(readFileSync(join(FIX, 'slither.json'), 'utf8'));
    const v1 = join(dir, 'v1.json');
    cpSync(join(FIX, 'slither.json'), v1);
    const imp = (file: string) =>
      runCli([
        'import',
        'slither',
        file,
        '--db',
        db,
        '-o',
        join(dir, 'out'),
        '-f',
        'json',
        '-q',
        '--scope-name',
        'vault',
      ]);

    const first = await imp(v1);
    expect(first.code, first.stderr).toBe(0);
    const second = await imp(v1);
    expect(second.stderr).toMatch(/nothing new: .*v1\.json .* already in run/);
    let store = new RunStore(db);
    expect(store.list(10, 'vault')).toHaveLength(1);
    store.close();

    // the fix: reentrancy gone from the newer report
    const v2 = join(dir, 'v2.json');
    writeFileSync(v2, JSON.stringify({ ...base, results: { detectors: base.results.detectors.slice(1) } }));
    const fixed = await imp(v2);
    expect(fixed.stderr).toContain('slither on import:slither: 0 new, 0 reopened, 1 closed, 2 still open');
    const diff = await runCli(['diff', 'latest~1', 'latest', '--db', db, '--format', 'json']);
    expect(JSON.parse(diff.stdout).fixed.map((c: { checkId: string }) => c.checkId)).toEqual(['import.slither']);

    // it comes back
    const v3 = join(dir, 'v3.json');
    writeFileSync(v3, JSON.stringify(base));
    const back = await imp(v3);
    expect(back.stderr).toContain('0 new, 1 reopened, 0 closed, 2 still open');
    store = new RunStore(db);
    const latest = store.latestRun('vault')!;
    expect(latest.findings.filter((f) => f.checkId === 'import.slither')).toHaveLength(3);
    expect(latest.run.imports).toHaveLength(1);
    expect(latest.run.imports![0]).toMatchObject({ tool: 'slither', file: 'v3.json', findings: 3 });
    store.close();
  });

  it('adds to a stored run: tools side by side in one assessment, exported for DefectDojo', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ca-import-'));
    const db = join(dir, 'h.db');
    const out = join(dir, 'out');
    expect(
      (await runCli(['import', 'aderyn', join(FIX, 'aderyn.json'), '--db', db, '-o', out, '-f', 'json', '-q'])).code,
    ).toBe(0);
    const r = await runCli([
      'import',
      'gitleaks',
      join(FIX, 'gitleaks.json'),
      '--db',
      db,
      '--into',
      'latest',
      '-o',
      out,
      '-f',
      'json,defectdojo',
      '-q',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const a = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(new Set(a.findings.map((f: { checkId: string }) => f.checkId))).toEqual(
      new Set(['import.aderyn', 'import.gitleaks']),
    );
    expect(a.checks.map((c: { id: string }) => c.id)).toEqual(
      expect.arrayContaining(['import.aderyn', 'import.gitleaks']),
    );
    const dojo = JSON.parse(readFileSync(join(out, 'defectdojo.json'), 'utf8'));
    expect(dojo.findings).toHaveLength(4);
    for (const f of dojo.findings) {
      for (const k of Object.keys(f)) expect(DOJO_KEYS.has(k), k).toBe(true);
      expect(['Critical', 'High', 'Medium', 'Low', 'Info']).toContain(f.severity);
      expect(f.unique_id_from_tool).toMatch(/^[0-9a-f]{16}$/);
    }
    const secret = JSON.parse(readFileSync(join(FIX, 'gitleaks.json'), 'utf8'))[0].Secret;
    expect(readFileSync(join(out, 'defectdojo.json'), 'utf8')).not.toContain(secret);
    expect(readFileSync(join(out, 'report.json'), 'utf8')).not.toContain(secret);
  });

  it('--coverage prints per tool how many rule ids map to an item', async () => {
    const r = await runCli(['import', '--coverage', '--json']);
    const rows = JSON.parse(r.stdout) as { tool: string; rules: number; mapped: number }[];
    const of = (t: string) => rows.find((x) => x.tool === t)!;
    expect(of('slither')).toMatchObject({ rules: 100, mapped: 100 });
    expect(of('mythril')).toMatchObject({ rules: 17, mapped: 17 });
    expect(of('aderyn').mapped).toBe(of('aderyn').rules);
    const text = await runCli(['import', '--coverage']);
    expect(text.stdout).toMatch(/slither\s+100\/100/);
  });

  it('bad input: a missing tool or file, a file of another tool', async () => {
    expect((await runCli(['import'])).stderr).toContain('import needs a tool and a file');
    const wrong = await runCli([
      'import',
      'trivy',
      join(FIX, 'slither.json'),
      '--no-store',
      '-o',
      mkdtempSync(join(tmpdir(), 'ca-')),
      '-q',
    ]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/slither\.json: not a Trivy JSON report/);
    expect(wrong.stderr).not.toMatch(/\n\s+at /);
  });
});

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { freePort } from '../support/ports.js';

/** The audit a new user runs against a node that is down: it must say it could not look, never "Excellent". */
describe('an audit of a node that is down', () => {
  it('is incomplete: one unreachable finding, no score, exit 4; --allow-incomplete gives 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chainaudit-dead-'));
    const scope = join(dir, 'scope.yaml');
    writeFileSync(
      scope,
      `name: dead node\ntargets:\n  - id: node-1\n    kind: evm-node\n    rpc: http://127.0.0.1:${await freePort()}\n`,
    );
    const r = await runCli(['audit', scope, '--out', join(dir, 'a'), '--no-store', '--fail-on', 'info']);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('Incomplete run');
    const report = JSON.parse(readFileSync(join(dir, 'a', 'report.json'), 'utf8'));
    expect(report.coverage).toMatchObject({ complete: false, targets: { total: 1, reached: 0 } });
    expect(report.score).toBeNull();
    expect(report.band).toBe('unrated');
    expect(report.findings.map((f: { checkId: string; severity: string }) => [f.checkId, f.severity])).toEqual([
      ['target.unreachable', 'high'],
    ]);
    expect(report.items.filter((i: { verdict: string }) => i.verdict !== 'not-assessed')).toEqual([]);
    expect(readFileSync(join(dir, 'a', 'report.md'), 'utf8')).toContain('Incomplete run');
    const sarif = JSON.parse(readFileSync(join(dir, 'a', 'findings.sarif'), 'utf8'));
    expect(sarif.runs[0].invocations[0].executionSuccessful).toBe(false);
    const allowed = await runCli(['audit', scope, '--out', join(dir, 'b'), '--no-store', '--allow-incomplete']);
    expect(allowed.code).toBe(0);
  });
});

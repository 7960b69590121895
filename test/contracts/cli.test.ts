import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { contractsChecks } from '../../src/checks/contracts/index.js';
import { fingerprint } from '../../src/engine/run.js';
import type { CheckContext } from '../../src/checks/types.js';
import { runCli } from '../support/cli.js';

const corpus = fileURLToPath(new URL('../../corpus/contracts', import.meta.url));
const vulnerable = join(corpus, 'reentrancy-eth/vuln-08.sol');
const safe = join(corpus, 'pragma-version/safe-1.sol');

describe('chainaudit contracts', () => {
  it('prints JSON with the required fields for every finding and exits 1 on high findings', async () => {
    const r = await runCli(['contracts', vulnerable, '--format', 'json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.findings.length).toBeGreaterThan(0);
    for (const f of out.findings) {
      for (const key of [
        'detector',
        'category',
        'swc',
        'severity',
        'confidence',
        'file',
        'line',
        'endLine',
        'column',
        'endColumn',
        'message',
      ])
        expect(f).toHaveProperty(key);
    }
    expect(out.findings.map((f: { detector: string }) => f.detector)).toContain('reentrancy-eth');
  });

  it('exits 0 on a clean file and names the counts on stderr', async () => {
    const r = await runCli(['contracts', safe]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe('');
    expect(r.stderr).toContain('0 finding(s) in 1 files (1 contracts)');
  });

  it('emits SARIF 2.1.0 that validates against the schema, one rule per detector', async () => {
    const r = await runCli(['contracts', join(corpus, 'tx-origin'), '--format', 'sarif']);
    const sarif = JSON.parse(r.stdout);
    const schema = JSON.parse(readFileSync(new URL('../report/sarif-schema-2.1.0.json', import.meta.url), 'utf8'));
    const ajv = new AjvDraft04({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    expect(validate(sarif), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    const rules = sarif.runs[0].tool.driver.rules.map((x: { id: string }) => x.id);
    expect(rules).toContain('contracts.solidity.access-control#tx-origin');
    const result = sarif.runs[0].results.find(
      (x: { ruleId: string }) => x.ruleId === 'contracts.solidity.access-control#tx-origin',
    );
    expect(result.properties.frameworkItems).toContain('TECH.TX.AUTHORITY_VERIFICATION');
    expect(result.locations[0].physicalLocation.region.startLine).toBeGreaterThan(0);
  });

  it('places an access-control finding on the function header and the selfdestruct as a SARIF related location', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sol-cli-'));
    writeFileSync(
      join(dir, 'kill.sol'),
      [
        'pragma solidity 0.8.19;',
        'contract K {',
        '    function close() external {',
        '        selfdestruct(payable(msg.sender));',
        '    }',
        '}',
      ].join('\n'),
    );
    const r = await runCli(['contracts', dir, '--format', 'sarif']);
    const result = JSON.parse(r.stdout).runs[0].results.find(
      (x: { ruleId: string }) => x.ruleId === 'contracts.solidity.access-control#unprotected-selfdestruct',
    );
    expect(result.locations[0].physicalLocation.region.startLine).toBe(3);
    expect(
      result.relatedLocations.map(
        (l: { physicalLocation: { region: { startLine: number } } }) => l.physicalLocation.region.startLine,
      ),
    ).toEqual([4]);
  });

  it('renders Markdown with findings and the not-analysed list', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sol-cli-'));
    writeFileSync(join(dir, 'broken.sol'), 'contract X { function ( }');
    writeFileSync(join(dir, 'a.sol'), readFileSync(vulnerable));
    const r = await runCli(['contracts', dir, '--format', 'md']);
    expect(r.stdout).toContain('| high | reentrancy-eth |');
    expect(r.stdout).toMatch(/## Not analysed[\s\S]*broken\.sol[\s\S]*syntax error/);
  });

  it('rejects a missing path and a folder without analysable sources with exit 2 and one line', async () => {
    const missing = await runCli(['contracts', '/nonexistent/contracts']);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    const dir = mkdtempSync(join(tmpdir(), 'sol-cli-'));
    writeFileSync(join(dir, 'junk.sol'), Buffer.from([0, 159, 146, 150]));
    const junk = await runCli(['contracts', dir]);
    expect(junk.code).toBe(2);
    expect(junk.stderr).toContain('junk.sol: binary content');
  });
});

describe('contract checks', () => {
  function ctx(path: string): CheckContext {
    const memo = new Map<string, Promise<unknown>>();
    return {
      target: { id: 'c', kind: 'contracts', path },
      group: [],
      scope: {} as CheckContext['scope'],
      options: { intrusive: false, active: false },
      signal: new AbortController().signal,
      rpc: () => {
        throw new Error('no rpc for contracts');
      },
      memo: <V>(key: string, compute: () => Promise<V>) => {
        if (!memo.has(key)) memo.set(key, compute());
        return memo.get(key) as Promise<V>;
      },
      credential: () => '',
      path: (p: string) => p,
      progress: () => undefined,
    } as CheckContext;
  }

  it('fold findings into per-category checks, one declared sub-result per detector, with distinct keys', async () => {
    const c = ctx(join(corpus, 'unprotected-selfdestruct'));
    const accessControl = contractsChecks.find((k) => k.meta.id === 'contracts.solidity.access-control')!;
    const results = await accessControl.run(c);
    const fails = results.filter((r) => r.status === 'fail');
    expect(fails.map((r) => r.result)).toContain('unprotected-selfdestruct');
    for (const r of fails) expect(Object.keys(accessControl.meta.results!)).toContain(r.result);
    expect(fails.length).toBeGreaterThanOrEqual(5);
    expect(new Set(fails.map((r) => r.key)).size).toBe(fails.length);
    expect(fails[0].locations?.[0].line).toBeGreaterThan(0);
    const randomness = contractsChecks.find((k) => k.meta.id === 'contracts.solidity.randomness')!;
    expect((await randomness.run(c)).map((r) => r.status)).toEqual(['pass']);
    const coverage = contractsChecks.find((k) => k.meta.id === 'contracts.solidity.coverage')!;
    expect((await coverage.run(c))[0].status).toBe('pass');
  });

  it('gives one detector hit the same check, sub-result and fingerprint under `contracts` and `audit`, unmoved by edits above it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sol-key-'));
    const source = readFileSync(join(corpus, 'reentrancy-eth/vuln-08.sol'), 'utf8');
    writeFileSync(join(dir, 'a.sol'), source);
    const check = contractsChecks.find((k) => k.meta.id === 'contracts.solidity.reentrancy')!;
    const fromCheck = (await check.run(ctx(dir))).filter((r) => r.status === 'fail');
    const cli = JSON.parse((await runCli(['contracts', dir, '--format', 'sarif'])).stdout).runs[0].results.filter(
      (x: { ruleId: string }) => x.ruleId.startsWith('contracts.solidity.reentrancy#'),
    );
    const expected = fromCheck.map((r) => fingerprint(check.meta.id, 'contracts', r.key)).sort();
    expect(
      cli.map((x: { partialFingerprints: Record<string, string> }) => Object.values(x.partialFingerprints)[0]).sort(),
    ).toEqual(expected);
    for (const r of fromCheck) expect(r.key).not.toMatch(/:\d+$/);

    writeFileSync(join(dir, 'a.sol'), source.replace(/^(pragma[^\n]*\n)/m, '$1\n\n// moved down\n\n'));
    const moved = (await check.run(ctx(dir))).filter((r) => r.status === 'fail');
    expect(moved.map((r) => r.key).sort()).toEqual(fromCheck.map((r) => r.key).sort());
    expect(moved.map((r) => r.locations?.[0].line)).not.toEqual(fromCheck.map((r) => r.locations?.[0].line));
  });

  it.each([
    ['contracts.solidity.reentrancy', 'reentrancy-eth'],
    ['contracts.solidity.unchecked-calls', 'unchecked-lowlevel'],
    ['contracts.solidity.access-control', 'tx-origin'],
    ['contracts.solidity.arithmetic', 'integer-overflow'],
    ['contracts.solidity.randomness', 'weak-randomness'],
    ['contracts.solidity.time-manipulation', 'timestamp-dependence'],
    ['contracts.solidity.denial-of-service', 'dos-call-in-loop'],
    ['contracts.solidity.front-running', 'front-running-approve'],
    ['contracts.solidity.short-addresses', 'short-address'],
    ['contracts.solidity.code-quality', 'uninitialized-storage'],
  ])('%s reports the %s corpus as that declared sub-result', async (checkId, detector) => {
    const check = contractsChecks.find((k) => k.meta.id === checkId)!;
    const results = await check.run(ctx(join(corpus, detector)));
    expect(results.filter((r) => r.status === 'fail').map((r) => r.result)).toContain(detector);
    expect(check.meta.results).toHaveProperty(detector);
  });

  it('a file the analyzer could not read leaves each category check with an error, never an all-clear', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sol-partial-'));
    writeFileSync(join(dir, 'broken.sol'), 'contract X { function ( }');
    writeFileSync(join(dir, 'safe.sol'), readFileSync(safe));
    const check = contractsChecks.find((k) => k.meta.id === 'contracts.solidity.reentrancy')!;
    const results = await check.run(ctx(dir));
    expect(results.find((r) => r.status === 'error')?.message).toContain('broken.sol');
    expect(results.filter((r) => r.status === 'pass').map((r) => r.result)).toContain('reentrancy-eth');
  });
});

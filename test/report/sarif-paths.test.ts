import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

const demo = fileURLToPath(new URL('../../examples/demo/', import.meta.url));
const schema = JSON.parse(readFileSync(new URL('./sarif-schema-2.1.0.json', import.meta.url), 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);

type Log = {
  runs: {
    originalUriBaseIds?: Record<string, { uri: string }>;
    invocations: { executionSuccessful: boolean }[];
    results: { locations?: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string } } }[] }[];
  }[];
};

/** Valid SARIF 2.1.0 whose every location names a file that exists. */
function expectSound(text: string): Log {
  const log = JSON.parse(text) as Log;
  expect(validate(log), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
  const run = log.runs[0];
  for (const r of run.results)
    for (const l of r.locations ?? []) {
      const a = l.physicalLocation.artifactLocation;
      const url = a.uriBaseId ? new URL(a.uri, run.originalUriBaseIds![a.uriBaseId].uri) : new URL(a.uri);
      expect(existsSync(url), a.uri).toBe(true);
    }
  return log;
}

describe('SARIF from every command that writes it', () => {
  it('contracts --format sarif', async () => {
    const r = await runCli(['contracts', join(demo, 'contracts'), '--format', 'sarif']);
    expect(expectSound(r.stdout).runs[0].results.length).toBeGreaterThan(0);
  });

  it('secrets --format sarif', async () => {
    const r = await runCli(['secrets', join(demo, 'keys'), '--format', 'sarif']);
    expect(expectSound(r.stdout).runs[0].results.length).toBeGreaterThan(0);
  });

  it('an incomplete audit: executionSuccessful false, still valid', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chainaudit-sarif-'));
    const scope = join(dir, 'scope.yaml');
    writeFileSync(
      scope,
      `name: half down\ntargets:\n  - id: down\n    kind: evm-node\n    rpc: http://127.0.0.1:1\n  - id: sshd\n    kind: config\n    format: sshd\n    path: ${join(demo, 'config', 'sshd_config')}\n`,
    );
    const r = await runCli(['audit', scope, '--no-store', '--out', join(dir, 'out'), '--format', 'sarif']);
    expect(r.code, r.stderr).toBe(4);
    const log = expectSound(readFileSync(join(dir, 'out', 'findings.sarif'), 'utf8'));
    expect(log.runs[0].invocations[0].executionSuccessful).toBe(false);
    expect(log.runs[0].results.length).toBeGreaterThan(0);
  });
});

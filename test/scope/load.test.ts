import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScope } from '../../src/scope/load.js';
import { InputError } from '../../src/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'chainaudit-scope-'));
function scopeFile(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}
function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return (err as Error).message;
  }
  throw new Error('expected an InputError');
}

describe('scope loading', () => {
  it('loads a valid scope with defaults applied', () => {
    const f = scopeFile(
      'ok.yaml',
      'name: test\ntargets:\n  - id: n1\n    kind: evm-node\n    rpc: http://127.0.0.1:8545\n  - id: c\n    kind: contracts\n    path: ./contracts\n',
    );
    const s = loadScope(f);
    expect(s.targets).toHaveLength(2);
    expect(s.environment).toBe('production');
    expect(s.dir).toBe(dir);
  });

  it('names file, line and field of a schema error', () => {
    const f = scopeFile('bad-field.yaml', 'name: test\ntargets:\n  - id: n1\n    kind: evm-node\n    rpc: not a url\n');
    const msg = errorOf(() => loadScope(f));
    expect(msg).toContain(`${f}:5: targets.0.rpc`);
  });

  it('rejects an unknown target kind at its line', () => {
    const f = scopeFile('bad-kind.yaml', 'name: test\ntargets:\n  - id: x\n    kind: mainframe\n');
    expect(errorOf(() => loadScope(f))).toMatch(/bad-kind\.yaml:4: targets\.0\.kind/);
  });

  it('refuses an inline credential', () => {
    const f = scopeFile(
      'inline.yaml',
      'name: t\ntargets:\n  - id: b\n    kind: bitcoin-node\n    rpc: http://127.0.0.1:8332\n    auth:\n      user: u\n      password: hunter2\n',
    );
    const msg = errorOf(() => loadScope(f));
    expect(msg).toContain('targets.0.auth.password');
    expect(msg).toContain('never an inline value');
    expect(msg).not.toContain('hunter2');
  });

  it('accepts credentials by env or file reference', () => {
    const f = scopeFile(
      'refs.yaml',
      'name: t\ntargets:\n  - id: b\n    kind: bitcoin-node\n    rpc: http://127.0.0.1:8332\n    auth:\n      user: u\n      password: { env: BTC_RPC_PASSWORD }\n',
    );
    expect(loadScope(f).targets[0]).toMatchObject({ auth: { password: { env: 'BTC_RPC_PASSWORD' } } });
  });

  it('reports malformed YAML with its position', () => {
    const f = scopeFile('broken.yaml', 'name: t\ntargets:\n  - id: [unclosed\n');
    expect(errorOf(() => loadScope(f))).toMatch(/broken\.yaml:\d+:\d+: invalid YAML/);
  });

  it('refuses duplicate target ids', () => {
    const f = scopeFile(
      'dup.yaml',
      'name: t\ntargets:\n  - id: a\n    kind: web\n    url: http://127.0.0.1/\n  - id: a\n    kind: web\n    url: http://127.0.0.1/x\n',
    );
    expect(errorOf(() => loadScope(f))).toMatch(/dup\.yaml:6: targets\.1\.id: duplicate target id "a"/);
  });

  it('refuses binary garbage and oversized files without reading them whole', () => {
    const g = scopeFile('garbage.yaml', Buffer.from([0, 159, 146, 150, 255, 0, 1, 2]).toString('latin1'));
    expect(errorOf(() => loadScope(g))).toContain('garbage.yaml');
    const big = scopeFile('big.yaml', `name: t\n#${'x'.repeat(1_100_000)}\n`);
    expect(errorOf(() => loadScope(big))).toMatch(/larger than the 1048576-byte limit/);
  });

  it('names a missing file', () => {
    expect(errorOf(() => loadScope(join(dir, 'nope.yaml')))).toContain('nope.yaml: no such file or folder');
  });
});

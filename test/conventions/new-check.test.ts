import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { expectedFile } from './rules.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SCRIPT = join(ROOT, 'scripts', 'new-check.mjs');

describe('npm run new-check', () => {
  it('writes the check and its test from the template and registers it, following the conventions', () => {
    const root = mkdtempSync(join(tmpdir(), 'chainaudit-new-check-'));
    cpSync(join(ROOT, 'src', 'checks', 'evm', 'index.ts'), join(root, 'src', 'checks', 'evm', 'index.ts'), {
      recursive: true,
    });
    const out = execFileSync('node', [SCRIPT, 'evm.rpc.txpool-exposed', '--root', root], { encoding: 'utf8' });
    expect(out).toContain('- evm.rpc.txpool-exposed');
    const check = readFileSync(join(root, expectedFile('evm.rpc.txpool-exposed')), 'utf8');
    expect(check).toContain("id: 'evm.rpc.txpool-exposed'");
    expect(check).toContain("from '../types.js'");
    expect(check).not.toContain("'../../src/");
    const test = readFileSync(join(root, 'test', 'evm', 'rpc-txpool-exposed.test.ts'), 'utf8');
    expect(test).toContain("describe('evm.rpc.txpool-exposed'");
    expect(test).toContain("from '../../src/checks/evm/rpc-txpool-exposed.js'");
    const index = readFileSync(join(root, 'src', 'checks', 'evm', 'index.ts'), 'utf8');
    expect(index).toContain("import rpcTxpoolExposed from './rpc-txpool-exposed.js';");
    expect(index).toMatch(/ {2}rpcTxpoolExposed,\n\];/);
  });

  it('refuses a malformed id, an unknown domain and an existing file', () => {
    const root = mkdtempSync(join(tmpdir(), 'chainaudit-new-check-'));
    cpSync(join(ROOT, 'src', 'checks', 'evm', 'index.ts'), join(root, 'src', 'checks', 'evm', 'index.ts'));
    const run = (id: string) => spawnSync('node', [SCRIPT, id, '--root', root], { encoding: 'utf8' });
    expect(run('Bad_Id').status).toBe(2);
    expect(run('nowhere.thing').stderr).toContain('no domain nowhere');
    expect(run('evm.rpc.twice').status).toBe(0);
    expect(run('evm.rpc.twice').stderr).toContain('exists already');
  });
});

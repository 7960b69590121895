import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'chainaudit-pack-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** How users outside this checkout get the tool: the packed tarball, installed into an empty folder. */
describe('npm pack → install the tarball elsewhere → npx chainaudit demo', () => {
  it('installs without dev dependencies or a TypeScript build and runs the demo', async () => {
    await run('npm', ['pack', '--pack-destination', work], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 });
    const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'))!;
    const app = join(work, 'app');
    await run('mkdir', ['-p', app]);
    writeFileSync(join(app, 'package.json'), '{ "name": "pack-check", "private": true }\n');
    await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', join(work, tarball)], {
      cwd: app,
      maxBuffer: 64 * 1024 * 1024,
    });
    const installed = join(app, 'node_modules', 'chainaudit');
    expect(existsSync(join(installed, 'dist', 'cli', 'main.js'))).toBe(true);
    expect(existsSync(join(installed, 'src'))).toBe(false);
    expect(existsSync(join(app, 'node_modules', 'typescript'))).toBe(false);
    const demo = await run('npx', ['chainaudit', 'demo', '--out', 'report', '--no-store', '--quiet'], {
      cwd: app,
      env: { ...process.env, CHAINAUDIT_DB: join(work, 'history.db') },
    });
    expect(demo.stderr).not.toMatch(/internal error|at .*\.js:\d+/);
    const report = JSON.parse(readFileSync(join(app, 'report', 'report.json'), 'utf8'));
    expect(report.coverage.complete).toBe(true);
    expect(report.findings.length).toBeGreaterThan(50);
  }, 900_000);
});

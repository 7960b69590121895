import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STACK_LINE, builtCli, runBuilt } from '../support/built-cli.js';
import { prerequisite } from '../support/prereq.js';
import { RunStore } from '../../src/store/sqlite.js';
import { runCli } from '../support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'chainaudit-robust-'));
const sshd = join(dir, 'sshd_config');
copyFileSync(new URL('../../examples/demo/config/sshd_config', import.meta.url), sshd);
const scope = join(dir, 'scope.yaml');
writeFileSync(
  scope,
  `name: files only\ntargets:\n  - id: sshd\n    kind: config\n    format: sshd\n    path: sshd_config\n`,
);
const fifo = join(dir, 'fifo');
execFileSync('mkfifo', [fifo]);

function expectCleanRefusal(r: { code: number | null; stderr: string; killed?: boolean }, names: string) {
  expect(r.killed ?? false, 'the command hung and was killed').toBe(false);
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr).toContain(names);
  expect(r.stderr).not.toMatch(STACK_LINE);
}

describe.runIf(prerequisite('built CLI', builtCli, 'run `npm run build` first'))(
  'no hangs, no crashes (built CLI)',
  () => {
    it.each([
      ['--out', '/proc/chainaudit-report/out'],
      ['--db', '/proc/chainaudit-history/h.db'],
    ])('%s under a path that cannot be created fails at once with exit 2', async (flag, path) => {
      const r = await runBuilt(['audit', scope, '--out', join(dir, 'unused'), flag, path, '-q'], { limitMs: 30_000 });
      expectCleanRefusal(r, path.replace(/\/[^/]*\.db$/, ''));
    });

    it.each(['/dev/zero', '/dev/urandom', 'FIFO'])('a scope that is %s is refused before it is read', async (which) => {
      const path = which === 'FIFO' ? fifo : which;
      const r = await runBuilt(['audit', path, '--no-store', '-q'], { limitMs: 30_000 });
      expectCleanRefusal(r, path);
    });

    it.each([
      ['--manual', '/dev/zero'],
      ['--manual', 'FIFO'],
      ['--catalog', '/dev/urandom'],
      ['--catalog', 'FIFO'],
    ])('%s %s is refused before it is read', async (flag, which) => {
      const path = which === 'FIFO' ? fifo : which;
      const r = await runBuilt(['audit', scope, flag, path, '--no-store', '-q', '--out', join(dir, 'o-input')], {
        limitMs: 30_000,
      });
      expectCleanRefusal(r, path);
    });

    it('a reader that closes the pipe early ends the output quietly', async () => {
      const r = await runBuilt(['catalog', '--format', 'json'], {
        limitMs: 30_000,
        onStdout: (text, close) => {
          if (text.length > 0) close();
        },
      });
      expect(r.killed).toBe(false);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).not.toMatch(/EPIPE|Unhandled/);
      expect(r.stderr).not.toMatch(STACK_LINE);
    });
  },
);

describe('input files (in process)', () => {
  it('a credential file that is a device is refused, naming it as the scope does', async () => {
    const s = join(dir, 'cred.yaml');
    writeFileSync(
      s,
      `name: cred\ntargets:\n  - id: n\n    kind: evm-node\n    rpc: http://127.0.0.1:1\n    auth: { bearer: { file: /dev/zero } }\n`,
    );
    const r = await runCli(['audit', s, '--no-store', '--out', join(dir, 'o-cred'), '--allow-incomplete']);
    expectCleanRefusal(r, 'credential file /dev/zero');
  });
});

describe('unknown --framework ids are refused with the known ones', () => {
  it.each([['audit', scope, '--no-store', '--out', join(dir, 'o-fw')], ['catalog'], ['manual', 'template', scope]])(
    '%s',
    async (...args) => {
      const r = await runCli([...args, '--framework', 'no-such-framework']);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('unknown framework no-such-framework');
      expect(r.stderr).toContain('djcp-blockchain');
      expect(r.stdout).toBe('');
    },
  );
});

describe('files a run writes never clobber or mix', () => {
  it('manual template -o refuses to overwrite an existing file unless --force', async () => {
    const answers = join(dir, 'answers.yaml');
    writeFileSync(answers, 'answers:\n  DJCP.LEDGER.STORAGE_CONFIDENTIALITY: { verdict: conforming }\n');
    const r = await runCli(['manual', 'template', scope, '-o', answers]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(answers);
    expect(r.stderr).toContain('--force');
    expect(readFileSync(answers, 'utf8')).toContain('verdict: conforming');
    const forced = await runCli(['manual', 'template', scope, '-o', answers, '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(readFileSync(answers, 'utf8')).toContain('DJCP.LEDGER.STORAGE_CONFIDENTIALITY: null');
  });

  it('a reused --out folder holds the last run only, and nothing of anyone else is touched', async () => {
    const out = join(dir, 'reused');
    mkdirSync(out);
    writeFileSync(join(out, 'notes.txt'), 'mine');
    const first = await runCli(['audit', scope, '--no-store', '--out', out, '--format', 'all']);
    expect(first.stderr).not.toContain('already exists');
    expect(readdirSync(out).sort()).toEqual(
      [
        '.chainaudit-report.json',
        'defectdojo.json',
        'evaluation.xlsx',
        'findings.sarif',
        'notes.txt',
        'report.html',
        'report.json',
        'report.md',
      ].sort(),
    );
    const second = await runCli(['audit', scope, '--no-store', '--out', out, '--format', 'json']);
    expect(second.stderr).not.toContain('already exists');
    expect(readdirSync(out).sort()).toEqual(['.chainaudit-report.json', 'notes.txt', 'report.json']);
    const runId = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')).run.id;
    expect(JSON.parse(readFileSync(join(out, '.chainaudit-report.json'), 'utf8'))).toMatchObject({
      run: runId,
      files: ['report.json'],
    });
    expect(readFileSync(join(out, 'notes.txt'), 'utf8')).toBe('mine');
  });

  it('a report file this tool did not write is overwritten only with --force', async () => {
    const out = join(dir, 'foreign');
    mkdirSync(out);
    writeFileSync(join(out, 'report.md'), 'somebody else’s report');
    const r = await runCli(['audit', scope, '--no-store', '--out', out, '--format', 'md']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(join(out, 'report.md'));
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toBe('somebody else’s report');
    const forced = await runCli(['audit', scope, '--no-store', '--out', out, '--format', 'md', '--force']);
    expect(forced.stderr).not.toContain('already exists');
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toContain('sshd');
    expect(existsSync(join(out, '.chainaudit-report.json'))).toBe(true);
  });
});

describe('stored runs', () => {
  it('a run stored by another report schema is refused with a clear message, not rendered half', async () => {
    const db = join(dir, 'old.db');
    const r = await runCli(['audit', scope, '--db', db, '--out', join(dir, 'o-old'), '--format', 'json']);
    expect(r.stderr).not.toMatch(STACK_LINE);
    const id = JSON.parse(readFileSync(join(dir, 'o-old', 'report.json'), 'utf8')).run.id;
    const store = new RunStore(db);
    try {
      const a = store.get(id);
      store.save({ ...a, run: { ...a.run, id: `${id}-old` }, schemaVersion: '1.4.0' });
    } finally {
      store.close();
    }
    const old = await runCli(['report', `${id}-old`, '--db', db, '--format', 'md']);
    expect(old.code).toBe(2);
    expect(old.stderr).toContain('report schema 1.4.0');
    expect(old.stderr).not.toMatch(STACK_LINE);
    const current = await runCli(['report', id, '--db', db, '--format', 'md']);
    expect(current.code, current.stderr).toBe(0);
  });
});

import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanSecrets } from '../../src/analyzers/secrets/index.js';
import { hasBinary, prerequisite } from '../support/prereq.js';
import { runCli } from '../support/cli.js';
import { runUnprivileged, sourceUrl } from '../support/unprivileged.js';
// @ts-expect-error plain ESM generator shared with the benchmark
import { generatePlantedTree } from '../../corpus/secrets/generate.mjs';

let dir: string;
let keyLine: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'secrets-inputs-'));
  const corpus = join(dir, 'corpus');
  generatePlantedTree(corpus);
  keyLine = readFileSync(join(corpus, 'btc/backup.txt'), 'utf8');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function folder(name: string): string {
  const path = join(dir, name);
  mkdirSync(path);
  return path;
}

describe('inputs that cannot be scanned are errors naming the path', () => {
  it('an empty folder', async () => {
    const empty = folder('empty');
    const r = await runCli(['secrets', empty]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(empty);
    expect(r.stderr).toMatch(/no file to scan/);
    await expect(scanSecrets(empty)).rejects.toThrow(empty);
  });

  it('a folder holding only symbolic links and excluded folders', async () => {
    const links = folder('links-only');
    symlinkSync('/etc/hostname', join(links, 'host'));
    mkdirSync(join(links, 'node_modules'));
    writeFileSync(join(links, 'node_modules', 'x.txt'), keyLine);
    const r = await runCli(['secrets', links]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(links);
    expect(r.stderr).toContain('1 symbolic link not followed');
    expect(r.stderr).toContain('1 excluded folder');
  });

  it('a FIFO or a device given as the path, without hanging or reading', async () => {
    if (!prerequisite('mkfifo', hasBinary('mkfifo'), 'apt-get install coreutils')) return;
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const r = await runCli(['secrets', fifo]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`chainaudit: secrets: ${fifo}: is a FIFO (named pipe), not a regular file; not read`);
    const zero = await runCli(['secrets', '/dev/zero']);
    expect(zero.code).toBe(2);
    expect(zero.stderr).toContain('/dev/zero: is a character device');
  });

  it('a FIFO inside a tree is skipped by name and the rest is scanned', async () => {
    if (!prerequisite('mkfifo', hasBinary('mkfifo'), 'apt-get install coreutils')) return;
    const tree = folder('with-fifo');
    execFileSync('mkfifo', [join(tree, 'a-pipe')]);
    writeFileSync(join(tree, 'backup.txt'), keyLine);
    const scan = await scanSecrets(tree);
    expect(scan.findings.map((f) => [f.file, f.kind])).toEqual([['backup.txt', 'wif-private-key']]);
    expect(scan.skipped).toEqual([{ path: 'a-pipe', reason: 'special-file', detail: 'a FIFO (named pipe), not read' }]);
    expect(scan.problems).toEqual([]);
  });
});

describe('names that are not valid UTF-8', () => {
  it('finds a real key under a raw-byte folder and file name, and shows the name escaped', async () => {
    const tree = folder('raw-names');
    const folderName = Buffer.concat([Buffer.from(`${tree}/`), Buffer.from([0x77, 0xe4, 0x6c])]); // "w\xe4l"
    mkdirSync(folderName);
    writeFileSync(
      Buffer.concat([folderName, Buffer.from('/'), Buffer.from([0x6b, 0xff, 0x2e, 0x74, 0x78, 0x74])]),
      keyLine,
    );
    const scan = await scanSecrets(tree);
    expect(scan.findings.map((f) => [f.file, f.kind, f.line])).toEqual([['w\\xe4l/k\\xff.txt', 'wif-private-key', 2]]);
    expect(scan.problems).toEqual([]);
    const pooled = await scanSecrets(tree, { workers: 2 });
    expect(pooled.findings).toEqual(scan.findings);
    const r = await runCli(['secrets', tree]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('w\\xe4l/k\\xff.txt:2:');
  });
});

describe('unreadable files and folders (permission bits enforced)', () => {
  function lockedTree(name: string): string {
    const tree = folder(name);
    writeFileSync(join(tree, 'readme.txt'), 'nothing to see\n');
    writeFileSync(join(tree, 'backup.txt'), keyLine);
    mkdirSync(join(tree, 'vault'));
    writeFileSync(join(tree, 'vault', 'key.txt'), keyLine);
    chmodSync(join(tree, 'backup.txt'), 0o000);
    chmodSync(join(tree, 'vault'), 0o000);
    return tree;
  }

  const cli = (args: string[]) => `
    const { main } = await import(${JSON.stringify(sourceUrl('src/cli/main.ts'))});
    process.exitCode = await main(['node', 'chainaudit', ...${JSON.stringify(args)}]);
  `;

  it('never exits 0 as clean: the scan is incomplete and names each unreadable path', () => {
    const tree = lockedTree('locked');
    const child = runUnprivileged(cli(['secrets', tree]));
    if (!child) return;
    expect(child.stdout).toBe('');
    expect(child.status).toBe(4);
    expect(child.stderr).toContain('backup.txt: permission denied');
    expect(child.stderr).toContain('vault: permission denied');
    expect(child.stderr).toMatch(/incomplete: 2 input\(s\) could not be scanned/);
  });

  it('reports what it found and still says the scan is incomplete', () => {
    const tree = lockedTree('locked-with-key');
    writeFileSync(join(tree, 'open-backup.txt'), keyLine);
    const child = runUnprivileged(cli(['secrets', tree, '--format', 'json']));
    if (!child) return;
    expect(child.status).toBe(1);
    const scan = JSON.parse(child.stdout) as {
      complete: boolean;
      findings: { file: string }[];
      problems: { path: string; reason: string }[];
    };
    expect(scan.complete).toBe(false);
    expect(scan.findings.map((f) => f.file)).toEqual(['open-backup.txt']);
    expect(scan.problems.map((p) => [p.path, p.reason])).toEqual([
      ['vault', 'permission-denied'],
      ['backup.txt', 'permission-denied'],
    ]);
  });

  it('SARIF of an incomplete scan says the run did not succeed and names what was not scanned', () => {
    const tree = lockedTree('locked-sarif');
    const child = runUnprivileged(cli(['secrets', tree, '--format', 'sarif']));
    if (!child) return;
    expect(child.status).toBe(4);
    const sarif = JSON.parse(child.stdout) as {
      runs: {
        invocations: { executionSuccessful: boolean; toolExecutionNotifications: { message: { text: string } }[] }[];
      }[];
    };
    const [invocation] = sarif.runs[0].invocations;
    expect(invocation.executionSuccessful).toBe(false);
    expect(invocation.toolExecutionNotifications.length).toBeGreaterThan(0);
    for (const n of invocation.toolExecutionNotifications)
      expect(n.message.text).toContain('backup.txt: permission denied');
  });

  it('a single unreadable file is an error naming it', () => {
    const tree = lockedTree('locked-single');
    const child = runUnprivileged(cli(['secrets', join(tree, 'backup.txt')]));
    if (!child) return;
    expect(child.status).toBe(2);
    expect(child.stderr).toContain(`${join(tree, 'backup.txt')}: permission denied`);
  });
});

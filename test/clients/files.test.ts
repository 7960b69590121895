import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FileInputError,
  displayPath,
  readFileBounded,
  readFileBoundedSync,
  readTextFileSync,
  readWholeFileSync,
  walkFiles,
} from '../../src/clients/files.js';
import { hasBinary, prerequisite } from '../support/prereq.js';
import { runUnprivileged, sourceUrl } from '../support/unprivileged.js';

let dir: string;
let socketServer: Server | undefined;

const LIMIT = { maxBytes: 1024 * 1024 };

function refusal(fn: () => unknown): FileInputError {
  try {
    fn();
  } catch (err) {
    if (err instanceof FileInputError) return err;
    throw err;
  }
  throw new Error('expected a FileInputError');
}

async function asyncRefusal(p: Promise<unknown>): Promise<FileInputError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof FileInputError) return err;
    throw err;
  }
  throw new Error('expected a FileInputError');
}

/** Raw bytes that are not UTF-8: a Latin-1 é and a lone 0xff. */
const LATIN1_NAME = Buffer.from([0x63, 0x6c, 0xe9, 0x2e, 0x74, 0x78, 0x74]); // "cl\xe9.txt"
const BAD_DIR = Buffer.from([0x64, 0xff, 0x72]); // "d\xffr"

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'files-client-'));
});
afterAll(() => {
  socketServer?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('reading one file', () => {
  it('refuses a FIFO by name without opening it (no hang)', () => {
    if (!prerequisite('mkfifo', hasBinary('mkfifo'), 'apt-get install coreutils')) return;
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const err = refusal(() => readFileBoundedSync(fifo, LIMIT));
    expect(err.problem.reason).toBe('special-file');
    expect(err.message).toBe(`${fifo}: is a FIFO (named pipe), not a regular file; not read`);
  });

  it('refuses character devices (/dev/zero, /dev/urandom) instead of reading forever', async () => {
    for (const device of ['/dev/zero', '/dev/urandom']) {
      const err = refusal(() => readFileBoundedSync(device, LIMIT));
      expect(err.problem).toMatchObject({ reason: 'special-file', path: device });
      expect(err.message).toContain('is a character device');
      const asyncErr = await asyncRefusal(readFileBounded(device, LIMIT));
      expect(asyncErr.problem.reason).toBe('special-file');
    }
  });

  it('refuses a socket and a folder', async () => {
    const path = join(dir, 'sock');
    socketServer = createServer();
    await new Promise<void>((resolve) => socketServer!.listen(path, resolve));
    expect(refusal(() => readFileBoundedSync(path, LIMIT)).message).toContain('is a socket');
    expect(refusal(() => readFileBoundedSync(dir, LIMIT)).problem.reason).toBe('is-directory');
  });

  it('names a missing path and a broken symbolic link', () => {
    const missing = join(dir, 'nope.txt');
    expect(refusal(() => readFileBoundedSync(missing, LIMIT)).message).toBe(`${missing}: no such file or folder`);
    const link = join(dir, 'dangling');
    symlinkSync(join(dir, 'gone'), link);
    expect(refusal(() => readFileBoundedSync(link, LIMIT)).problem.reason).toBe('broken-symlink');
  });

  it('says when a read stopped at the bound, and refuses whole-file reads above it', async () => {
    const path = join(dir, 'ten.txt');
    writeFileSync(path, '0123456789');
    const cut = readFileBoundedSync(path, { maxBytes: 4 });
    expect(cut).toMatchObject({ truncated: true, size: 10 });
    expect(cut.data.toString()).toBe('0123');
    expect((await readFileBounded(path, { maxBytes: 4 })).truncated).toBe(true);
    expect(readFileBoundedSync(path, { maxBytes: 10 })).toMatchObject({ truncated: false });
    expect(readFileBoundedSync(path, { maxBytes: 10 }).data.toString()).toBe('0123456789');
    const err = refusal(() => readWholeFileSync(path, { maxBytes: 4 }));
    expect(err.problem.reason).toBe('too-large');
    expect(err.message).toContain('10 bytes is larger than the 4-byte limit');
  });

  it('reads /proc files, whose size says 0, to their end', async () => {
    const sync = readFileBoundedSync('/proc/self/status', LIMIT);
    expect(sync.size).toBe(0);
    expect(sync.truncated).toBe(false);
    expect(sync.data.toString()).toMatch(/^Name:/);
    expect((await readFileBounded('/proc/self/status', LIMIT)).data.toString()).toMatch(/^Name:/);
    expect(readFileBoundedSync('/proc/self/status', { maxBytes: 8 }).truncated).toBe(true);
  });

  it('refuses binary data where text is expected', () => {
    const path = join(dir, 'bin.dat');
    writeFileSync(path, Buffer.from([0x61, 0, 0x62]));
    expect(refusal(() => readTextFileSync(path, LIMIT)).message).toContain('binary data');
  });

  it('stops an async read when the signal aborts', async () => {
    const path = join(dir, 'big.bin');
    writeFileSync(path, Buffer.alloc(4 * 1024 * 1024));
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(readFileBounded(path, { maxBytes: 8 * 1024 * 1024, signal: controller.signal })).rejects.toThrow(
      'stop',
    );
  });
});

describe('display of raw names', () => {
  it('shows valid UTF-8 as text and escapes invalid bytes, controls and backslashes', () => {
    expect(displayPath(Buffer.from('钱包/key.txt'))).toBe('钱包/key.txt');
    expect(displayPath(LATIN1_NAME)).toBe('cl\\xe9.txt');
    expect(displayPath(BAD_DIR)).toBe('d\\xffr');
    expect(displayPath(Buffer.from('a\nb\x1b[2Jc\\d'))).toBe('a\\x0ab\\x1b[2Jc\\\\d');
    expect(displayPath(Buffer.from([0xe4, 0xb8]))).toBe('\\xe4\\xb8');
    expect(displayPath('plain/path')).toBe('plain/path');
  });
});

describe('walking a folder', () => {
  let tree: string;
  beforeAll(() => {
    tree = join(dir, 'tree');
    mkdirSync(tree);
    const raw = Buffer.from(tree);
    const badDir = Buffer.concat([raw, Buffer.from('/'), BAD_DIR]);
    mkdirSync(badDir);
    writeFileSync(Buffer.concat([badDir, Buffer.from('/'), LATIN1_NAME]), 'raw-named content\n');
    writeFileSync(join(tree, 'a.txt'), 'a\n');
    mkdirSync(join(tree, 'sub'));
    writeFileSync(join(tree, 'sub', 'b.txt'), 'b\n');
    mkdirSync(join(tree, 'node_modules'));
    writeFileSync(join(tree, 'node_modules', 'c.txt'), 'c\n');
    symlinkSync(join(tree, 'a.txt'), join(tree, 'link.txt'));
    symlinkSync(join(tree, 'missing'), join(tree, 'broken'));
    symlinkSync('..', join(tree, 'sub', 'up'));
    symlinkSync('self', join(tree, 'self'));
    if (hasBinary('mkfifo')) execFileSync('mkfifo', [join(tree, 'fifo')]);
  });

  it('lists files with raw-byte names, reads them, and names what it skipped', async () => {
    const walk = await walkFiles(tree, { excludeNames: ['node_modules'] });
    expect(walk.files.map((f) => f.relative)).toEqual(['a.txt', 'd\\xffr/cl\\xe9.txt', 'sub/b.txt']);
    const raw = walk.files[1];
    expect(readFileBoundedSync(raw.path, LIMIT).data.toString()).toBe('raw-named content\n');
    expect(raw.size).toBe(18);
    expect(walk.problems).toEqual([]);
    const skipped = Object.fromEntries(walk.skipped.map((s) => [s.path, s.reason]));
    expect(skipped).toMatchObject({
      'link.txt': 'symlink',
      broken: 'symlink',
      self: 'symlink',
      'sub/up': 'symlink',
      node_modules: 'excluded',
    });
    if (hasBinary('mkfifo')) expect(skipped.fifo).toBe('special-file');
  });

  it('following links, reports broken links and loops as problems and walks each folder once', async () => {
    const walk = await walkFiles(tree, { excludeNames: ['node_modules'], followSymlinks: true });
    const problems = Object.fromEntries(walk.problems.map((p) => [p.path, p.reason]));
    expect(problems).toEqual({ broken: 'broken-symlink', self: 'symlink-loop', 'sub/up': 'symlink-loop' });
    expect(walk.files.map((f) => f.relative)).toEqual(['a.txt', 'link.txt', 'd\\xffr/cl\\xe9.txt', 'sub/b.txt']);
  });

  it('stops at the entry bound and says so', async () => {
    const walk = await walkFiles(tree, { maxEntries: 3 });
    expect(walk.entries).toBe(3);
    expect(walk.problems).toHaveLength(1);
    expect(walk.problems[0]).toMatchObject({ reason: 'too-many-entries', path: tree });
  });

  it('takes a file as root, and refuses a missing or special root by name', async () => {
    const one = await walkFiles(join(tree, 'a.txt'));
    expect(one).toMatchObject({ rootIsFile: true, files: [{ relative: join(tree, 'a.txt'), size: 2 }] });
    await expect(walkFiles(join(tree, 'none'))).rejects.toThrow(`${join(tree, 'none')}: no such file or folder`);
    await expect(walkFiles('/dev/zero')).rejects.toThrow('/dev/zero: is a character device');
    await expect(walkFiles(join(tree, 'broken'))).rejects.toThrow('broken symbolic link');
  });

  it('honours an abort signal', async () => {
    const controller = new AbortController();
    controller.abort(new Error('interrupted'));
    await expect(walkFiles(tree, { signal: controller.signal })).rejects.toThrow('interrupted');
  });
});

describe('unreadable files and folders (permission bits enforced)', () => {
  it('names a mode-000 file, a mode-000 folder and the entries of a folder without x as problems', () => {
    const tree = join(dir, 'locked');
    mkdirSync(join(tree, 'closed'), { recursive: true });
    mkdirSync(join(tree, 'no-x'));
    writeFileSync(join(tree, 'closed', 'inner.txt'), 'x');
    writeFileSync(join(tree, 'no-x', 'hidden.txt'), 'x');
    writeFileSync(join(tree, 'secret.txt'), 'x');
    writeFileSync(join(tree, 'open.txt'), 'x');
    chmodSync(join(tree, 'closed'), 0o000);
    chmodSync(join(tree, 'no-x'), 0o644);
    chmodSync(join(tree, 'secret.txt'), 0o000);
    const child = runUnprivileged(`
      const { walkFiles, readFileBoundedSync, FileInputError } = await import(${JSON.stringify(sourceUrl('src/clients/files.ts'))});
      const walk = await walkFiles(${JSON.stringify(tree)});
      const reads = walk.files.map((f) => {
        try { readFileBoundedSync(f.path, { maxBytes: 100 }); return [f.relative, 'read']; }
        catch (e) { return [f.relative, e instanceof FileInputError ? e.message : 'crash: ' + e]; }
      });
      let root;
      try { await walkFiles(${JSON.stringify(join(tree, 'closed'))}); } catch (e) { root = e.message; }
      console.log(JSON.stringify({ problems: walk.problems, reads, root }));
    `);
    if (!child) return;
    expect(child.stderr).toBe('');
    const out = JSON.parse(child.stdout) as {
      problems: { path: string; reason: string }[];
      reads: [string, string][];
      root: string;
    };
    expect(out.problems.map((p) => [p.path, p.reason])).toEqual([
      ['closed', 'permission-denied'],
      ['no-x/hidden.txt', 'permission-denied'],
    ]);
    expect(out.reads).toEqual([
      ['open.txt', 'read'],
      ['secret.txt', `${join(tree, 'secret.txt')}: permission denied`],
    ]);
    expect(out.root).toBe(`${join(tree, 'closed')}: permission denied`);
  });
});

import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  closeSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { scanLogs } from '../../src/analyzers/logs/scan.js';
import { loadErrorAudit } from '../../src/catalog/load.js';
import { logCheckResults } from './support.js';

/**
 * Reading fails closed: every byte is read however large the file, gzip included; whatever cannot
 * be read (a FIFO, a device, a file the process may not open, a broken gzip stream, a limit) is
 * named with its reason and makes every log check an error — never a hang, never a quiet pass.
 * The lines are the ones litecoind wrote in test/logs/fixtures/litecoind.
 */

const FIXTURE = new URL('./fixtures/litecoind/debug.log', import.meta.url).pathname;
const REAL = readFileSync(FIXTURE);
const REAL_LINES = REAL.toString('latin1').split('\n').length - 1;
const rules = loadErrorAudit();
const root = mkdtempSync(join(tmpdir(), 'chainaudit-log-reader-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function folder(name: string): string {
  const d = join(root, name);
  mkdirSync(d, { recursive: true });
  return d;
}

const ALL_CHECKS = [
  'logs.error-classes',
  'logs.record-content',
  'logs.retention',
  'logs.auth-failures',
  'logs.crashes',
  'logs.sensitive-data',
];

describe('reading logs whole, or saying what was not read', () => {
  it('reads a file far larger than a chunk to its last line', async () => {
    const d = folder('large');
    const copies = 300; // ~6.7 MB, past the 4 MiB chunk
    writeFileSync(join(d, 'debug.log'), Buffer.concat(Array.from({ length: copies }, () => REAL)));
    const s = await scanLogs(d, { errorRules: rules });
    expect(s.unread).toEqual([]);
    expect(s.files[0].lines).toBe(REAL_LINES * copies);
    const once = await scanLogs(FIXTURE, { errorRules: rules });
    for (const [id, e] of once.errors) expect(s.errors.get(id)?.count, id).toBe(e.count * copies);
  });

  it('reads past 1 GiB: the error at the end of a sparse 1 GiB file is found', async () => {
    const d = folder('sparse');
    const file = join(d, 'debug.log');
    const fd = openSync(file, 'w');
    writeSync(fd, REAL);
    const last = Buffer.from('2026-12-06T21:00:00Z ERROR: ConnectBlock: CheckQueue failed\n');
    writeSync(fd, Buffer.from('\n'), 0, 1, 1024 ** 3);
    writeSync(fd, last, 0, last.length, 1024 ** 3 + 1);
    closeSync(fd);
    const s = await scanLogs(file, { errorRules: rules });
    expect(s.unread).toEqual([]);
    expect(s.files[0].bytes).toBe(1024 ** 3 + 1 + last.length);
    expect(s.errors.get('transaction')?.examples.some((e) => e.text.includes('2026-12-06T21:00:00Z'))).toBe(true);
  }, 120_000);

  it('worker threads give the same summary as one thread, and a stopped scan names what it did not read', async () => {
    const d = folder('pool');
    const big = Buffer.concat(Array.from({ length: 1600 }, () => REAL)); // ~36 MB per group
    writeFileSync(join(d, 'debug.log'), big);
    writeFileSync(join(d, 'node2.log'), big);
    writeFileSync(join(d, 'node2.log.1'), REAL);
    const one = await scanLogs(d, { errorRules: rules, workers: 1 });
    const two = await scanLogs(d, { errorRules: rules, workers: 2 });
    const digest = (s: typeof one) => ({
      files: s.files.map((f) => [f.path, f.lines, f.records, f.timestamped]),
      errors: [...s.errors].map(([id, e]) => [id, e.count, [...e.reasons]]).sort(),
      auth: [...s.authFailures].map(([src, a]) => [src, a.count]),
      crashes: [...s.crashes].map(([k, c]) => [k, c.count]).sort(),
      unread: s.unread,
      span: [s.earliest, s.latest],
    });
    expect(digest(two)).toEqual(digest(one));
    const controller = new AbortController();
    const stopped = scanLogs(d, { errorRules: rules, workers: 2, signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const s = await stopped;
    expect(s.unread.length).toBeGreaterThan(0);
    expect(s.unread.every((u) => /stopped/.test(u.reason))).toBe(true);
  }, 120_000);

  it('reads rotated and compressed files as one log, oldest first', async () => {
    const d = folder('rotated');
    const lines = REAL.toString('utf8').split('\n');
    const third = Math.floor(lines.length / 3);
    writeFileSync(join(d, 'debug.log.2.gz'), gzipSync(`${lines.slice(0, third).join('\n')}\n`));
    writeFileSync(join(d, 'debug.log.1'), `${lines.slice(third, 2 * third).join('\n')}\n`);
    writeFileSync(join(d, 'debug.log'), lines.slice(2 * third).join('\n'));
    const s = await scanLogs(d, { errorRules: rules });
    expect(s.files.map((f) => f.path.slice(d.length + 1))).toEqual(['debug.log.2.gz', 'debug.log.1', 'debug.log']);
    const whole = await scanLogs(FIXTURE, { errorRules: rules });
    expect(s.records).toBe(whole.records);
    expect(s.earliest).toBe(whole.earliest);
    expect(s.latest).toBe(whole.latest);
    expect([...s.crashes.keys()].sort()).toEqual([...whole.crashes.keys()].sort());
  });

  it('a broken gzip stream is named, with what was read before it, and the run is incomplete', async () => {
    const d = folder('broken-gzip');
    const gz = gzipSync(Buffer.concat(Array.from({ length: 20 }, () => REAL)));
    writeFileSync(join(d, 'debug.log.1.gz'), gz.subarray(0, Math.floor(gz.length / 2)));
    const s = await scanLogs(d, { errorRules: rules });
    expect(s.unread).toHaveLength(1);
    expect(s.unread[0].path).toBe(join(d, 'debug.log.1.gz'));
    expect(s.unread[0].reason).toMatch(/gzip data broken after \d+ decompressed bytes/);
    const { brief } = await logCheckResults(d);
    for (const id of ALL_CHECKS)
      expect(
        brief[id].some((r) => r.startsWith('error incomplete')),
        id,
      ).toBe(true);
    expect(brief['logs.record-content'].every((r) => !r.startsWith('pass'))).toBe(true);
  });

  it('a FIFO is named and never opened (no hang), given directly or found in a folder', async () => {
    const d = folder('fifo');
    copyFileSync(FIXTURE, join(d, 'debug.log'));
    execFileSync('mkfifo', [join(d, 'node.log')]);
    const s = await scanLogs(d, { errorRules: rules });
    expect(s.unread).toEqual([{ path: join(d, 'node.log'), reason: 'a named pipe (FIFO), not read' }]);
    const direct = await logCheckResults(join(d, 'node.log'));
    for (const id of ALL_CHECKS) expect(direct.brief[id], id).toEqual(['error no-logs no-logs']);
    expect(direct.results['logs.crashes'][0].message).toContain(join(d, 'node.log'));
  });

  it('/dev/zero is named as a device, not read', async () => {
    const s = await scanLogs('/dev/zero', { errorRules: rules });
    expect(s.unread).toEqual([{ path: '/dev/zero', reason: 'a character device, not read' }]);
    const { brief, results } = await logCheckResults('/dev/zero');
    expect(brief['logs.error-classes']).toEqual(['error no-logs no-logs']);
    expect(results['logs.error-classes'][0].evidence?.[0].value).toContain('/dev/zero: a character device');
  });

  it('a file the process may not read is named with the reason', async () => {
    const d = folder('unreadable');
    chmodSync(d, 0o755);
    const file = join(d, 'debug.log');
    writeFileSync(file, REAL, { mode: 0o600 });
    // As root every file is readable: scan as an unprivileged user, in a process of its own.
    const scanner = join(root, 'scan-as-nobody.mjs');
    writeFileSync(
      scanner,
      `import { scanLogs } from ${JSON.stringify(new URL('../../src/analyzers/logs/scan.ts', import.meta.url).href)};
import { loadErrorAudit } from ${JSON.stringify(new URL('../../src/catalog/load.ts', import.meta.url).href)};
const s = await scanLogs(${JSON.stringify(d)}, { errorRules: loadErrorAudit() });
console.log(JSON.stringify(s.unread));`,
    );
    chmodSync(root, 0o755);
    chmodSync(scanner, 0o644);
    const run = spawnSync(process.execPath, ['--import', 'tsx', scanner], {
      uid: Number(execFileSync('id', ['-u', 'nobody']).toString()),
      gid: Number(execFileSync('id', ['-g', 'nobody']).toString()),
      cwd: process.cwd(),
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status, run.stderr).toBe(0);
    const unread = JSON.parse(run.stdout.trim().split('\n').pop()!) as { path: string; reason: string }[];
    expect(unread).toHaveLength(1);
    expect(unread[0].path).toBe(file);
    expect(unread[0].reason).toMatch(/EACCES|permission denied/);
  });

  it('more files than the limit: the rest is listed, the run incomplete', async () => {
    const d = folder('many');
    for (let i = 0; i < 5; i++) writeFileSync(join(d, `node${i}.log`), REAL);
    const s = await scanLogs(d, { errorRules: rules, maxFiles: 3 });
    expect(s.files).toHaveLength(3);
    expect(s.unread.map((u) => u.reason)).toEqual([
      `more than 3 log files under ${d}`,
      `more than 3 log files under ${d}`,
    ]);
  });

  it('a stopped scan lists the files it did not read', async () => {
    const d = folder('stopped');
    for (let i = 0; i < 3; i++) writeFileSync(join(d, `node${i}.log`), REAL);
    const controller = new AbortController();
    controller.abort();
    const s = await scanLogs(d, { errorRules: rules, signal: controller.signal });
    expect(s.unread.map((u) => u.reason)).toEqual(Array(3).fill('the scan was stopped before this file'));
  });

  it('a line longer than a chunk is read through and classified, and evidence stays short', async () => {
    const d = folder('long-line');
    const huge = `2026-12-06T20:00:00Z ERROR: CheckBlock: ${'A'.repeat(9 * 1024 * 1024)} bad-txnmrklroot\n`;
    writeFileSync(join(d, 'debug.log'), Buffer.concat([REAL, Buffer.from(huge), REAL]));
    const s = await scanLogs(d, { errorRules: rules });
    expect(s.unread).toEqual([]);
    expect(s.files[0].lines).toBe(2 * REAL_LINES + 1);
    const { results } = await logCheckResults(d);
    for (const r of Object.values(results).flat())
      for (const e of r.evidence ?? []) expect(e.value.length).toBeLessThan(20_000);
  });

  it('binary files in a data directory (LevelDB logs) are skipped as not text, not read as logs', async () => {
    const d = folder('datadir');
    copyFileSync(FIXTURE, join(d, 'debug.log'));
    mkdirSync(join(d, 'index'));
    const leveldb = Buffer.alloc(32 * 1024);
    for (let i = 0; i < leveldb.length; i += 7) leveldb[i] = i & 0xff;
    writeFileSync(join(d, 'index', '000003.log'), leveldb);
    const s = await scanLogs(d, { errorRules: rules });
    expect(s.unread).toEqual([]);
    expect(s.files.find((f) => f.path.endsWith('000003.log'))?.skipped).toMatch(/binary/);
    expect(s.records).toBe((await scanLogs(FIXTURE, { errorRules: rules })).records);
  });

  it('symbolic links: a link to a file is read once, a link to a folder is named', async () => {
    const d = folder('links');
    copyFileSync(FIXTURE, join(d, 'debug.log'));
    symlinkSync(join(d, 'debug.log'), join(d, 'current.log'));
    symlinkSync(root, join(d, 'elsewhere'));
    const s = await scanLogs(d, { errorRules: rules });
    expect(s.files).toHaveLength(1);
    expect(s.unread).toEqual([{ path: join(d, 'elsewhere'), reason: 'symbolic link to a folder, not followed' }]);
  });

  it('an empty folder or a missing path is an error naming it, not a pass', async () => {
    const empty = folder('empty');
    const { brief, results } = await logCheckResults(empty);
    for (const id of ALL_CHECKS) expect(brief[id], id).toEqual(['error no-logs no-logs']);
    expect(results['logs.retention'][0].message).toContain(empty);
    const missing = await logCheckResults(join(root, 'no-such-folder'));
    expect(missing.brief['logs.sensitive-data']).toEqual(['error no-logs no-logs']);
    expect(missing.results['logs.sensitive-data'][0].evidence?.[0].value).toMatch(/no-such-folder: cannot be read/);
  });
});

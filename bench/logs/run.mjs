// Log-classification benchmark: a ~1 GB mix of real logs (bench/logs/make-mix.mjs), classified in
// full by chainaudit (formats, record and timestamp counts, error classes, failed logins, crashes,
// secrets) and searched by ripgrep (`rg -c -F`) for the same anchor literals the classifier uses, in
// the same run, in alternating rounds. Prints both times and the ratio.
// Usage: npm run build && node bench/logs/run.mjs [sizeMB] [rounds]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { anchorLiterals, scanLogs } from '../../dist/analyzers/logs/scan.js';
import { loadErrorAudit } from '../../dist/catalog/load.js';
import { makeLogMix } from './make-mix.mjs';

const sizeMb = Number(process.argv[2] ?? 1000);
const rounds = Number(process.argv[3] ?? 3);
const dir = mkdtempSync(join(tmpdir(), 'chainaudit-logs-bench-'));
const logs = join(dir, 'logs');

function seconds(fn) {
  const t = process.hrtime.bigint();
  const value = fn();
  return Promise.resolve(value).then((v) => ({ value: v, seconds: Number(process.hrtime.bigint() - t) / 1e9 }));
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

try {
  spawnSync('mkdir', ['-p', logs]);
  process.stderr.write(`building a ${sizeMb} MB mix of real logs in ${logs} …\n`);
  const rules = loadErrorAudit();
  const files = makeLogMix(logs, sizeMb * 1e6, anchorLiterals(rules));
  const bytes = Object.values(files).reduce((n, b) => n + b, 0);
  const patterns = join(dir, 'anchors.txt');
  writeFileSync(patterns, `${anchorLiterals(rules).join('\n')}\n`);
  // Warm the page cache and both tools once.
  spawnSync('rg', ['-c', '-F', '-f', patterns, logs], { stdio: 'ignore' });
  await scanLogs(logs, { errorRules: rules });

  const ours = [];
  const theirs = [];
  let summary;
  let rgOut = '';
  for (let r = 0; r < rounds; r++) {
    const a = await seconds(() => scanLogs(logs, { errorRules: rules }));
    ours.push(a.seconds);
    summary = a.value;
    const b = await seconds(() =>
      spawnSync('rg', ['-c', '-F', '-f', patterns, logs], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }),
    );
    theirs.push(b.seconds);
    rgOut = b.value.stdout;
  }
  const mb = bytes / 1e6;
  const rgLines = rgOut
    .trim()
    .split('\n')
    .reduce((n, l) => n + Number(l.split(':').pop()), 0);
  const errors = [...summary.errors.values()].reduce((n, e) => n + e.count, 0);
  const auth = [...summary.authFailures.values()].reduce((n, a) => n + a.count, 0);
  const crashes = [...summary.crashes.values()].reduce((n, c) => n + c.count, 0);
  console.log(
    `mix: ${mb.toFixed(0)} MB in ${Object.keys(files).length} files (${Object.keys(files).join(', ')}), ${summary.records} records, ${anchorLiterals(rules).length} anchor literals`,
  );
  console.log('| tool | median s | MB/s | result |');
  console.log('|---|---:|---:|---|');
  console.log(
    `| chainaudit logs (full classification) | ${median(ours).toFixed(2)} | ${(mb / median(ours)).toFixed(0)} | ${errors} errors classified, ${auth} failed logins, ${crashes} crashes, ${summary.secretCount} secrets, ${summary.timestamped} timestamped records |`,
  );
  console.log(
    `| ripgrep -c -F (same anchors, no classification) | ${median(theirs).toFixed(2)} | ${(mb / median(theirs)).toFixed(0)} | ${rgLines} matching lines |`,
  );
  console.log(
    `rounds: chainaudit ${ours.map((s) => s.toFixed(2)).join(' ')} s; ripgrep ${theirs.map((s) => s.toFixed(2)).join(' ')} s`,
  );
  console.log(`chainaudit / ripgrep time: ${(median(ours) / median(theirs)).toFixed(2)}x (target ≤ 1.5x)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

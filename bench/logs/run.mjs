// Log-classification benchmark: a ~1 GB mix of real logs (bench/logs/make-mix.mjs), classified in
// full by chainaudit (formats, record and timestamp counts, error classes, failed logins, crashes,
// secrets) and counted by ripgrep (`rg -c`) with the same patterns — the classifier's anchor
// literals, and the raw shapes the secrets engine looks for (as bench/secrets gives them to
// ripgrep) — in the same run, in alternating rounds. Also ripgrep with the anchors alone (`-F`),
// the floor. Prints the times and the ratios.
// Usage: npm run build && node bench/logs/run.mjs [sizeMB] [rounds]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { anchorLiterals, scanLogs } from '../../dist/analyzers/logs/scan.js';
import { loadErrorAudit } from '../../dist/catalog/load.js';
import { makeLogMix } from './make-mix.mjs';

/** The secrets engine's families as raw patterns, without validation (the list bench/secrets/run.mjs uses). */
const SECRET_SHAPES = [
  '-----BEGIN [A-Z ]*PRIVATE KEY',
  '"kdf"\\s*:',
  '(tendermint|cometbft)/PrivKey',
  '\\b(AKIA|ASIA)[A-Z2-7]{16}\\b',
  '\\b(gh[pousr]_[A-Za-z0-9]{36}|glpat-[A-Za-z0-9_-]{20}|xox[abprs]-[0-9A-Za-z-]{10,})',
  '(AccountKey|SharedAccessKey)=[A-Za-z0-9+/]{40,}',
  '\\b[xt]prv[1-9A-HJ-NP-Za-km-z]{107}\\b',
  '\\b[5KLc96T][1-9A-HJ-NP-Za-km-z]{50,51}\\b',
  '(?i)(priv|secret|signer|key)[a-z_]*["\']?\\s*[:=]\\s*["\']?(0x)?[0-9a-fA-F]{64}\\b',
  '\\b([a-z]{3,8} ){11,23}[a-z]{3,8}\\b',
  '(infura\\.io|alchemy\\.com|quiknode\\.pro|rpc\\.ankr\\.com)/[A-Za-z0-9/_-]{20,}',
  '\\[\\s*(\\d{1,3}\\s*,\\s*){63}\\d{1,3}\\s*\\]',
].map((p) => `(?-u)${p}`);

const escapeRegex = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

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
  const anchors = join(dir, 'anchors.txt');
  writeFileSync(anchors, `${anchorLiterals(rules).join('\n')}\n`);
  const patterns = join(dir, 'patterns.txt');
  writeFileSync(
    patterns,
    `${[...anchorLiterals(rules).map((a) => `(?-u)${escapeRegex(a)}`), ...SECRET_SHAPES].join('\n')}\n`,
  );
  const rg = (args) => spawnSync('rg', args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  // Warm the page cache, the tools and chainaudit's worker threads once.
  rg(['-c', '-f', patterns, logs]);
  rg(['-c', '-F', '-f', anchors, logs]);
  await scanLogs(logs, { errorRules: rules });

  const ours = [];
  const theirs = [];
  const floor = [];
  let summary;
  let rgOut = '';
  let floorOut = '';
  for (let r = 0; r < rounds; r++) {
    const a = await seconds(() => scanLogs(logs, { errorRules: rules }));
    ours.push(a.seconds);
    summary = a.value;
    const b = await seconds(() => rg(['-c', '-f', patterns, logs]));
    theirs.push(b.seconds);
    rgOut = b.value.stdout;
    const c = await seconds(() => rg(['-c', '-F', '-f', anchors, logs]));
    floor.push(c.seconds);
    floorOut = c.value.stdout;
  }
  const mb = bytes / 1e6;
  const count = (out) =>
    out
      .trim()
      .split('\n')
      .reduce((n, l) => n + Number(l.split(':').pop()), 0);
  const errors = [...summary.errors.values()].reduce((n, e) => n + e.count, 0);
  const auth = [...summary.authFailures.values()].reduce((n, a) => n + a.count, summary.authUntracked);
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
    `| ripgrep -c (same patterns: anchors and secret shapes; no classification, no validation) | ${median(theirs).toFixed(2)} | ${(mb / median(theirs)).toFixed(0)} | ${count(rgOut)} matching lines |`,
  );
  console.log(
    `| ripgrep -c -F (the anchor literals only) | ${median(floor).toFixed(2)} | ${(mb / median(floor)).toFixed(0)} | ${count(floorOut)} matching lines |`,
  );
  const list = (xs) => xs.map((s) => s.toFixed(2)).join(' ');
  console.log(`rounds: chainaudit ${list(ours)} s; ripgrep ${list(theirs)} s; ripgrep -F ${list(floor)} s`);
  console.log(`chainaudit / ripgrep (same patterns): ${(median(ours) / median(theirs)).toFixed(2)}x (target ≤ 1.5x)`);
  console.log(`chainaudit / ripgrep -F (anchors only): ${(median(ours) / median(floor)).toFixed(2)}x`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

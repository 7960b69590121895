// Secrets-scanner benchmark: builds a >= 200 MB mixed tree with the planted corpus inside, then scans
// it with chainaudit, secretlint (recommended preset) and ripgrep (raw patterns, throughput ceiling),
// reporting MB/s, planted secrets found and false alarms for each, in the same run.
// Usage: npm run build && node bench/secrets/run.mjs [sizeMB]
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scanSecrets } from '../../dist/analyzers/secrets/index.js';
import { scoreFindings } from '../../corpus/secrets/score.mjs';
import { makeBenchTree } from './make-tree.mjs';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const sizeMb = Number(process.argv[2] ?? 200);
const dir = mkdtempSync(join(tmpdir(), 'chainaudit-secrets-bench-'));

// ripgrep's patterns: the raw shapes of each family, without validation. `(?-u)` keeps \b and the
// classes byte-oriented (ASCII), as the secrets are, so ripgrep runs its fastest engine.
const RG_PATTERNS = [
  '-----BEGIN [A-Z ]*PRIVATE KEY',
  '"kdf"\\s*:',
  '(tendermint|cometbft)/PrivKey',
  '\\b(AKIA|ASIA)[A-Z2-7]{16}\\b',
  '\\b(gh[pousr]_[A-Za-z0-9]{36}|glpat-[A-Za-z0-9_-]{20}|xox[abprs]-[0-9A-Za-z-]{10,})',
  '(AccountKey|SharedAccessKey)=[A-Za-z0-9+/]{40,}',
  '\\b[xt]prv[1-9A-HJ-NP-Za-km-z]{107}\\b',
  '\\b[5KLc9][1-9A-HJ-NP-Za-km-z]{50,51}\\b',
  '(?i)(priv|secret|signer|key)[a-z_]*["\']?\\s*[:=]\\s*["\']?(0x)?[0-9a-fA-F]{64}\\b',
  '\\b([a-z]{3,8} ){11,23}[a-z]{3,8}\\b',
  '(infura\\.io|alchemy\\.com|quiknode\\.pro|rpc\\.ankr\\.com)/[A-Za-z0-9/_-]{20,}',
  '\\[\\s*(\\d{1,3}\\s*,\\s*){63}\\d{1,3}\\s*\\]',
].map((p) => `(?-u)${p}`);

function timed(fn) {
  const t = process.hrtime.bigint();
  const value = fn();
  return { value, seconds: Number(process.hrtime.bigint() - t) / 1e9 };
}

try {
  process.stderr.write(`building a ${sizeMb} MB tree in ${dir} …\n`);
  const manifest = makeBenchTree(dir, sizeMb * 1024 * 1024);
  const bytes = Number(execFileSync('du', ['-sb', dir], { encoding: 'utf8' }).split('\t')[0]);
  const rows = [];

  const ours = process.hrtime.bigint();
  const scan = await scanSecrets(dir);
  const oursSeconds = Number(process.hrtime.bigint() - ours) / 1e9;
  rows.push({ tool: 'chainaudit secrets', seconds: oursSeconds, score: scoreFindings(manifest, scan.findings) });

  const secretlintBin = join(repo, 'node_modules/.bin/secretlint');
  const slOut = join(tmpdir(), `secretlint-${process.pid}.txt`);
  const sl = timed(() =>
    spawnSync(
      secretlintBin,
      [
        '--secretlintrcJSON',
        JSON.stringify({ rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] }),
        '--format',
        'unix',
        '--output',
        slOut,
        '**/*',
      ],
      {
        cwd: dir,
        encoding: 'utf8',
      },
    ),
  );
  // unix format: <path>:<line>:<column>: <message> [Error/<rule>]
  const slFindings = readFileSync(slOut, 'utf8')
    .split('\n')
    .map((l) => /^(.*?):(\d+):\d+: .*\[\w+\/(.*)\]$/.exec(l))
    .filter(Boolean)
    .map((m) => ({ kind: m[3], file: relative(dir, m[1]), line: Number(m[2]) }));
  rmSync(slOut, { force: true });
  rows.push({
    tool: 'secretlint (recommended preset)',
    seconds: sl.seconds,
    score: scoreFindings(manifest, slFindings, { kindAware: false }),
  });

  const rg = timed(() =>
    spawnSync(
      'rg',
      ['--no-heading', '--line-number', '--no-messages', '-a', ...RG_PATTERNS.flatMap((p) => ['-e', p]), '.'],
      { cwd: dir, encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024 },
    ),
  );
  const rgFindings = rg.value.stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const m = /^\.\/(.*?):(\d+):/.exec(l);
      return m ? { kind: 'match', file: m[1], line: Number(m[2]) } : undefined;
    })
    .filter(Boolean);
  rows.push({
    tool: 'ripgrep (raw patterns, no validation)',
    seconds: rg.seconds,
    score: scoreFindings(manifest, rgFindings, { kindAware: false }),
  });

  const mb = bytes / 1e6;
  console.log(
    `tree: ${mb.toFixed(1)} MB, ${manifest.planted.length} planted secrets, ${manifest.lookalikes.length} look-alikes`,
  );
  console.log('| tool | seconds | MB/s | found / planted | false alarms (of which on look-alikes) |');
  console.log('|---|---:|---:|---:|---:|');
  for (const r of rows) {
    console.log(
      `| ${r.tool} | ${r.seconds.toFixed(2)} | ${(mb / r.seconds).toFixed(1)} | ${r.score.found} / ${r.score.planted} | ${r.score.falseAlarms.length} (${r.score.lookalikeAlarms} of ${r.score.lookalikes}) |`,
    );
  }
  console.log(`chainaudit / secretlint throughput: ${(rows[1].seconds / rows[0].seconds).toFixed(2)}x`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

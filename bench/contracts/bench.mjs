// Speed of `chainaudit contracts` on the labeled corpus, against solhint on the same files in the same run.
// Usage: npm run build && node bench/contracts/bench.mjs [corpus-dir]
// Prints: CLI wall time including process start-up for both tools (and their ratio), peak RSS of
// each process, and in-process per-file and per-contract median analysis time.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const corpus = resolve(process.argv[2] ?? `${repo}/corpus/contracts`);
const dist = `${repo}/dist/analyzers/solidity/analyze.js`;
if (!existsSync(dist)) {
  console.error('bench/contracts: run `npm run build` first (dist/ is missing)');
  process.exit(2);
}
const { analyzePaths, solidityFiles } = await import(dist);

function timed(cmd, args) {
  // GNU time reports the child's peak resident set size in KiB.
  const started = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', cmd, ...args], {
    cwd: repo,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const wallMs = performance.now() - started;
  const rssKb = Number(r.stderr.trim().split('\n').pop());
  return { wallMs, rssMb: rssKb / 1024, status: r.status, stdout: r.stdout };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : 0;
};

// Both tools get the same files: those solhint's parser can read without crashing (a file it
// cannot read aborts its whole run), listed explicitly for both.
const { parse } = await import('@solidity-parser/parser');
const { readFileSync } = await import('node:fs');
const all = await solidityFiles([corpus]);
const files = all.filter((f) => {
  try {
    parse(readFileSync(f, 'utf8'), { tolerant: true });
    return true;
  } catch {
    return false;
  }
});

// In-process: per-file timings of the analyzer alone.
const inProcessStart = performance.now();
const result = await analyzePaths(files, { relativeTo: corpus });
const inProcessMs = performance.now() - inProcessStart;
const contracts = result.files.reduce((a, f) => a + f.contracts, 0);
const perFile = result.files.map((f) => f.ms);
const perContract = result.files.filter((f) => f.contracts).map((f) => f.ms / f.contracts);

// Whole CLI runs, start-up included.
const ours = timed(process.execPath, [
  `${repo}/bin/chainaudit.js`,
  'contracts',
  ...files,
  '--format',
  'json',
  '--fail-on',
  'critical',
]);
const solhintBin = `${repo}/node_modules/solhint/solhint.js`;
const peer = existsSync(solhintBin)
  ? timed(process.execPath, [
      solhintBin,
      '--config',
      `${repo}/bench/contracts/solhint.json`,
      '--formatter',
      'json',
      '--disc',
      ...files,
    ])
  : null;

const ourFindings = JSON.parse(ours.stdout || '{"findings":[]}').findings.length;
console.log(
  `corpus: ${files.length} files (${all.length - files.length} left out: solhint's parser crashes on them), ${contracts} contracts, ${result.findings.length} findings, ${result.notAnalysed.length} not analysed`,
);
console.log(
  `chainaudit contracts: wall ${(ours.wallMs / 1000).toFixed(2)} s incl. start-up, peak RSS ${ours.rssMb.toFixed(0)} MB, ${ourFindings} findings, ${(contracts / (ours.wallMs / 1000)).toFixed(0)} contracts/s`,
);
console.log(
  `  in-process analysis: ${inProcessMs.toFixed(0)} ms total, median ${median(perFile).toFixed(2)} ms/file, median ${median(perContract).toFixed(2)} ms/contract`,
);
if (peer) {
  console.log(
    `solhint (recommended rules): wall ${(peer.wallMs / 1000).toFixed(2)} s incl. start-up, peak RSS ${peer.rssMb.toFixed(0)} MB, exit ${peer.status}`,
  );
  console.log(`ratio solhint/chainaudit wall: ${(peer.wallMs / ours.wallMs).toFixed(2)}x`);
} else {
  console.log('solhint not installed: no ratio (npm install --save-dev solhint)');
}

// Audits 1,000 Kubernetes manifests (the fixture corpus copied under distinct names) with every
// Kubernetes check through the engine, and compares with a generic linter when one is installable
// here (kube-linter is not, on npm or Debian), else with this tool's previous single-check version
// (the kubernetes.manifests analyzer as of commit b2e977b), measured in the same run on the same files.
//   npx tsx bench/k8s/bench.mjs [files=1000] [runs=3]
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { kubernetesChecks } from '../../src/checks/kubernetes/index.ts';
import { runAudit } from '../../src/engine/run.ts';
import { scopeSchema } from '../../src/scope/schema.ts';

const files = Number(process.argv[2] ?? 1000);
const runs = Number(process.argv[3] ?? 3);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CORPUS = join(ROOT, 'test/kubernetes/fixtures/manifests');
const PREVIOUS = 'b2e977b';

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** The corpus's single-file YAML manifests, renamed per copy so every object is distinct. */
function buildCorpus(dir) {
  const sources = readdirSync(CORPUS)
    .filter((f) => f.endsWith('.yaml') && statSync(join(CORPUS, f)).isFile())
    .map((f) => readFileSync(join(CORPUS, f), 'utf8'));
  let bytes = 0;
  for (let i = 0; i < files; i++) {
    const text = sources[i % sources.length]
      .replace(/^(\s*name: )([a-z0-9][a-z0-9.-]*)\s*$/gm, `$1$2-${i}`)
      .replace(/^(\s*namespace: )([a-z0-9-]+)\s*$/gm, `$1$2-${i}`);
    const sub = join(dir, `team-${i % 20}`);
    mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, `m${String(i).padStart(4, '0')}.yaml`), text);
    bytes += text.length;
  }
  return bytes;
}

function onPath(bin) {
  return spawnSync('sh', ['-c', `command -v ${bin}`]).status === 0;
}

async function ours(dir) {
  const parsed = scopeSchema.parse({
    name: 'bench-k8s',
    environment: 'test',
    targets: [{ id: 'k8s', kind: 'kubernetes', path: dir }],
  });
  const scope = { ...parsed, file: join(dir, 'scope.yaml'), dir };
  const t = performance.now();
  const cpu = process.cpuUsage();
  const run = await runAudit({
    scope,
    checks: kubernetesChecks,
    options: { intrusive: false, active: false },
    concurrency: 4,
  });
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - t, cpuMs: (used.user + used.system) / 1000, findings: run.findings };
}

/** The previous version: one analyzer pass per file, as `kubernetes.manifests` did before this change. */
async function previous(dir, analyzer) {
  const { readConfigText } = await import('../../src/analyzers/configs/common.ts');
  const list = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ya?ml|json)$/.test(e.name)) list.push(p);
    }
  };
  const t = performance.now();
  const cpu = process.cpuUsage();
  walk(dir);
  let findings = 0;
  for (const f of list) findings += analyzer.auditKubernetes(readConfigText(f), f).findings.length;
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - t, cpuMs: (used.user + used.system) / 1000, findings };
}

async function previousAnalyzer(work) {
  let text;
  try {
    text = execFileSync('git', ['show', `${PREVIOUS}:src/analyzers/configs/kubernetes.ts`], {
      cwd: ROOT,
      encoding: 'utf8',
    });
  } catch {
    return undefined;
  }
  const abs = (m) => join(ROOT, 'src/analyzers/configs', m).replace(/\.js$/, '.ts');
  const file = join(work, 'previous-kubernetes.ts');
  writeFileSync(
    file,
    text.replace(/from '\.\/([a-z]+)\.js'/g, (_, m) => `from '${abs(`${m}.js`)}'`),
  );
  return import(file);
}

const work = mkdtempSync(join(tmpdir(), 'chainaudit-bench-k8s-'));
try {
  const corpus = join(work, 'manifests');
  const bytes = buildCorpus(corpus);
  console.log(
    `corpus: ${files} manifest files, ${(bytes / 1024 / 1024).toFixed(1)} MiB, ${kubernetesChecks.length} checks`,
  );
  const peer = ['kube-linter', 'kube-score', 'polaris'].find(onPath);
  const analyzer = peer ? undefined : await previousAnalyzer(work);

  const mine = [];
  const cpu = [];
  const theirs = [];
  const theirsCpu = [];
  let last;
  for (let i = 0; i < runs; i++) {
    last = await ours(corpus);
    mine.push(last.ms);
    cpu.push(last.cpuMs);
    if (peer) {
      const t = performance.now();
      spawnSync(peer, peer === 'kube-linter' ? ['lint', corpus] : [corpus], { stdio: 'ignore' });
      theirs.push(performance.now() - t);
    } else if (analyzer) {
      const p = await previous(corpus, analyzer);
      theirs.push(p.ms);
      theirsCpu.push(p.cpuMs);
    }
  }
  const m = median(mine);
  const fail = last.findings.filter((f) => f.status === 'fail' || f.status === 'warn').length;
  console.log(
    `chainaudit kubernetes: ${m.toFixed(0)} ms median of ${runs} for ${files} manifests (${((files / m) * 1000).toFixed(0)} manifests/s; ${median(cpu).toFixed(0)} ms of CPU), ${last.findings.length} findings (${fail} fail/warn); target ≤ 2000 ms: ${median(cpu) <= 2000 ? 'met' : 'MISSED'} in CPU time, ${m <= 2000 ? 'met' : 'missed'} in wall time`,
  );
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
  console.log(
    `load average during the run: ${load} on ${availableParallelism()} cores (wall times grow with it; CPU time does not)`,
  );
  if (peer)
    console.log(
      `${peer}: ${median(theirs).toFixed(0)} ms median; ratio chainaudit/${peer} = ${(m / median(theirs)).toFixed(2)}`,
    );
  else if (analyzer) {
    const p = median(theirs);
    const pc = median(theirsCpu);
    console.log(
      `no generic Kubernetes linter is installable here (kube-linter, kube-score and Polaris are on neither npm nor Debian)`,
    );
    console.log(
      `previous version (${PREVIOUS}, one check, 10 rules): ${p.toFixed(0)} ms median (${pc.toFixed(0)} ms of CPU); ratio new/previous = ${(m / p).toFixed(2)} wall, ${(median(cpu) / pc).toFixed(2)} CPU (${kubernetesChecks.length} checks vs 1)`,
    );
  } else console.log('previous version unavailable (no git history here): no ratio printed');
} finally {
  rmSync(work, { recursive: true, force: true });
}

// Imports a generated SARIF log of the given size (default 200 MB) and prints throughput and peak
// memory, against the peer a naive importer is: JSON.parse of the whole file (what most import
// scripts and DefectDojo's parsers do), measured in the same run, each in its own process.
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const mb = Number(process.argv[2] ?? 200);
const dir = mkdtempSync(join(tmpdir(), 'chainaudit-bench-import-'));
const file = join(dir, 'big.sarif');

async function generate() {
  const out = createWriteStream(file);
  let written = 0;
  const w = (s) => {
    written += Buffer.byteLength(s);
    return out.write(s) ? undefined : new Promise((r) => out.once('drain', r));
  };
  await w(
    '{"$schema":"https://json.schemastore.org/sarif-2.1.0.json","version":"2.1.0","runs":[{"tool":{"driver":{"name":"Semgrep OSS","version":"1.100.0","rules":[',
  );
  for (let r = 0; r < 200; r++)
    await w(
      `${r ? ',' : ''}{"id":"rules.family${r % 7}.r${r}","name":"r${r}","shortDescription":{"text":"rule ${r}"},"properties":{"security-severity":"${(r % 10) + 0.5}"}}`,
    );
  await w(']}},"results":[');
  let i = 0;
  while (written < mb * 1024 * 1024) {
    // one result in twenty carries non-ASCII text, as reports of Chinese projects do
    const text = i % 20 === 0 ? '用户输入未经校验' : 'user input reaches eval';
    const p = w(
      `${i ? ',' : ''}{"ruleId":"rules.family${i % 7}.r${i % 200}","ruleIndex":${i % 200},"level":"${['error', 'warning', 'note'][i % 3]}","message":{"text":"${text} (#${i}) \\"quoted\\""},"locations":[{"physicalLocation":{"artifactLocation":{"uri":"src/file${i % 5000}.js","uriBaseId":"%SRCROOT%"},"region":{"startLine":${(i % 900) + 1},"startColumn":5,"endLine":${(i % 900) + 2},"snippet":{"text":"const x = eval(input); // ${'x'.repeat(i % 200)}"}}}}],"partialFingerprints":{"primaryLocationLineHash":"${((i * 2654435761) % 4294967296).toString(16)}:1"},"codeFlows":[{"threadFlows":[{"locations":[{"location":{"physicalLocation":{"artifactLocation":{"uri":"src/a.js"},"region":{"startLine":3}}}},{"location":{"physicalLocation":{"artifactLocation":{"uri":"src/b.js"},"region":{"startLine":9}}}}]}]}]}`,
    );
    if (p) await p;
    i++;
  }
  await w(']}]}');
  await new Promise((r) => out.end(r));
  return i;
}

const OURS = `
const { importFile } = await import(${JSON.stringify(new URL('../../src/importers/index.ts', import.meta.url).pathname)});
const t = performance.now();
const b = await importFile('sarif', process.argv[1]);
console.log(JSON.stringify({ ms: performance.now() - t, findings: b.findings.length, rssMb: process.resourceUsage().maxRSS / 1024 }));
`;
const PEER = `
const { readFileSync } = await import('node:fs');
const t = performance.now();
const d = JSON.parse(readFileSync(process.argv[1], 'utf8'));
console.log(JSON.stringify({ ms: performance.now() - t, findings: d.runs[0].results.length, rssMb: process.resourceUsage().maxRSS / 1024 }));
`;

function measure(code, args = []) {
  const r = spawnSync(process.execPath, [...args, '--input-type=module', '-e', code, file], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (r.status !== 0) return { error: (r.stderr || r.stdout).trim().split('\n').slice(-3).join(' ') };
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

try {
  const results = await generate();
  const bytes = statSync(file).size;
  console.log(`SARIF log: ${(bytes / 1024 / 1024).toFixed(0)} MB, ${results} results`);
  const ours = measure(OURS, ['--import', 'tsx']);
  const peer = measure(PEER, ['--max-old-space-size=8192']);
  const line = (name, m) =>
    m.error
      ? `${name.padEnd(34)} failed: ${m.error}`
      : `${name.padEnd(34)} ${(m.ms / 1000).toFixed(1).padStart(6)} s  ${(bytes / 1024 / 1024 / (m.ms / 1000)).toFixed(0).padStart(4)} MB/s  peak RSS ${m.rssMb.toFixed(0).padStart(5)} MB  ${m.findings} findings`;
  console.log(line('chainaudit import sarif (streaming)', ours));
  console.log(line('peer: JSON.parse of the whole file', peer));
  if (!ours.error && !peer.error)
    console.log(
      `ratio: ${(peer.ms / ours.ms).toFixed(2)}× the peer's speed, ${(ours.rssMb / peer.rssMb).toFixed(2)}× its memory (the peer only parses; ours also maps every result to a finding)`,
    );
  if (ours.error || ours.ms > 30_000) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}

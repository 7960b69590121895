#!/usr/bin/env node
// Runs every benchmark in turn (or those named: `npm run bench -- ledger secrets`). Each prints its
// own throughput and the ratio against the peer tool it measures in the same run.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BENCHES = {
  ledger: ['bench/ledger/bench.mjs'],
  contracts: ['bench/contracts/bench.mjs'],
  secrets: ['bench/secrets/run.mjs'],
  nodes: ['bench/nodes/audit-100.mjs', '100', '32'],
  web: ['bench/web/run.mjs'],
  k8s: ['bench/k8s/bench.mjs', '1000', '3'],
  server: ['bench/server/bench.mjs'],
  monitoring: ['bench/monitoring/bench.mjs'],
  logs: ['bench/logs/run.mjs', '1000', '3'],
  import: ['bench/import/bench.mjs', '200'],
};

const root = fileURLToPath(new URL('..', import.meta.url));
const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !(w in BENCHES));
if (unknown.length) {
  console.error(`unknown benchmark ${unknown.join(', ')} (known: ${Object.keys(BENCHES).join(', ')})`);
  process.exit(2);
}
let failed = 0;
for (const [name, [script, ...args]] of Object.entries(BENCHES)) {
  if (wanted.length && !wanted.includes(name)) continue;
  console.log(`\n=== bench ${name}: ${script} ${args.join(' ')}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    failed++;
    console.error(`bench ${name} exited with ${r.status ?? r.signal}`);
  }
}
process.exit(failed ? 1 : 0);

// Compiles the AssemblyScript sources under assembly/ to WebAssembly next to the TypeScript
// modules that load them, and into dist/ for the built package.
//   node scripts/build-wasm.mjs            always compile; write src/ and dist/
//   node scripts/build-wasm.mjs --if-stale compile only when src/'s copy is missing or older than its sources
import { mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

const MODULES = [
  { source: 'assembly/sha256d-batch.ts', output: 'analyzers/ledger/sha256d-batch.wasm' },
  { source: 'assembly/secrets-prefilter.ts', output: 'analyzers/secrets/prefilter.wasm' },
  { source: 'assembly/logs-prefilter.ts', output: 'analyzers/logs/prefilter.wasm' },
];

const ASC_FLAGS = [
  '--optimizeLevel',
  '3',
  '--shrinkLevel',
  '0',
  '--converge',
  '--noAssert',
  '--runtime',
  'stub',
  '--enable',
  'simd',
];

function mtime(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return -1;
  }
}

function writeAtomically(path, bytes) {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, bytes);
  renameSync(temporary, path);
}

async function compile(source) {
  const { default: asc } = await import('assemblyscript/asc');
  let binary = null;
  const stderr = [];
  const { error } = await asc.main([join(ROOT, source), '--outFile', 'module.wasm', ...ASC_FLAGS], {
    writeFile: (name, contents) => {
      if (name.endsWith('.wasm')) binary = contents;
    },
    stdout: { write: () => true },
    stderr: { write: (chunk) => (stderr.push(String(chunk)), true) },
  });
  if (error || !binary)
    throw new Error(`assemblyscript failed on ${source}: ${error?.message ?? 'no output'}\n${stderr.join('')}`);
  return binary;
}

export async function buildWasm({ ifStale = false, intoDist = true } = {}) {
  const scriptChanged = mtime(fileURLToPath(import.meta.url));
  for (const m of MODULES) {
    const inSrc = join(ROOT, 'src', m.output);
    if (ifStale && mtime(inSrc) >= Math.max(scriptChanged, mtime(join(ROOT, m.source)))) continue;
    const binary = await compile(m.source);
    writeAtomically(inSrc, binary);
    if (intoDist) writeAtomically(join(ROOT, 'dist', m.output), binary);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const ifStale = process.argv.includes('--if-stale');
  await buildWasm({ ifStale, intoDist: !ifStale });
}

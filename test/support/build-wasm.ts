import { buildWasm } from '../../scripts/build-wasm.mjs';

/** The tests load the WebAssembly kernels from src/: compile them when missing or older than their sources. */
export default async function setup(): Promise<void> {
  await buildWasm({ ifStale: true, intoDist: false });
}

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { errorMessage } from './errors.js';

/**
 * Instantiates one of the WebAssembly kernels compiled from assembly/ by `npm run build`
 * (scripts/build-wasm.mjs writes each next to the module that loads it). Kernels import nothing
 * but AssemblyScript's abort hook, which only fires on a kernel bug.
 */
export function instantiateKernel<T>(file: URL, what: string): T {
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = new Uint8Array(readFileSync(file));
  } catch (err) {
    throw new Error(
      `${what} kernel ${fileURLToPath(file)} cannot be read (${errorMessage(err)}); run \`npm run build\``,
    );
  }
  const abort = () => {
    throw new Error(`${what} kernel aborted`);
  };
  return new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { abort } }).exports as T;
}

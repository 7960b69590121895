import { wordlist as english } from '@scure/bip39/wordlists/english.js';
import { wordlist as simplified } from '@scure/bip39/wordlists/simplified-chinese.js';
import { wordlist as traditional } from '@scure/bip39/wordlists/traditional-chinese.js';
import { instantiateKernel } from '../../wasm.js';

/**
 * Finds every place a detector could match, in one pass over the raw bytes (the kernel in
 * assembly/secrets-prefilter.ts). Nothing is decoded and no regex runs until a candidate is found.
 */

/** Index = the type number the kernel writes. */
export const CANDIDATE_TYPES = [
  'alnum',
  'words',
  'pem',
  'kdf',
  'comet',
  'azure',
  'aws',
  'token',
  'provider',
  'bytearray',
  'cjk',
] as const;
export type CandidateType = (typeof CANDIDATE_TYPES)[number];

export interface Candidate {
  type: CandidateType;
  start: number;
  end: number;
}

interface PrefilterKernel {
  memory: WebAssembly.Memory;
  reserve(bytes: number): number;
  scan(length: number, flags: number): number;
  records(): number;
  addWordPrefix(code: number): void;
  addIdeograph(index: number): void;
}

/** The kernel screens mnemonic words by their first four letters, which tell BIP39 English words apart. */
function wordPrefixCode(word: string): number {
  let code = 0;
  for (let j = 0; j < 4; j++) code = (code << 5) | (j < word.length ? word.charCodeAt(j) - 0x60 : 0);
  return code;
}

function loadKernel(): PrefilterKernel {
  const k = instantiateKernel<PrefilterKernel>(new URL('./prefilter.wasm', import.meta.url), 'secrets prefilter');
  for (const word of english) k.addWordPrefix(wordPrefixCode(word));
  for (const word of [...simplified, ...traditional]) {
    const index = word.codePointAt(0)! - 0x4e00;
    if (word.length === 1 && index >= 0 && index < 0x5200) k.addIdeograph(index);
  }
  return k;
}

const FLAG_NODEKEY_FILE = 1;

let kernel: PrefilterKernel | undefined;

function reserve(bytes: number): { k: PrefilterKernel; base: number } {
  kernel ??= loadKernel();
  const base = kernel.reserve(bytes);
  if (!base) throw new RangeError(`secrets prefilter: ${bytes} bytes do not fit in its memory`);
  return { k: kernel, base };
}

/**
 * A view of the kernel's input area, `bytes` long, to read a file into: prefilter() then scans it
 * where it lies. The view is valid until the next call into this module.
 */
export function prefilterInput(bytes: number): Uint8Array {
  const { k, base } = reserve(bytes);
  return new Uint8Array(k.memory.buffer, base, bytes);
}

export function prefilter(bytes: Uint8Array, options: { nodeKeyFile?: boolean } = {}): Candidate[] {
  const { k, base } = reserve(bytes.length);
  if (bytes.buffer !== k.memory.buffer || bytes.byteOffset !== base)
    new Uint8Array(k.memory.buffer, base, bytes.length).set(bytes);
  const count = k.scan(bytes.length, options.nodeKeyFile ? FLAG_NODEKEY_FILE : 0);
  const records = new Uint32Array(k.memory.buffer, k.records(), count * 3);
  const candidates: Candidate[] = new Array(count);
  for (let i = 0; i < count; i++)
    candidates[i] = { type: CANDIDATE_TYPES[records[3 * i]], start: records[3 * i + 1], end: records[3 * i + 2] };
  return candidates;
}

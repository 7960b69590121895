import { hmac } from '@noble/hashes/hmac.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { mnemonicToSeedSync } from '@scure/bip39';
import { SECP256K1_N, bytesToBigint } from './codec.js';

/**
 * Public values that are not leaks but development defaults or documentation examples. They are
 * still reported (a development key in a production config is a real problem: anyone can sweep
 * it) with confidence `low` and the reason in `wellKnown`.
 */
const DEV_MNEMONIC = 'test test test test test test test test test test test junk';

export const WELL_KNOWN_MNEMONICS = new Map<string, string>([
  [DEV_MNEMONIC, 'Hardhat/Anvil/Foundry default development mnemonic'],
  ['abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about', 'BIP39 test vector'],
  [`${'abandon '.repeat(23)}art`, 'BIP39 test vector'],
  ['legal winner thank year wave sausage worth useful legal winner thank yellow', 'BIP39 test vector'],
  [`${'zoo '.repeat(11)}wrong`, 'BIP39 test vector'],
]);

export const WELL_KNOWN_CLOUD = new Map<string, string>([
  ['AKIAIOSFODNN7EXAMPLE', 'AWS documentation example'],
  ['wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'AWS documentation example'],
]);

function ser32(i: number): Uint8Array {
  return Uint8Array.of(i >>> 24, (i >>> 16) & 0xff, (i >>> 8) & 0xff, i & 0xff);
}

function pad32(n: bigint): Uint8Array {
  return Uint8Array.from(Buffer.from(n.toString(16).padStart(64, '0'), 'hex'));
}

/** BIP32 private child derivation along a path of indices (hardened ones already offset by 2^31). */
export function deriveBip32(seed: Uint8Array, path: number[]): Uint8Array {
  let I = hmac(sha512, new TextEncoder().encode('Bitcoin seed'), seed);
  let key = I.subarray(0, 32);
  let chain = I.subarray(32);
  for (const index of path) {
    const data =
      index >= 0x80000000
        ? Uint8Array.from([0, ...key, ...ser32(index)])
        : Uint8Array.from([...secp256k1.getPublicKey(key, true), ...ser32(index)]);
    I = hmac(sha512, chain, data);
    key = pad32((bytesToBigint(I.subarray(0, 32)) + bytesToBigint(key)) % SECP256K1_N);
    chain = I.subarray(32);
  }
  return key;
}

const H = 0x80000000;
let devKeys: Map<string, string> | undefined;

/** Hex private keys of the first 20 accounts (m/44'/60'/0'/0/i) of the development mnemonic. */
export function wellKnownHexKeys(): Map<string, string> {
  if (!devKeys) {
    devKeys = new Map();
    const seed = mnemonicToSeedSync(DEV_MNEMONIC);
    for (let i = 0; i < 20; i++) {
      const key = deriveBip32(seed, [44 + H, 60 + H, H, 0, i]);
      devKeys.set(Buffer.from(key).toString('hex'), `Hardhat/Anvil default account #${i}`);
    }
    devKeys.set('0'.repeat(63) + '1', 'private key 1 (generator point), widely used in examples');
  }
  return devKeys;
}

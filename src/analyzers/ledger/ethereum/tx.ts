import { RlpError, decode, encode, encodeListRaw, intBytes, toBig, type Rlp } from './rlp.js';
import { keccak } from './trie.js';
import { atLeast, type Fork } from './forks.js';
import { ecdsaRecover, isHighS, SECP256K1_N } from '../secp.js';

export type TxType = 0 | 1 | 2 | 3 | 4;
export const TX_TYPE_NAMES: Record<TxType, string> = {
  0: 'legacy',
  1: 'EIP-2930',
  2: 'EIP-1559',
  3: 'EIP-4844',
  4: 'EIP-7702',
};
const TYPE_FORK: Record<TxType, Fork> = { 0: 'Frontier', 1: 'Berlin', 2: 'London', 3: 'Cancun', 4: 'Prague' };
const U64_MAX = (1n << 64n) - 1n;
const U256_MAX = (1n << 256n) - 1n;
const MAX_INITCODE = 49_152;
const BLOB_HASH_VERSION = 0x01;

export class TxInvalid extends Error {
  constructor(
    readonly rule: string,
    message: string,
  ) {
    super(message);
    this.name = 'TxInvalid';
  }
}

export interface DecodedTx {
  type: TxType;
  /** keccak of the encoding as stored in the block (type byte + payload for typed transactions). */
  hash: Buffer;
  chainId: bigint | null;
  nonce: bigint;
  gasLimit: bigint;
  gasPrice: bigint;
  maxFeePerGas: bigint;
  maxPriorityFeePerGas: bigint;
  to: Buffer | null;
  value: bigint;
  data: Buffer;
  accessListAddresses: number;
  accessListKeys: number;
  blobHashes: number;
  maxFeePerBlobGas: bigint;
  authorizations: number;
  v: bigint;
  r: bigint;
  s: bigint;
  /** Hash the sender signed. */
  signingHash: Buffer;
  recovery: number;
}

function fail(rule: string, message: string): never {
  throw new TxInvalid(rule, message);
}

function bytesField(x: Rlp | undefined, name: string): Buffer {
  if (!Buffer.isBuffer(x)) fail('rlp-structure', `${name} is a list, expected bytes`);
  return x;
}

function intField(x: Rlp | undefined, name: string, maxBytes = 32): bigint {
  const b = bytesField(x, name);
  if (b.length > 0 && b[0] === 0) fail('rlp-leading-zeros', `${name} has leading zero bytes`);
  if (b.length > maxBytes) fail('int-overflow', `${name} longer than ${maxBytes} bytes`);
  return toBig(b);
}

function addressField(x: Rlp | undefined, name: string, allowEmpty: boolean): Buffer | null {
  const b = bytesField(x, name);
  if (b.length === 0 && allowEmpty) return null;
  if (b.length !== 20) fail('address-length', `${name} is ${b.length} bytes, expected 20`);
  return b;
}

function accessList(x: Rlp | undefined): { addresses: number; keys: number } {
  if (!Array.isArray(x)) fail('rlp-structure', 'access list is not a list');
  let keys = 0;
  for (const entry of x) {
    if (!Array.isArray(entry) || entry.length !== 2) fail('rlp-structure', 'access list entry is not [address, keys]');
    addressField(entry[0], 'access list address', false);
    if (!Array.isArray(entry[1])) fail('rlp-structure', 'access list storage keys are not a list');
    for (const k of entry[1]) {
      const kb = bytesField(k, 'storage key');
      if (kb.length !== 32) fail('access-list-key', `storage key is ${kb.length} bytes, expected 32`);
      keys++;
    }
  }
  return { addresses: x.length, keys };
}

/** Decodes a transaction as it appears in a block's transaction list (legacy list or typed envelope). */
export function decodeTx(raw: Buffer): DecodedTx {
  if (raw.length === 0) fail('rlp-structure', 'empty transaction');
  if (raw[0] >= 0xc0) return decodeLegacy(raw);
  if (raw[0] > 0x7f) fail('rlp-structure', 'transaction is an RLP string, expected a list or a typed envelope');
  const type = raw[0];
  if (type < 1 || type > 4) fail('type-unknown', `transaction type ${type} unknown`);
  let body: Rlp;
  try {
    body = decode(raw.subarray(1));
  } catch (e) {
    fail('rlp', `typed transaction payload: ${(e as Error).message}`);
  }
  if (!Array.isArray(body)) fail('rlp-structure', 'typed transaction payload is not a list');
  return decodeTyped(type as TxType, body, raw);
}

function decodeLegacy(raw: Buffer): DecodedTx {
  let list: Rlp;
  try {
    list = decode(raw);
  } catch (e) {
    fail('rlp', (e as Error).message);
  }
  if (!Array.isArray(list)) fail('rlp-structure', 'not a list');
  if (list.length !== 9) fail('rlp-field-count', `legacy transaction has ${list.length} fields, expected 9`);
  const nonce = intField(list[0], 'nonce');
  const gasPrice = intField(list[1], 'gasPrice');
  const gasLimit = intField(list[2], 'gasLimit');
  const to = addressField(list[3], 'to', true);
  const value = intField(list[4], 'value');
  const data = bytesField(list[5], 'data');
  const v = intField(list[6], 'v');
  const r = intField(list[7], 'r');
  const s = intField(list[8], 's');
  let chainId: bigint | null = null;
  let recovery: number;
  let signingHash: Buffer;
  const unsigned = list.slice(0, 6).map((x) => encode(x));
  if (v === 27n || v === 28n) {
    recovery = Number(v - 27n);
    signingHash = keccak(encodeListRaw(unsigned));
  } else if (v >= 35n) {
    chainId = (v - 35n) / 2n;
    recovery = Number((v - 35n) % 2n);
    signingHash = keccak(
      encodeListRaw([...unsigned, encode(intBytes(chainId)), encode(Buffer.alloc(0)), encode(Buffer.alloc(0))]),
    );
  } else fail('signature-v', `v = ${v} is neither 27/28 nor an EIP-155 value`);
  return {
    type: 0,
    hash: keccak(raw),
    chainId,
    nonce,
    gasLimit,
    gasPrice,
    maxFeePerGas: gasPrice,
    maxPriorityFeePerGas: gasPrice,
    to,
    value,
    data,
    accessListAddresses: 0,
    accessListKeys: 0,
    blobHashes: 0,
    maxFeePerBlobGas: 0n,
    authorizations: 0,
    v,
    r,
    s,
    signingHash,
    recovery,
  };
}

const FIELD_COUNT: Record<number, number> = { 1: 11, 2: 12, 3: 14, 4: 13 };

function decodeTyped(type: TxType, f: Rlp[], raw: Buffer): DecodedTx {
  if (f.length !== FIELD_COUNT[type])
    fail('rlp-field-count', `type ${type} transaction has ${f.length} fields, expected ${FIELD_COUNT[type]}`);
  let i = 0;
  const chainId = intField(f[i++], 'chainId');
  const nonce = intField(f[i++], 'nonce');
  let gasPrice: bigint, maxPriorityFeePerGas: bigint, maxFeePerGas: bigint;
  if (type === 1) {
    gasPrice = intField(f[i++], 'gasPrice');
    maxPriorityFeePerGas = maxFeePerGas = gasPrice;
  } else {
    maxPriorityFeePerGas = intField(f[i++], 'maxPriorityFeePerGas');
    maxFeePerGas = intField(f[i++], 'maxFeePerGas');
    gasPrice = maxFeePerGas;
  }
  const gasLimit = intField(f[i++], 'gasLimit');
  const to = addressField(f[i++], 'to', type === 1 || type === 2);
  const value = intField(f[i++], 'value');
  const data = bytesField(f[i++], 'data');
  const al = accessList(f[i++]);
  let maxFeePerBlobGas = 0n;
  let blobHashes = 0;
  let authorizations = 0;
  if (type === 3) {
    maxFeePerBlobGas = intField(f[i++], 'maxFeePerBlobGas');
    const hashes = f[i++];
    if (!Array.isArray(hashes)) fail('rlp-structure', 'blob versioned hashes are not a list');
    for (const h of hashes) {
      const hb = bytesField(h, 'blob versioned hash');
      if (hb.length !== 32 || hb[0] !== BLOB_HASH_VERSION)
        fail('blob-hash', 'blob versioned hash is not 32 bytes of version 0x01');
    }
    if (hashes.length === 0) fail('blob-count', 'blob transaction without blobs');
    blobHashes = hashes.length;
  }
  if (type === 4) {
    const auths = f[i++];
    if (!Array.isArray(auths)) fail('rlp-structure', 'authorization list is not a list');
    if (auths.length === 0) fail('authorization-list-empty', 'set-code transaction with an empty authorization list');
    for (const a of auths)
      if (!Array.isArray(a) || a.length !== 6)
        fail('rlp-structure', 'authorization is not [chainId, address, nonce, yParity, r, s]');
    authorizations = auths.length;
  }
  const v = intField(f[i++], 'yParity');
  const r = intField(f[i++], 'r');
  const s = intField(f[i++], 's');
  if (v > 1n) fail('signature-v', `yParity ${v} is not 0 or 1`);
  const unsignedFields = f.slice(0, f.length - 3).map((x) => encode(x));
  const signingHash = keccak(Buffer.concat([Buffer.from([type]), encodeListRaw(unsignedFields)]));
  return {
    type,
    hash: keccak(raw),
    chainId,
    nonce,
    gasLimit,
    gasPrice,
    maxFeePerGas,
    maxPriorityFeePerGas,
    to,
    value,
    data,
    accessListAddresses: al.addresses,
    accessListKeys: al.keys,
    blobHashes,
    maxFeePerBlobGas,
    authorizations,
    v,
    r,
    s,
    signingHash,
    recovery: Number(v),
  };
}

/** Gas charged before execution; a transaction whose gas limit is below it is invalid. */
export function intrinsicGas(tx: DecodedTx, fork: Fork): bigint {
  let zeros = 0;
  for (const b of tx.data) if (b === 0) zeros++;
  const nonZeros = tx.data.length - zeros;
  const create = tx.to === null;
  let gas = 21_000n;
  if (create && atLeast(fork, 'Homestead')) gas += 32_000n;
  gas += BigInt(zeros) * 4n + BigInt(nonZeros) * (atLeast(fork, 'Istanbul') ? 16n : 68n);
  gas += BigInt(tx.accessListAddresses) * 2400n + BigInt(tx.accessListKeys) * 1900n;
  if (create && atLeast(fork, 'Shanghai')) gas += 2n * BigInt(Math.ceil(tx.data.length / 32));
  gas += BigInt(tx.authorizations) * 25_000n;
  return gas;
}

/** EIP-7623 (Prague) minimum: gas limit must also cover the calldata floor. */
function floorDataGas(tx: DecodedTx): bigint {
  let zeros = 0;
  for (const b of tx.data) if (b === 0) zeros++;
  const tokens = BigInt(zeros) + BigInt(tx.data.length - zeros) * 4n;
  return 21_000n + tokens * 10n;
}

export interface TxCheck {
  sender: Buffer;
  intrinsicGas: bigint;
}

/**
 * Everything a transaction must satisfy without executing it, under `fork` and `chainId`:
 * type allowed, field ranges, signature values, chain id, sender recovery, intrinsic gas.
 */
export function checkTx(tx: DecodedTx, fork: Fork, chainId: bigint): TxCheck {
  if (!atLeast(fork, TYPE_FORK[tx.type]))
    fail('type-not-supported', `${TX_TYPE_NAMES[tx.type]} transaction before ${TYPE_FORK[tx.type]}`);
  if (tx.nonce >= U64_MAX) fail('nonce-overflow', `nonce ${tx.nonce} ≥ 2^64-1 (EIP-2681)`);
  if (tx.gasLimit > U64_MAX) fail('gas-limit-overflow', 'gas limit above 2^64-1');
  if (tx.gasLimit * tx.maxFeePerGas > U256_MAX)
    fail('gas-price-product-overflow', 'gas limit × gas price overflows 256 bits');
  if (tx.maxPriorityFeePerGas > tx.maxFeePerGas)
    fail('priority-above-max-fee', 'maxPriorityFeePerGas above maxFeePerGas');
  if (tx.type === 0 && tx.chainId !== null && !atLeast(fork, 'EIP158'))
    fail('chain-id-before-eip155', 'EIP-155 signature before Spurious Dragon');
  if (tx.chainId !== null && tx.chainId !== chainId) fail('chain-id', `chain id ${tx.chainId}, expected ${chainId}`);
  if (tx.r === 0n || tx.r >= SECP256K1_N || tx.s === 0n || tx.s >= SECP256K1_N)
    fail('signature-range', 'signature r or s outside [1, n-1]');
  if (atLeast(fork, 'Homestead') && isHighS(tx.s)) fail('signature-high-s', 's above n/2 (EIP-2)');
  const pub = ecdsaRecover(tx.r, tx.s, tx.recovery, tx.signingHash);
  if (!pub) fail('sender-recovery', 'no public key recovers from the signature');
  const sender = keccak(pub.subarray(1)).subarray(12);
  const gas = intrinsicGas(tx, fork);
  if (tx.gasLimit < gas) fail('intrinsic-gas', `gas limit ${tx.gasLimit} below intrinsic gas ${gas}`);
  if (atLeast(fork, 'Prague') && tx.gasLimit < floorDataGas(tx))
    fail('intrinsic-gas', `gas limit ${tx.gasLimit} below the calldata floor ${floorDataGas(tx)}`);
  if (tx.to === null && atLeast(fork, 'Shanghai') && tx.data.length > MAX_INITCODE)
    fail('initcode-size', `init code of ${tx.data.length} bytes above ${MAX_INITCODE}`);
  return { sender, intrinsicGas: gas };
}

export { RlpError };

import { hex0x } from '../bytes.js';
import { RlpError, decode, encodeBytes, encodeListRaw, intBytes, listElements, toBig, type Rlp } from './rlp.js';
import { keccak } from './trie.js';

export const HEADER_FIELDS = [
  'parentHash',
  'ommersHash',
  'coinbase',
  'stateRoot',
  'transactionsRoot',
  'receiptsRoot',
  'logsBloom',
  'difficulty',
  'number',
  'gasLimit',
  'gasUsed',
  'timestamp',
  'extraData',
  'mixHash',
  'nonce',
  'baseFeePerGas',
  'withdrawalsRoot',
  'blobGasUsed',
  'excessBlobGas',
  'parentBeaconBlockRoot',
  'requestsHash',
] as const;
export type HeaderField = (typeof HEADER_FIELDS)[number];

/** Fixed byte lengths of the hash-like header fields; integer fields are canonical big-endian instead. */
const FIXED: Partial<Record<HeaderField, number>> = {
  parentHash: 32,
  ommersHash: 32,
  coinbase: 20,
  stateRoot: 32,
  transactionsRoot: 32,
  receiptsRoot: 32,
  logsBloom: 256,
  mixHash: 32,
  nonce: 8,
  withdrawalsRoot: 32,
  parentBeaconBlockRoot: 32,
  requestsHash: 32,
};
const INTEGER = new Set<HeaderField>([
  'difficulty',
  'number',
  'gasLimit',
  'gasUsed',
  'timestamp',
  'baseFeePerGas',
  'blobGasUsed',
  'excessBlobGas',
]);

export interface Header {
  raw: Buffer;
  hash: Buffer;
  fields: Buffer[];
  get(name: HeaderField): Buffer | undefined;
  int(name: HeaderField): bigint | undefined;
}

export interface EthBlock {
  header: Header;
  /** Transactions as the trie stores them: legacy RLP lists, typed envelopes. */
  txs: Buffer[];
  /** Uncle headers, or null when the source gave only their hashes. */
  uncles: Buffer[] | null;
  unclesRaw: Buffer | null;
  withdrawals: Buffer[] | null;
  /** Values the source claims (RPC JSON): hash, tx hashes and senders, to compare with what is computed. */
  claimed?: { hash?: string; txHashes?: string[]; senders?: string[] };
  /** Receipts as the trie stores them, when the source serves them. */
  receipts?: Buffer[];
  size: number;
}

export class EthFormatError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'EthFormatError';
  }
}

export function makeHeader(raw: Buffer): Header {
  let decoded: Rlp;
  try {
    decoded = decode(raw);
  } catch (e) {
    throw new EthFormatError('header', `header RLP: ${(e as Error).message}`);
  }
  if (!Array.isArray(decoded)) throw new EthFormatError('header', 'header is not an RLP list');
  if (decoded.length < 15 || decoded.length > HEADER_FIELDS.length)
    throw new EthFormatError('header', `header has ${decoded.length} fields, expected 15..${HEADER_FIELDS.length}`);
  const fields: Buffer[] = [];
  decoded.forEach((f, i) => {
    const name = HEADER_FIELDS[i];
    if (!Buffer.isBuffer(f)) throw new EthFormatError(name, `${name} is a list`);
    const fixed = FIXED[name];
    if (fixed !== undefined && f.length !== fixed)
      throw new EthFormatError(name, `${name} is ${f.length} bytes, expected ${fixed}`);
    if (INTEGER.has(name) && f.length > 0 && f[0] === 0)
      throw new EthFormatError(name, `${name} has leading zero bytes`);
    if (INTEGER.has(name) && f.length > 32) throw new EthFormatError(name, `${name} longer than 32 bytes`);
    fields.push(f);
  });
  const index = (n: HeaderField) => HEADER_FIELDS.indexOf(n);
  return {
    raw,
    hash: keccak(raw),
    fields,
    get: (n) => fields[index(n)],
    int: (n) => {
      const f = fields[index(n)];
      return f === undefined ? undefined : toBig(f);
    },
  };
}

/** A block as RLP: [header, transactions, ommers(, withdrawals)]. */
export function decodeBlockRlp(raw: Buffer): EthBlock {
  let parts: Buffer[];
  try {
    parts = listElements(raw);
  } catch (e) {
    throw new EthFormatError('block', `block RLP: ${(e as Error).message}`);
  }
  if (parts.length < 3 || parts.length > 5)
    throw new EthFormatError(
      'block',
      `block has ${parts.length} parts, expected header, transactions, ommers and optionally withdrawals`,
    );
  const header = makeHeader(parts[0]);
  const txs = splitList(parts[1], 'transactions').map((t) => {
    if (t[0] >= 0xc0) return t;
    const d = decode(t);
    if (!Buffer.isBuffer(d))
      throw new EthFormatError('transactions', 'transaction entry is neither a list nor a typed envelope');
    return d;
  });
  const uncles = splitList(parts[2], 'ommers');
  const withdrawals = parts.length >= 4 ? splitList(parts[3], 'withdrawals') : null;
  return { header, txs, uncles, unclesRaw: parts[2], withdrawals, size: raw.length };
}

function splitList(raw: Buffer, what: string): Buffer[] {
  try {
    return listElements(raw);
  } catch (e) {
    if (e instanceof RlpError) throw new EthFormatError(what, `${what}: ${e.message}`);
    throw e;
  }
}

/* ---- JSON-RPC shaped blocks (eth_getBlockByNumber with full transactions, ethereum/tests blockHeader) ---- */

type Json = Record<string, unknown>;

const JSON_NAMES: Record<HeaderField, string[]> = {
  parentHash: ['parentHash'],
  ommersHash: ['sha3Uncles', 'uncleHash', 'ommersHash'],
  coinbase: ['miner', 'coinbase', 'author'],
  stateRoot: ['stateRoot'],
  transactionsRoot: ['transactionsRoot', 'transactionsTrie'],
  receiptsRoot: ['receiptsRoot', 'receiptTrie'],
  logsBloom: ['logsBloom', 'bloom'],
  difficulty: ['difficulty'],
  number: ['number'],
  gasLimit: ['gasLimit'],
  gasUsed: ['gasUsed'],
  timestamp: ['timestamp'],
  extraData: ['extraData'],
  mixHash: ['mixHash', 'prevRandao'],
  nonce: ['nonce'],
  baseFeePerGas: ['baseFeePerGas'],
  withdrawalsRoot: ['withdrawalsRoot'],
  blobGasUsed: ['blobGasUsed'],
  excessBlobGas: ['excessBlobGas'],
  parentBeaconBlockRoot: ['parentBeaconBlockRoot'],
  requestsHash: ['requestsHash'],
};

function jsonValue(obj: Json, names: string[]): string | undefined {
  for (const n of names) if (typeof obj[n] === 'string') return obj[n] as string;
  return undefined;
}

function hexBytes(s: unknown, what: string): Buffer {
  if (typeof s !== 'string' || !/^0x[0-9a-fA-F]*$/.test(s))
    throw new EthFormatError(what, `${what} is not a 0x hex string`);
  const body = s.slice(2);
  return Buffer.from(body.length % 2 ? `0${body}` : body, 'hex');
}

function hexInt(s: unknown, what: string): Buffer {
  if (typeof s === 'number' && Number.isSafeInteger(s) && s >= 0) return intBytes(s);
  if (typeof s !== 'string' || !/^0x[0-9a-fA-F]*$/.test(s))
    throw new EthFormatError(what, `${what} is not a hex quantity`);
  return intBytes(s === '0x' ? 0n : BigInt(s));
}

export function headerFromJson(obj: Json): Header {
  const fields: Buffer[] = [];
  let present = true;
  for (const name of HEADER_FIELDS) {
    const v = jsonValue(obj, JSON_NAMES[name]);
    if (v === undefined) {
      present = false;
      continue;
    }
    if (!present) throw new EthFormatError(name, `${name} present although an earlier header field is missing`);
    fields.push(INTEGER.has(name) ? encodeBytes(hexInt(v, name)) : encodeBytes(hexBytes(v, name)));
  }
  return makeHeader(encodeListRaw(fields));
}

function accessListRlp(list: unknown): Buffer {
  if (list === undefined || list === null) return encodeListRaw([]);
  if (!Array.isArray(list)) throw new EthFormatError('accessList', 'access list is not an array');
  return encodeListRaw(
    list.map((e: Json) =>
      encodeListRaw([
        encodeBytes(hexBytes(e.address, 'accessList.address')),
        encodeListRaw(((e.storageKeys as unknown[]) ?? []).map((k) => encodeBytes(hexBytes(k, 'storageKey')))),
      ]),
    ),
  );
}

/** Re-encodes a JSON-RPC transaction object into the bytes the transaction trie holds. */
export function txFromJson(t: Json): Buffer {
  const type = t.type === undefined ? 0 : Number(BigInt(t.type as string));
  const int = (k: string) => encodeBytes(hexInt(t[k] ?? '0x0', k));
  const bytes = (k: string) => encodeBytes(t[k] === null || t[k] === undefined ? Buffer.alloc(0) : hexBytes(t[k], k));
  const data = encodeBytes(hexBytes(t.input ?? t.data ?? '0x', 'input'));
  const parity = encodeBytes(hexInt(t.yParity ?? t.v, 'yParity'));
  const sig = [int('r'), int('s')];
  switch (type) {
    case 0:
      return encodeListRaw([
        int('nonce'),
        int('gasPrice'),
        int('gas'),
        bytes('to'),
        int('value'),
        data,
        int('v'),
        ...sig,
      ]);
    case 1:
      return Buffer.concat([
        Buffer.from([1]),
        encodeListRaw([
          int('chainId'),
          int('nonce'),
          int('gasPrice'),
          int('gas'),
          bytes('to'),
          int('value'),
          data,
          accessListRlp(t.accessList),
          parity,
          ...sig,
        ]),
      ]);
    case 2:
      return Buffer.concat([
        Buffer.from([2]),
        encodeListRaw([
          int('chainId'),
          int('nonce'),
          int('maxPriorityFeePerGas'),
          int('maxFeePerGas'),
          int('gas'),
          bytes('to'),
          int('value'),
          data,
          accessListRlp(t.accessList),
          parity,
          ...sig,
        ]),
      ]);
    case 3:
      return Buffer.concat([
        Buffer.from([3]),
        encodeListRaw([
          int('chainId'),
          int('nonce'),
          int('maxPriorityFeePerGas'),
          int('maxFeePerGas'),
          int('gas'),
          bytes('to'),
          int('value'),
          data,
          accessListRlp(t.accessList),
          int('maxFeePerBlobGas'),
          encodeListRaw(
            ((t.blobVersionedHashes as unknown[]) ?? []).map((h) => encodeBytes(hexBytes(h, 'blobVersionedHash'))),
          ),
          parity,
          ...sig,
        ]),
      ]);
    case 4:
      return Buffer.concat([
        Buffer.from([4]),
        encodeListRaw([
          int('chainId'),
          int('nonce'),
          int('maxPriorityFeePerGas'),
          int('maxFeePerGas'),
          int('gas'),
          bytes('to'),
          int('value'),
          data,
          accessListRlp(t.accessList),
          encodeListRaw(
            ((t.authorizationList as Json[]) ?? []).map((a) =>
              encodeListRaw([
                encodeBytes(hexInt(a.chainId, 'auth.chainId')),
                encodeBytes(hexBytes(a.address, 'auth.address')),
                encodeBytes(hexInt(a.nonce, 'auth.nonce')),
                encodeBytes(hexInt(a.yParity ?? a.v, 'auth.yParity')),
                encodeBytes(hexInt(a.r, 'auth.r')),
                encodeBytes(hexInt(a.s, 'auth.s')),
              ]),
            ),
          ),
          parity,
          ...sig,
        ]),
      ]);
    default:
      throw new EthFormatError('transactions', `transaction type ${type} unknown`);
  }
}

export function withdrawalFromJson(w: Json): Buffer {
  return encodeListRaw([
    encodeBytes(hexInt(w.index, 'withdrawal.index')),
    encodeBytes(hexInt(w.validatorIndex, 'withdrawal.validatorIndex')),
    encodeBytes(hexBytes(w.address, 'withdrawal.address')),
    encodeBytes(hexInt(w.amount, 'withdrawal.amount')),
  ]);
}

/** Receipt as stored in the receipts trie, from eth_getTransactionReceipt / eth_getBlockReceipts JSON. */
export function receiptFromJson(r: Json): Buffer {
  const type = r.type === undefined ? 0 : Number(BigInt(r.type as string));
  const outcome =
    r.status !== undefined && r.status !== null
      ? encodeBytes(hexInt(r.status, 'status'))
      : encodeBytes(hexBytes(r.root, 'root'));
  const logs = encodeListRaw(
    ((r.logs as Json[]) ?? []).map((l) =>
      encodeListRaw([
        encodeBytes(hexBytes(l.address, 'log.address')),
        encodeListRaw(((l.topics as unknown[]) ?? []).map((t) => encodeBytes(hexBytes(t, 'log.topic')))),
        encodeBytes(hexBytes(l.data, 'log.data')),
      ]),
    ),
  );
  const body = encodeListRaw([
    outcome,
    encodeBytes(hexInt(r.cumulativeGasUsed, 'cumulativeGasUsed')),
    encodeBytes(hexBytes(r.logsBloom, 'logsBloom')),
    logs,
  ]);
  return type === 0 ? body : Buffer.concat([Buffer.from([type]), body]);
}

/** A block from JSON-RPC (full transactions). Ommers arrive as hashes; pass their headers when fetched. */
export function blockFromJson(obj: Json, uncleHeaders?: Json[], receipts?: Json[]): EthBlock {
  const header = headerFromJson(obj);
  const txObjs = (obj.transactions as unknown[]) ?? [];
  if (txObjs.some((t) => typeof t === 'string'))
    throw new EthFormatError('transactions', 'block JSON lists transaction hashes only; full transactions are needed');
  const txs = (txObjs as Json[]).map(txFromJson);
  const uncleHashes = (obj.uncles as unknown[]) ?? [];
  let uncles: Buffer[] | null = null;
  if (uncleHeaders) uncles = uncleHeaders.map((u) => headerFromJson(u).raw);
  else if (uncleHashes.length === 0) uncles = [];
  const withdrawals = Array.isArray(obj.withdrawals) ? (obj.withdrawals as Json[]).map(withdrawalFromJson) : null;
  return {
    header,
    txs,
    uncles,
    unclesRaw: uncles ? encodeListRaw(uncles) : null,
    withdrawals,
    claimed: {
      hash: typeof obj.hash === 'string' ? obj.hash.toLowerCase() : undefined,
      txHashes: (txObjs as Json[]).map((t) => String(t.hash ?? '').toLowerCase()),
      senders: (txObjs as Json[]).map((t) => String(t.from ?? '').toLowerCase()),
    },
    receipts: receipts?.map(receiptFromJson),
    size: header.raw.length + txs.reduce((a, t) => a + t.length, 0),
  };
}

export function headerSummary(h: Header): { number: number; hash: string } {
  return { number: Number(h.int('number')), hash: hex0x(h.hash) };
}

import { maskSecret } from '../../mask.js';
import type { Confidence } from '../../model.js';
import {
  decodeBase58,
  decodeBase58check,
  hexToBytes,
  isEd25519Keypair,
  isSecp256k1Scalar,
  looksRandomHex,
} from './codec.js';
import { WELL_KNOWN_HEX_KEYS } from './known.js';
import { linePrefix, type HitSink } from './hits.js';

function isHex(s: string, from: number): boolean {
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i) | 0x20;
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66))) return false;
  }
  return true;
}
const BASE58_ONLY = /^[1-9A-HJ-NP-Za-km-z]+$/;

/** Extended private key version bytes (BIP32, SLIP-132). */
const EXTENDED_PRIVATE_VERSIONS = new Map<number, string>([
  [0x0488ade4, 'xprv (mainnet, BIP32)'],
  [0x04358394, 'tprv (testnet, BIP32)'],
  [0x049d7878, 'yprv (mainnet, BIP49)'],
  [0x044a4e28, 'uprv (testnet, BIP49)'],
  [0x04b2430c, 'zprv (mainnet, BIP84)'],
  [0x045f18bc, 'vprv (testnet, BIP84)'],
  [0x0295b005, 'Yprv (mainnet, multisig BIP49)'],
  [0x02aa7a99, 'Zprv (mainnet, multisig BIP84)'],
]);

/** The identifier a value is assigned to or passed as: `PRIVATE_KEY=`, `"signerKey": "`, `--private-key `, `Wallet("`. */
const NAME_BEFORE_VALUE = /([A-Za-z_$][\w$.-]{0,60})["'\]]?\s*(?:[:=]{1,2}>?|\(|,|\s)\s*(?:\(|\[|\{)?\s*["'`]?$/;

const STRONG = new Set([
  'accounts',
  'priv',
  'private',
  'privkey',
  'privatekey',
  'prv',
  'secret',
  'secretkey',
  'sk',
  'signer',
  'signing',
  'nodekey',
  'nodekeyhex',
  'wallet',
  'keypair',
]);
const ROLE = new Set([
  'deployer',
  'owner',
  'admin',
  'operator',
  'validator',
  'miner',
  'sequencer',
  'relayer',
  'faucet',
  'funder',
  'bot',
  'hot',
  'cold',
  'account',
  'master',
  'node',
  'eth',
  'evm',
  'btc',
  'user',
  'sender',
  'treasury',
  'minter',
  'proposer',
  'batcher',
  'keeper',
  'bridge',
]);
const NEGATIVE = new Set([
  'pub',
  'public',
  'pubkey',
  'publickey',
  'hash',
  'address',
  'addr',
  'salt',
  'iv',
  'mac',
  'cipher',
  'ciphertext',
  'nonce',
  'sig',
  'signature',
  'digest',
  'checksum',
  'root',
  'tx',
  'txid',
  'txhash',
  'block',
  'blockhash',
  'commit',
  'topic',
  'topics',
  'slot',
  'storage',
  'proof',
  'parent',
  'mix',
  'seal',
  'uuid',
  'id',
  'code',
  'codehash',
  'data',
  'state',
  'receipt',
  'log',
  'bloom',
  'etherscan',
  'api',
  'apikey',
  'contract',
  'tag',
  'sha',
  'sha256',
  'keccak',
  'md5',
  'fingerprint',
  'hmac',
  'encrypted',
  'enc',
  'kdf',
]);

function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** How strongly the name a value is bound to says "private key": strong, role+key, or not at all. */
/** Cheap screen run before the name regex: most 64-digit hex values in chain data sit next to no key-like word. */
const KEYISH = /priv|secret|sk|sign|key|wallet|account|pk|prv/i;

export function keyContext(prefix: string): { confidence: Confidence; name: string; nodeKey: boolean } | undefined {
  const tail = prefix.slice(-80);
  if (!KEYISH.test(tail)) return undefined;
  const m = NAME_BEFORE_VALUE.exec(tail);
  if (!m) return undefined;
  const name = m[1];
  const words = nameWords(name);
  const joined = words.join('');
  if (words.some((w) => NEGATIVE.has(w))) return undefined;
  const nodeKey = joined.includes('nodekey');
  if (words.some((w) => STRONG.has(w)) || nodeKey || joined.includes('privatekey') || joined.includes('secretkey')) {
    return { confidence: 'high', name, nodeKey };
  }
  if (words.some((w) => w === 'key' || w === 'pk') && words.some((w) => ROLE.has(w)))
    return { confidence: 'medium', name, nodeKey };
  return undefined;
}

/**
 * A maximal run of 50+ letters and digits: 64/128-digit hex keys (with or without 0x), WIF (51/52),
 * Solana base58 secret keys (87/88) or BIP32 extended keys (111), told apart by length and alphabet.
 */
export function detectAlnumRun(text: string, run: string, offset: number, sink: HitSink): void {
  const next = text.charCodeAt(offset + run.length);
  if (next === 0x2f || next === 0x2b || next === 0x3d) return; // '/', '+', '=': part of a base64 blob
  let body = run;
  let bodyOffset = offset;
  if ((run.startsWith('0x') || run.startsWith('0X')) && isHex(run, 2)) {
    body = run.slice(2);
    bodyOffset = offset + 2;
  }
  if ((body.length === 64 || body.length === 128) && (body !== run || isHex(body, 0))) {
    detectHexKey(text, body, bodyOffset, offset, sink);
    return;
  }
  const len = run.length;
  if (len !== 51 && len !== 52 && len !== 87 && len !== 88 && len !== 111) return;
  if (!BASE58_ONLY.test(run)) return;
  if (len === 111) detectExtendedKey(run, offset, sink);
  else if (len <= 52) detectWif(run, offset, sink);
  else detectBase58Keypair(run, offset, sink);
}

function detectHexKey(text: string, hex: string, offset: number, valueStart: number, sink: HitSink): void {
  if (hex.length === 128) {
    const bytes = hexToBytes(hex);
    if (isEd25519Keypair(bytes)) {
      sink.hit({
        kind: 'raw-private-key',
        offset,
        secret: hex.toLowerCase(),
        confidence: 'high',
        detail: 'ed25519 secret key (seed ‖ public key); public half derives from the seed',
      });
    }
    return;
  }
  const ctx = keyContext(linePrefix(text, valueStart, 80));
  const fileIsNodekey = /(^|\/)nodekey$/.test(sink.file);
  if ((!ctx && !fileIsNodekey) || !looksRandomHex(hex)) return;
  const bytes = hexToBytes(hex);
  if (!isSecp256k1Scalar(bytes)) return;
  const secret = hex.toLowerCase();
  const known = WELL_KNOWN_HEX_KEYS.get(secret);
  const nodeKey = fileIsNodekey || Boolean(ctx?.nodeKey);
  sink.hit({
    kind: nodeKey ? 'node-key' : 'raw-private-key',
    offset,
    secret,
    confidence: known ? 'low' : nodeKey ? 'high' : ctx!.confidence,
    detail: nodeKey
      ? 'devp2p node key (geth nodekey), valid secp256k1 scalar'
      : `32-byte private key bound to "${ctx!.name}", valid secp256k1 scalar (0 < k < n)`,
    wellKnown: known,
  });
}

/** WIF version bytes: Bitcoin mainnet, every testnet and regtest, Litecoin mainnet. */
const WIF_VERSIONS = new Map([
  [0x80, 'mainnet'],
  [0xef, 'testnet'],
  [0xb0, 'Litecoin mainnet'],
]);

function detectWif(run: string, offset: number, sink: HitSink): void {
  if (!'5KLc96T'.includes(run[0])) return;
  const payload = decodeBase58check(run);
  if (!payload) return;
  const network = WIF_VERSIONS.get(payload[0]);
  if (!network) return;
  let compressed = false;
  if (payload.length === 34) {
    if (payload[33] !== 0x01) return;
    compressed = true;
  } else if (payload.length !== 33) return;
  if (!isSecp256k1Scalar(payload.subarray(1, 33))) return;
  const hex = Buffer.from(payload.subarray(1, 33)).toString('hex');
  const known = WELL_KNOWN_HEX_KEYS.get(hex);
  sink.hit({
    kind: 'wif-private-key',
    offset,
    secret: run,
    confidence: known ? 'low' : 'high',
    detail: `WIF, ${network}, ${compressed ? 'compressed' : 'uncompressed'}; base58check valid, key in range`,
    wellKnown: known,
  });
}

function detectExtendedKey(run: string, offset: number, sink: HitSink): void {
  const payload = decodeBase58check(run);
  if (!payload || payload.length !== 78) return;
  const version = ((payload[0] << 24) | (payload[1] << 16) | (payload[2] << 8) | payload[3]) >>> 0;
  const name = EXTENDED_PRIVATE_VERSIONS.get(version);
  if (!name || payload[45] !== 0x00 || !isSecp256k1Scalar(payload.subarray(46, 78))) return;
  sink.hit({
    kind: 'bip32-extended-private-key',
    offset,
    secret: run,
    confidence: 'high',
    detail: `${name}, depth ${payload[4]}; base58check valid, key byte 0x00, key in range`,
  });
}

function detectBase58Keypair(run: string, offset: number, sink: HitSink): void {
  const bytes = decodeBase58(run);
  if (!bytes || !isEd25519Keypair(bytes)) return;
  sink.hit({
    kind: 'solana-keypair',
    offset,
    secret: run,
    preview: maskSecret(run),
    confidence: 'high',
    detail: 'base58 ed25519 keypair (Solana secret key); public half derives from the seed',
  });
}

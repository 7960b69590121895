// Writes a tree of planted secrets (every family chainaudit detects) and look-alikes that must not
// be reported, plus manifest.json listing both with file and line. Deterministic for a given seed.
// Usage: node corpus/secrets/generate.mjs <out-dir> [seed]
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createHash } from 'node:crypto';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { ed25519 } from '@noble/curves/ed25519.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { base58, createBase58check } from '@scure/base';
import { entropyToMnemonic, validateMnemonic } from '@scure/bip39';
import { wordlist as english } from '@scure/bip39/wordlists/english.js';
import { wordlist as simplified } from '@scure/bip39/wordlists/simplified-chinese.js';
import { wordlist as traditional } from '@scure/bip39/wordlists/traditional-chinese.js';

const b58c = createBase58check(sha256);
const N = secp256k1.Point.CURVE().n;

/** Counter-mode SHA-256 stream: the same seed always yields the same bytes. */
export function seededRandom(seed) {
  let counter = 0;
  let pool = Buffer.alloc(0);
  const bytes = (n) => {
    while (pool.length < n) {
      pool = Buffer.concat([pool, createHash('sha256').update(`${seed}:${counter++}`).digest()]);
    }
    const out = pool.subarray(0, n);
    pool = pool.subarray(n);
    return Uint8Array.from(out);
  };
  const int = (max) => bytes(4).reduce((a, b) => a * 256 + b, 0) % max;
  return { bytes, int, hex: (n) => Buffer.from(bytes(n)).toString('hex'), pick: (arr) => arr[int(arr.length)] };
}

const hex = (b) => Buffer.from(b).toString('hex');
const b64 = (b) => Buffer.from(b).toString('base64');
const u32 = (n) => Uint8Array.of(n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255);
const cat = (...parts) => Uint8Array.from(parts.flatMap((p) => [...p]));

function secpKey(rng) {
  for (;;) {
    const k = rng.bytes(32);
    const v = BigInt(`0x${hex(k)}`);
    if (v > 0n && v < N) return k;
  }
}

function wif(key, { testnet = false, compressed = true } = {}) {
  return b58c.encode(cat([testnet ? 0xef : 0x80], key, compressed ? [1] : []));
}

function xprv(rng, key, version = 0x0488ade4) {
  return b58c.encode(cat(u32(version), [3], rng.bytes(4), u32(0x80000000), rng.bytes(32), [0], key));
}

function pemBlock(label, der) {
  const lines = b64(der).match(/.{1,64}/g);
  return [`-----BEGIN ${label}-----`, ...lines, `-----END ${label}-----`];
}

/** PKCS#8 PrivateKeyInfo for a P-256 key: version 0, id-ecPublicKey + prime256v1, ECPrivateKey{1, key}. */
function p256Pkcs8(key) {
  const ecPrivateKey = cat([0x30, 0x25, 0x02, 0x01, 0x01, 0x04, 0x20], key);
  const algorithm = Buffer.from('301306072a8648ce3d020106082a8648ce3d030107', 'hex');
  return cat([0x30, 0x41, 0x02, 0x01, 0x00], algorithm, [0x04, 0x27], ecPrivateKey);
}

function sshString(bytes) {
  const b = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes;
  return cat(u32(b.length), b);
}

/** OpenSSH private key container (PROTOCOL.key) holding one ed25519 key, with the given cipher. */
function opensshEd25519(rng, cipher) {
  const seed = rng.bytes(32);
  const pub = ed25519.getPublicKey(seed);
  const pubBlob = cat(sshString('ssh-ed25519'), sshString(pub));
  const check = rng.bytes(4);
  let priv = cat(check, check, sshString('ssh-ed25519'), sshString(pub), sshString(cat(seed, pub)), sshString('planted'));
  while (priv.length % 8) priv = cat(priv, [priv.length % 8]);
  const kdf = cipher === 'none' ? sshString('none') : sshString('bcrypt');
  const kdfOpts = cipher === 'none' ? sshString('') : sshString(cat(sshString(rng.bytes(16)), u32(16)));
  return cat(new TextEncoder().encode('openssh-key-v1\0'), sshString(cipher), kdf, kdfOpts, u32(1), sshString(pubBlob), sshString(priv));
}

function mnemonic(rng, list, bits = 128) {
  return entropyToMnemonic(rng.bytes(bits / 8), list);
}

/** A mnemonic whose last word is changed so the checksum no longer matches. */
function badChecksumMnemonic(rng, list) {
  const words = mnemonic(rng, list).split(' ');
  for (let i = 0; i < list.length; i++) {
    words[11] = list[(list.indexOf(words[11]) + 1 + i) % list.length];
    if (!validateMnemonic(words.join(' '), list)) return words.join(' ');
  }
  throw new Error('unreachable');
}

function keystoreV3(rng, kdf, params) {
  return JSON.stringify(
    {
      address: hex(rng.bytes(20)),
      crypto: {
        cipher: 'aes-128-ctr',
        ciphertext: hex(rng.bytes(32)),
        cipherparams: { iv: hex(rng.bytes(16)) },
        kdf,
        kdfparams: { ...params, dklen: 32, salt: hex(rng.bytes(32)) },
        mac: hex(rng.bytes(32)),
      },
      id: '3198bc9c-6672-5ab3-d995-4942343ae5b6',
      version: 3,
    },
    null,
    2,
  ).split('\n');
}

function eip2335(rng, fn, params) {
  return JSON.stringify(
    {
      crypto: {
        kdf: { function: fn, params: { dklen: 32, ...params, salt: hex(rng.bytes(32)) }, message: '' },
        checksum: { function: 'sha256', params: {}, message: hex(rng.bytes(32)) },
        cipher: { function: 'aes-128-ctr', params: { iv: hex(rng.bytes(16)) }, message: hex(rng.bytes(32)) },
      },
      description: 'validator key',
      pubkey: hex(rng.bytes(48)),
      path: 'm/12381/3600/0/0/0',
      uuid: '1d85ae20-35c5-4611-98e8-aa14a633906f',
      version: 4,
    },
    null,
    2,
  ).split('\n');
}

function lineOf(lines, needle) {
  const i = lines.findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`generator: ${needle.slice(0, 20)} not in file`);
  return i + 1;
}

/**
 * Builds the planted tree under `dir`. Returns the manifest: `planted` (kind, file, line) every
 * scanner should find, `lookalikes` (what, file, line) no scanner should report.
 */
export function generatePlantedTree(dir, seed = 'chainaudit-secrets-v1') {
  const rng = seededRandom(seed);
  const planted = [];
  const lookalikes = [];
  const files = new Map();
  const write = (file, lines) => {
    const existing = files.get(file) ?? [];
    files.set(file, [...existing, ...lines]);
    return existing.length;
  };
  /** Adds `lines` to `file` and records the entry at the line containing `needle`. */
  // Multi-line structures (PEM blocks, JSON key files, credential sections) record their whole
  // span, so a scanner reporting any line of the structure is credited.
  const span = (base, lines, needle, whole) =>
    whole ? { line: base + lineOf(lines, needle), startLine: base + 1, endLine: base + lines.length } : { line: base + lineOf(lines, needle) };
  const plant = (kind, file, lines, needle, whole = lines.length > 2) => {
    const base = write(file, lines);
    planted.push({ kind, file, ...span(base, lines, needle, whole) });
  };
  const lookalike = (what, file, lines, needle, whole = lines.length > 2) => {
    const base = write(file, lines);
    lookalikes.push({ what, file, ...span(base, lines, needle, whole) });
  };
  const filler = (file, lines) => write(file, lines);

  // Raw secp256k1 keys in key-like context.
  const k1 = hex(secpKey(rng));
  plant('raw-private-key', 'app/.env', [`RPC_URL=http://127.0.0.1:8545`, `PRIVATE_KEY=0x${k1}`], k1);
  const k2 = hex(secpKey(rng));
  filler('app/hardhat.config.js', ['module.exports = {', '  networks: {', '    consortium: {', "      url: 'http://10.0.0.5:8545',"]);
  plant('raw-private-key', 'app/hardhat.config.js', [`      accounts: ['0x${k2}'],`, '    },', '  },', '};'], k2, false);
  const k3 = hex(secpKey(rng));
  plant('raw-private-key', 'ops/deploy.sh', ['#!/bin/sh', `forge script Deploy --rpc-url "$RPC" --private-key 0x${k3} --broadcast`], k3);
  const k4 = hex(secpKey(rng));
  plant('raw-private-key', 'services/relayer/config.yaml', ['relayer:', '  chain_id: 1337', `  signer_key: "${k4}"`], k4, false);
  const k5 = hex(secpKey(rng));
  plant('raw-private-key', 'src/wallet.ts', ["import { Wallet } from 'ethers';", `const wallet = new Wallet('0x${k5}');`], k5);
  const edSeed = rng.bytes(32);
  const edSecret = hex(cat(edSeed, ed25519.getPublicKey(edSeed)));
  plant('raw-private-key', 'keys/signer.ed25519', [edSecret], edSecret);

  // WIF and extended private keys.
  const w1 = wif(secpKey(rng));
  plant('wif-private-key', 'btc/backup.txt', ['# paper wallet backup', `key: ${w1}`], w1);
  const w2 = wif(secpKey(rng), { testnet: true, compressed: false });
  plant('wif-private-key', 'btc/import.py', ['import bitcoin', `WIF = "${w2}"`, 'bitcoin.import_key(WIF)'], w2, false);
  const x1 = xprv(rng, secpKey(rng));
  plant('bip32-extended-private-key', 'btc/wallet.json', ['{', `  "root": "${x1}",`, '  "label": "treasury"', '}'], x1, false);
  const x2 = xprv(rng, secpKey(rng), 0x04358394);
  plant('bip32-extended-private-key', 'app/.env', [`TESTNET_XPRV=${x2}`], x2);

  // BIP39 mnemonics.
  const m12 = mnemonic(rng, english);
  plant('bip39-mnemonic', 'app/.env', [`MNEMONIC="${m12}"`], m12);
  const m24 = mnemonic(rng, english, 256);
  plant('bip39-mnemonic', 'docs/recovery.md', ['# Recovery', '', 'Write down these words:', '', m24, ''], m24, false);
  const zh = mnemonic(rng, simplified);
  plant('bip39-mnemonic', 'notes/备份.txt', ['钱包备份', `助记词：${zh.split(' ').join(' ')}`], zh.split(' ')[0]);
  const tw = mnemonic(rng, traditional, 160);
  plant('bip39-mnemonic', 'notes/wallet-tw.txt', ['錢包', `助記詞：${tw.split(' ').join('')}`], tw.split(' ').join(''));

  // Keystores with weak KDF parameters (and strong ones as look-alikes).
  const ksLight = keystoreV3(rng, 'scrypt', { n: 4096, r: 8, p: 6 });
  plant('keystore-weak-kdf', 'keystore/UTC--2024-01-01T00-00-00Z--light.json', ksLight, '"kdf"');
  const ksPbkdf2 = keystoreV3(rng, 'pbkdf2', { c: 10240, prf: 'hmac-sha256' });
  plant('keystore-weak-kdf', 'keystore/UTC--2024-01-02T00-00-00Z--pbkdf2.json', ksPbkdf2, '"kdf"');
  const eth2Weak = eip2335(rng, 'pbkdf2', { c: 2048, prf: 'hmac-sha256' });
  plant('keystore-weak-kdf', 'validator_keys/keystore-m_12381_3600_0_0_0-1700000000.json', eth2Weak, '"kdf"');
  lookalike('keystore with standard scrypt parameters', 'keystore/UTC--2024-01-03T00-00-00Z--standard.json', keystoreV3(rng, 'scrypt', { n: 262144, r: 8, p: 1 }), '"kdf"');
  lookalike('EIP-2335 keystore with standard scrypt', 'validator_keys/keystore-m_12381_3600_1_0_0-1700000000.json', eip2335(rng, 'scrypt', { n: 262144, r: 8, p: 1 }), '"kdf"');

  // PEM and key files.
  const tlsKey = pemBlock('PRIVATE KEY', p256Pkcs8(secpKey(rng)));
  plant('pem-private-key', 'deploy/tls/server.key', tlsKey, 'BEGIN');
  const sshKey = pemBlock('OPENSSH PRIVATE KEY', opensshEd25519(rng, 'none'));
  plant('pem-private-key', 'deploy/ssh/id_ed25519', sshKey, 'BEGIN');
  lookalike('passphrase-protected OpenSSH key', 'deploy/ssh/id_ed25519_protected', pemBlock('OPENSSH PRIVATE KEY', opensshEd25519(rng, 'aes256-ctr')), 'BEGIN');
  lookalike('PKCS#8 encrypted key', 'deploy/tls/encrypted.key', pemBlock('ENCRYPTED PRIVATE KEY', rng.bytes(120)), 'BEGIN');
  lookalike('PEM placeholder in documentation', 'docs/tls.md', ['Put your key in server.key:', '```', '-----BEGIN PRIVATE KEY-----', '...your key here...', '-----END PRIVATE KEY-----', '```'], 'BEGIN', false);
  lookalike('public key PEM', 'deploy/tls/server.pub', pemBlock('PUBLIC KEY', rng.bytes(91)), 'BEGIN');
  const fabric = 'crypto-config/peerOrganizations/org1.example.com/users/Admin@org1.example.com/msp/keystore';
  const skName = `${fabric}/${hex(rng.bytes(32))}_sk`;
  plant('fabric-msp-key', skName, pemBlock('PRIVATE KEY', p256Pkcs8(secpKey(rng))), 'BEGIN');
  plant('fabric-msp-key', `${fabric.replace('Admin@', 'User1@')}/priv_sk`, pemBlock('PRIVATE KEY', p256Pkcs8(secpKey(rng))), 'BEGIN');

  // Validator and node keys.
  const cometSeed = rng.bytes(32);
  const cometKey = cat(cometSeed, ed25519.getPublicKey(cometSeed));
  plant('validator-key', 'cometbft/config/priv_validator_key.json', JSON.stringify({
    address: hex(rng.bytes(20)).toUpperCase(),
    pub_key: { type: 'tendermint/PubKeyEd25519', value: b64(cometKey.subarray(32)) },
    priv_key: { type: 'tendermint/PrivKeyEd25519', value: b64(cometKey) },
  }, null, 2).split('\n'), 'PrivKeyEd25519');
  const nodeSeed = rng.bytes(32);
  plant('node-key', 'cometbft/config/node_key.json', [JSON.stringify({ priv_key: { type: 'tendermint/PrivKeyEd25519', value: b64(cat(nodeSeed, ed25519.getPublicKey(nodeSeed))) } })], 'PrivKey');
  const mismatched = rng.bytes(64);
  lookalike('CometBFT key whose public half does not match', 'cometbft/backup/priv_validator_key.json', [JSON.stringify({ priv_key: { type: 'tendermint/PrivKeyEd25519', value: b64(mismatched) } })], 'PrivKey');
  const nodekey = hex(secpKey(rng));
  plant('node-key', 'geth/data/geth/nodekey', [nodekey], nodekey);
  const solSeed = rng.bytes(32);
  const sol = cat(solSeed, ed25519.getPublicKey(solSeed));
  plant('solana-keypair', 'solana/id.json', [`[${[...sol].join(',')}]`], '[');
  const solSeed2 = rng.bytes(32);
  const sol58 = base58.encode(cat(solSeed2, ed25519.getPublicKey(solSeed2)));
  plant('solana-keypair', 'solana/.env', [`SOLANA_SECRET=${sol58}`], sol58);

  // Node-provider API keys and cloud credentials.
  const infura = hex(rng.bytes(16));
  plant('rpc-provider-key', 'app/src/provider.ts', [`export const provider = new JsonRpcProvider('https://mainnet.infura.io/v3/${infura}');`], infura);
  const alchemy = base58.encode(rng.bytes(24)).slice(0, 32);
  plant('rpc-provider-key', 'app/.env', [`ALCHEMY_URL=https://eth-mainnet.g.alchemy.com/v2/${alchemy}`], alchemy);
  const quiknode = hex(rng.bytes(20));
  plant('rpc-provider-key', 'services/indexer/settings.toml', ['[rpc]', `url = "https://wispy-red-lake.quiknode.pro/${quiknode}/"`], quiknode);
  const ankr = hex(rng.bytes(32));
  plant('rpc-provider-key', 'services/indexer/chains.json', ['{', `  "bsc": "https://rpc.ankr.com/bsc/${ankr}"`, '}'], ankr, false);
  const akid = `AKIA${base58.encode(rng.bytes(16)).toUpperCase().replace(/[^A-Z2-7]/g, 'Q').slice(0, 16)}`;
  const aksecret = b64(rng.bytes(30));
  plant('aws-credentials', 'ops/aws/credentials', ['[default]', `aws_access_key_id = ${akid}`, `aws_secret_access_key = ${aksecret}`], akid, true);
  plant('gcp-service-account', 'ops/gcp/sa.json', JSON.stringify({
    type: 'service_account',
    project_id: 'consortium-prod',
    private_key_id: hex(rng.bytes(20)),
    private_key: `${pemBlock('PRIVATE KEY', p256Pkcs8(secpKey(rng))).join('\n')}\n`,
    client_email: 'deployer@consortium-prod.iam.gserviceaccount.com',
  }, null, 2).split('\n'), 'BEGIN');
  const azureKey = b64(rng.bytes(64));
  plant('azure-connection-string', 'ops/azure/appsettings.json', ['{', `  "Storage": "DefaultEndpointsProtocol=https;AccountName=chainlogs;AccountKey=${azureKey};EndpointSuffix=core.windows.net"`, '}'], azureKey, false);
  const ghp = `ghp_${base58.encode(rng.bytes(40)).slice(0, 36)}`;
  plant('access-token', 'ops/ci.env', [`GITHUB_TOKEN=${ghp}`], ghp);

  // Binary key containers.
  const bdb = new Uint8Array(4096);
  bdb.set([0x62, 0x31, 0x05, 0x00], 12);
  bdb.set(new TextEncoder().encode('\x03key'), 512);
  bdb.set(secpKey(rng), 520);
  const bdbEncrypted = new Uint8Array(4096);
  bdbEncrypted.set([0x62, 0x31, 0x05, 0x00], 12);
  bdbEncrypted.set(new TextEncoder().encode('\x04mkey'), 512);
  bdbEncrypted.set(new TextEncoder().encode('\x04ckey'), 1024);
  const binaries = [
    ['btc/wallets/hot/wallet.dat', bdb],
    ['btc/wallets/cold/wallet.dat', bdbEncrypted],
    ['deploy/tls/client.key.der', p256Pkcs8(secpKey(rng))],
  ];
  planted.push({ kind: 'wallet-file', file: 'btc/wallets/hot/wallet.dat', line: 1 });
  lookalikes.push({ what: 'encrypted Bitcoin Core wallet', file: 'btc/wallets/cold/wallet.dat', line: 1 });
  planted.push({ kind: 'pem-private-key', file: 'deploy/tls/client.key.der', line: 1 });

  // Look-alikes: values that share a shape with secrets but are not secrets.
  lookalike('transaction hash', 'data/txs.json', [`{"txHash": "0x${hex(rng.bytes(32))}"}`], 'txHash');
  lookalike('block hash', 'data/txs.json', [`{"blockHash": "0x${hex(rng.bytes(32))}", "parentHash": "0x${hex(rng.bytes(32))}"}`], 'blockHash');
  lookalike('sha256 digest', 'SHA256SUMS', [`${hex(rng.bytes(32))}  release.tar.gz`], 'release');
  lookalike('random hex without context', 'data/blob.txt', [hex(rng.bytes(32))], '');
  lookalike('private key out of range (>= n)', 'app/.env.example', [`PRIVATE_KEY=0x${(N + BigInt(rng.int(1000) + 1)).toString(16)}`], 'PRIVATE_KEY');
  lookalike('zero private key placeholder', 'app/.env.example', [`SIGNER_KEY=0x${'0'.repeat(64)}`], 'SIGNER_KEY');
  lookalike('hash bound to a key-like name', 'app/config.json', [`{"privateKeyHash": "${hex(rng.bytes(32))}"}`], 'privateKeyHash');
  const badWif = wif(secpKey(rng));
  lookalike('WIF with a broken checksum', 'btc/notes.txt', [`old: ${badWif.slice(0, -1)}${badWif.endsWith('a') ? 'b' : 'a'}`], 'old:');
  lookalike('base58check with the wrong version byte', 'btc/notes.txt', [`addr-like: ${b58c.encode(cat([0x05], secpKey(rng), [1]))}`], 'addr-like');
  const badXprv = xprv(rng, secpKey(rng));
  lookalike('xprv with a broken checksum', 'btc/notes.txt', [`xprv-old: ${badXprv.slice(0, -2)}${badXprv.endsWith('zz') ? 'yy' : 'zz'}`], 'xprv-old');
  lookalike('xpub (public extended key)', 'btc/notes.txt', [`watch-only: ${b58c.encode(cat(u32(0x0488b21e), [3], rng.bytes(4), u32(0), rng.bytes(32), [2], rng.bytes(32)))}`], 'watch-only');
  lookalike('mnemonic with a bad checksum', 'docs/recovery-old.md', [badChecksumMnemonic(rng, english)], ' ');
  lookalike('prose made of word-list words', 'docs/intro.md', ['This system will audit every public node and report each item with evidence, then score the whole chain.'], 'audit');
  lookalike('Chinese prose without spaces', 'docs/说明.md', ['本系统对联盟链的节点服务器密钥管理和数据存储进行安全审计并输出报告'], '本系统');
  lookalike('Chinese mnemonic with a bad checksum', 'notes/old.txt', [`助记词：${badChecksumMnemonic(rng, simplified)}`], '助记词');
  lookalike('Infura URL with a placeholder', 'app/README.md', ['Set `RPC_URL=https://mainnet.infura.io/v3/YOUR_PROJECT_ID` in .env'], 'infura');
  lookalike('Alchemy URL with an environment reference', 'app/.env.example', ['ALCHEMY_URL=https://eth-mainnet.g.alchemy.com/v2/${ALCHEMY_KEY}'], 'alchemy');
  lookalike('uuid and git commit hashes', 'data/meta.txt', [`id=${'1d85ae20-35c5-4611-98e8-aa14a633906f'} commit=${hex(rng.bytes(20))}`], 'commit');
  lookalike('ed25519 signature (64 random bytes as hex)', 'data/sigs.txt', [`signature: ${hex(rng.bytes(64))}`], 'signature');
  lookalike('Solana transaction signature (base58, 64 bytes)', 'data/sigs.txt', [`tx ${base58.encode(rng.bytes(64))}`], 'tx ');
  lookalike('64-number byte array that is not a keypair', 'data/array.json', [`[${[...rng.bytes(64)].join(',')}]`], '[');
  lookalike('GitHub token placeholder', 'ops/ci.env.example', ['GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'], 'ghp_');
  lookalike('Azure key of the wrong length', 'ops/azure/appsettings.example.json', [`"Storage": "AccountName=x;AccountKey=${b64(rng.bytes(40))}"`], 'AccountKey');
  lookalike('Ethereum address', 'data/addresses.txt', [`owner: 0x${hex(rng.bytes(20))}`], 'owner');

  for (const [file, lines] of files) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), `${lines.join('\n')}${file.endsWith('nodekey') || file.endsWith('.ed25519') ? '' : '\n'}`);
  }
  for (const [file, bytes] of binaries) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), bytes);
  }
  const manifest = { seed, planted, lookalikes };
  writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = process.argv[2];
  if (!out) {
    console.error('usage: node corpus/secrets/generate.mjs <out-dir> [seed]');
    process.exit(2);
  }
  const m = generatePlantedTree(out, process.argv[3]);
  console.log(`${m.planted.length} planted secrets, ${m.lookalikes.length} look-alikes written to ${out}`);
}

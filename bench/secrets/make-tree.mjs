// Builds the benchmark tree: mixed source, chain data, logs, prose (English and Chinese), CSV and
// binary files up to the requested size, with the planted-secrets corpus copied into it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { wordlist as english } from '@scure/bip39/wordlists/english.js';
import { generatePlantedTree } from '../../corpus/secrets/generate.mjs';

/** xorshift32: fast, deterministic filler (not cryptographic; the planted secrets use the seeded SHA-256 stream). */
function xorshift(seed) {
  let x = seed >>> 0 || 1;
  const next = () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
  const HEX = '0123456789abcdef';
  return {
    int: (n) => next() % n,
    hex: (len) => {
      let s = '';
      while (s.length < len) s += next().toString(16).padStart(8, '0');
      return s.slice(0, len);
    },
    pick: (a) => a[next() % a.length],
    bytes: (n) => {
      const b = Buffer.allocUnsafe(n);
      for (let i = 0; i < n; i += 4) b.writeUInt32LE(next(), Math.min(i, n - 4));
      return b;
    },
    HEX,
  };
}

const PROSE = [
  'the',
  'node',
  'operator',
  'must',
  'rotate',
  'keys',
  'before',
  'each',
  'release',
  'and',
  'verify',
  'that',
  'consensus',
  'remains',
  'stable',
  'under',
  'load',
  'when',
  'peers',
  'disconnect',
  'audit',
  'report',
  'evidence',
  'chain',
  'block',
  'ledger',
  'is',
  'of',
  'to',
  'a',
  'in',
];
const ZH =
  '区块链节点共识账本合约审计报告安全密钥管理服务器网络端口防火墙数据库缓存日志监控备份恢复权限认证加密签名交易区块哈希';
const IDENT = [
  'balance',
  'owner',
  'amount',
  'sender',
  'recipient',
  'nonce',
  'gasLimit',
  'blockNumber',
  'txHash',
  'signature',
  'payload',
  'config',
  'handler',
  'client',
  'provider',
  'result',
  'status',
  'peer',
  'height',
  'root',
];

function jsonChain(r, size) {
  const parts = ['['];
  let len = 1;
  while (len < size) {
    const block = JSON.stringify({
      number: `0x${r.int(1e8).toString(16)}`,
      hash: `0x${r.hex(64)}`,
      parentHash: `0x${r.hex(64)}`,
      stateRoot: `0x${r.hex(64)}`,
      miner: `0x${r.hex(40)}`,
      logsBloom: `0x${r.hex(512)}`,
      transactions: Array.from({ length: 4 }, () => ({
        hash: `0x${r.hex(64)}`,
        from: `0x${r.hex(40)}`,
        to: `0x${r.hex(40)}`,
        input: `0x${r.hex(8 + 64 * r.int(6))}`,
        r: `0x${r.hex(64)}`,
        s: `0x${r.hex(64)}`,
        v: '0x1b',
      })),
    });
    parts.push(block, ',\n');
    len += block.length + 2;
  }
  parts.push('{}]\n');
  return parts.join('');
}

function source(r, size) {
  const lines = [];
  let len = 0;
  while (len < size) {
    const a = r.pick(IDENT);
    const b = r.pick(IDENT);
    const line = r.pick([
      `export function ${a}${r.int(1000)}(${b}: string): Promise<${a === b ? 'void' : 'string'}> {`,
      `  const ${a} = await this.${b}.call('eth_getBalance', [${b}, 'latest']);`,
      `  if (!${a}) throw new Error('missing ${b} for block ' + ${r.int(1e6)});`,
      `  // ${PROSE.slice(r.int(10), 12 + r.int(10)).join(' ')}`,
      `  const ${a}Hash = '0x${r.hex(64)}';`,
      `  return keccak256(abi.encodePacked(${a}, ${b}, uint256(${r.int(1e9)})));`,
      `}`,
      `func (s *${a}Server) Handle${b}(ctx context.Context, req *pb.${b}Request) error {`,
      `    mapping(address => uint256) public ${a}Of${r.int(100)};`,
      `  "${a}": "${r.hex(24)}",`,
    ]);
    lines.push(line);
    len += line.length + 1;
  }
  return `${lines.join('\n')}\n`;
}

function logs(r, size) {
  const lines = [];
  let len = 0;
  while (len < size) {
    const line = `INFO [01-${10 + r.int(20)}|12:${10 + r.int(50)}:${10 + r.int(50)}.${r.int(999)}] Imported new chain segment number=${r.int(2e7)} hash=${r.hex(6)}..${r.hex(6)} blocks=1 txs=${r.int(300)} mgas=${r.int(30)}.${r.int(999)} elapsed=${r.int(900)}ms root=0x${r.hex(64)}`;
    lines.push(line);
    len += line.length + 1;
  }
  return `${lines.join('\n')}\n`;
}

function prose(r, size) {
  const lines = [];
  let len = 0;
  while (len < size) {
    let line;
    if (r.int(10) === 0) line = Array.from({ length: 20 + r.int(40) }, () => ZH[r.int(ZH.length)]).join('') + '。';
    // Vocabulary drawn from the BIP39 list, but with the short function words real prose has.
    else if (r.int(4) === 0)
      line =
        Array.from({ length: 6 + r.int(14) }, (_, i) =>
          i % 5 === 4 ? r.pick(['of', 'to', 'a', 'in', 'is', 'on']) : r.pick(english),
        ).join(' ') + '.';
    else line = Array.from({ length: 8 + r.int(20) }, () => r.pick(PROSE)).join(' ') + '.';
    lines.push(line);
    len += line.length + 1;
  }
  return `${lines.join('\n')}\n`;
}

function csv(r, size) {
  const lines = ['time,height,tx,gas,fee'];
  let len = 0;
  while (len < size) {
    const line = `${1700000000 + r.int(1e7)},${r.int(2e7)},0x${r.hex(64)},${r.int(3e7)},${r.int(1e9) / 1e9}`;
    lines.push(line);
    len += line.length + 1;
  }
  return `${lines.join('\n')}\n`;
}

/** Writes about `totalBytes` of filler plus the planted corpus under `dir/planted`; returns the manifest with prefixed paths. */
export function makeBenchTree(dir, totalBytes = 200 * 1024 * 1024, seed = 20240601) {
  const r = xorshift(seed);
  const kinds = [
    ['data', 'json', jsonChain, 0.35],
    ['src', 'ts', source, 0.25],
    ['logs', 'log', logs, 0.12],
    ['docs', 'md', prose, 0.1],
    ['metrics', 'csv', csv, 0.08],
    ['assets', 'bin', (rr, size) => rr.bytes(size), 0.1],
  ];
  let written = 0;
  for (const [folder, ext, make, share] of kinds) {
    let budget = totalBytes * share;
    let i = 0;
    while (budget > 0) {
      const size = Math.min(budget, 20_000 + r.int(2_000_000));
      const sub = join(dir, folder, `part${i % 25}`);
      mkdirSync(sub, { recursive: true });
      const content = make(r, size);
      writeFileSync(join(sub, `${folder}-${i}.${ext}`), content);
      budget -= content.length;
      written += content.length;
      i++;
    }
  }
  const manifest = generatePlantedTree(join(dir, 'planted'));
  const prefix = (e) => ({ ...e, file: `planted/${e.file}` });
  return { bytes: written, planted: manifest.planted.map(prefix), lookalikes: manifest.lookalikes.map(prefix) };
}

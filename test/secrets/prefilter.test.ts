import { describe, expect, it } from 'vitest';
import { prefilter, type CandidateType } from '../../src/analyzers/secrets/prefilter.js';

const enc = (s: string) => Buffer.from(s, 'utf8');
const hex64 = 'c87509a1c067bbde78beb793e6fa76530b6382a4c0241e5e4a9ec0a0f44dc0d3';
const mnemonic = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';
const cjk = '的 一 是 在 不 了 有 和 人 这 中 大';

/** The candidates of one type found in `text`, as [start, end] pairs of byte offsets. */
function found(text: string, type: CandidateType): [number, number][] {
  return prefilter(enc(text))
    .filter((c) => c.type === type)
    .map((c) => [c.start, c.end]);
}

/** Every alignment against the 16-byte chunks, and flush against the start and the end of the text. */
const FILLER = ['', 'x', 'ab.', 'Lorem, ipsum; ', '0123456789ABCDE-', '{"field": [true]}\n  ', 'z'.repeat(31) + ' '];

describe('secrets prefilter kernel', () => {
  it('finds a named 32-byte hex key at every offset, and not without a key-like name', () => {
    for (let pad = 0; pad < 40; pad++) {
      for (const tail of ['', '\n', '";']) {
        const head = `${'#'.repeat(pad)}\nPRIVATE_KEY=0x`;
        const text = `${head}${hex64}${tail}`;
        expect(found(text, 'alnum'), `pad ${pad} tail ${JSON.stringify(tail)}`).toEqual([
          [head.length - 2, head.length + 64],
        ]);
        expect(found(`${'#'.repeat(pad)}\nblockHash=0x${hex64}${tail}`, 'alnum')).toEqual([]);
      }
    }
  });

  it('keeps long runs only in the shapes of keys', () => {
    const base58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
    const run = (len: number) => base58.repeat(3).slice(0, len);
    for (const len of [50, 51, 52, 53, 86, 87, 88, 110, 111, 112]) {
      const expected = [51, 52, 87, 88, 111].includes(len) ? [[3, 3 + len]] : [];
      expect(found(`id ${run(len)} end`, 'alnum'), `length ${len}`).toEqual(expected);
    }
    expect(found(`ab+${run(52)} end`, 'alnum')).toEqual([]);
    expect(found(`ab ${run(52)}= end`, 'alnum')).toEqual([]);
    expect(found(`ab ${run(51).replace('A', 'O')} end`, 'alnum')).toEqual([]);
    expect(found(`k ${hex64}${hex64} e`, 'alnum')).toEqual([[2, 130]]);
  });

  it('finds a 12-word sequence at every offset, and not in longer runs of words or with non-list words', () => {
    for (const before of FILLER) {
      for (let pad = 0; pad < 17; pad++) {
        const start = before.length + pad + 1;
        const text = `${before}${' '.repeat(pad)}"${mnemonic}"`;
        expect(found(text, 'words'), JSON.stringify(text)).toEqual([[start, start + mnemonic.length]]);
      }
    }
    expect(found(`x ${mnemonic.replace('about', 'zzzzz')} y`, 'words')).toEqual([]);
    expect(found(`Xabandon ${mnemonic.slice(8)}`, 'words')).toEqual([]);
    expect(found(`${mnemonic}Z`, 'words')).toEqual([]);
    expect(found(`Xabandon ${mnemonic}`, 'words')).toEqual([[9, 9 + mnemonic.length]]);
    expect(found(mnemonic.replace(/ /g, '  '), 'words')).toEqual([[0, mnemonic.length + 11]]);
  });

  it('finds CJK chains of a mnemonic length made of list characters, evenly spaced', () => {
    for (const before of FILLER) {
      const start = Buffer.byteLength(`${before}助记词：`);
      const text = `${before}助记词：${cjk}\n`;
      expect(found(text, 'cjk'), JSON.stringify(before)).toEqual([[start, start + Buffer.byteLength(cjk)]]);
    }
    expect(found(`x ${cjk.replace(/ /g, '')} y`, 'cjk')).toHaveLength(1);
    expect(found(`x ${cjk.replace(' ', '  ')} y`, 'cjk')).toEqual([]);
    expect(found(`x ${cjk} 的 y`, 'cjk')).toEqual([]);
    expect(found('区块链节点共识账本合约审计报告安全', 'cjk')).toEqual([]);
  });

  it('finds every literal anchor at every offset, including flush against the end of the text', () => {
    const anchors: [string, CandidateType, number, number][] = [
      ['"kdf": "scrypt"', 'kdf', 0, 4],
      ['-----BEGIN EC PRIVATE KEY-----', 'pem', 0, 10],
      ['tendermint/PrivKeyEd25519"', 'comet', 0, 10],
      ['cometbft/PrivKeySecp256k1"', 'comet', 0, 8],
      ['AccountKey=abc', 'azure', 0, 10],
      ['SharedAccessKey=abc', 'azure', 0, 15],
      ['AKIAIOSFODNN7EXAMPLE', 'aws', 0, 20],
      ['ghp_abc', 'token', 0, 3],
      ['github_pat_abc', 'token', 0, 6],
      ['glpat-abc', 'token', 0, 5],
      ['xoxb-123', 'token', 0, 4],
      ['https://mainnet.infura.io/v3/abc', 'provider', 16, 22],
      ['[ 12, 34', 'bytearray', 0, 4],
    ];
    for (const [anchor, type, from, to] of anchors) {
      for (const before of FILLER) {
        const at = before.length + 1;
        expect(found(`${before} ${anchor}`, type), `${type} after ${JSON.stringify(before)}`).toEqual([
          [at + from, at + to],
        ]);
      }
    }
    expect(found('xAKIAIOSFODNN7EXAMPLE', 'aws')).toEqual([]);
    expect(found('AKIAIOSFODNN7EXAMPLEX', 'aws')).toEqual([]);
    expect(found('tendermint/Public', 'comet')).toEqual([]);
    expect(found('mainnet.infura.io/v3/abc', 'provider')).toEqual([]);
    expect(found('[1234, 5', 'bytearray')).toEqual([]);
  });

  it('finds nothing in ordinary text and survives empty, binary and all-one-byte input', () => {
    const prose = 'The node operator must rotate keys before each release; see docs/ops.md (section 4).\n'.repeat(500);
    expect(prefilter(enc(prose))).toEqual([]);
    expect(prefilter(new Uint8Array(0))).toEqual([]);
    expect(prefilter(new Uint8Array(1 << 16).fill(0xff))).toEqual([]);
    expect(prefilter(new Uint8Array(1 << 16).fill(0x61)).map((c) => c.type)).toEqual([]);
    const garbage = new Uint8Array(1 << 20);
    for (let i = 0, x = 7; i < garbage.length; i++) garbage[i] = x = (x * 1103515245 + 12345) >>> 16;
    expect(() => prefilter(garbage)).not.toThrow();
  });
});

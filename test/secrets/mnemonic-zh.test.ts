import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { wordlist as simplified } from '@scure/bip39/wordlists/simplified-chinese.js';
import { describe, expect, it } from 'vitest';
import { scanSecrets } from '../../src/analyzers/secrets/index.js';
import { scanBytes, type BufferScan } from '../../src/analyzers/secrets/buffer.js';
import { bip39ChecksumValid } from '../../src/analyzers/secrets/mnemonic.js';
import { CHINESE_SOURCES, countSource, recallByForm } from '../../scripts/eval-secrets-zh.js';
import { prerequisite } from '../support/prereq.js';
// @ts-expect-error plain ESM sample writer shared with the evaluation script
import { chineseMnemonicSamples, FORMS } from '../../corpus/secrets/chinese-mnemonics.mjs';
// @ts-expect-error plain ESM generator shared with the benchmark
import { seededRandom } from '../../corpus/secrets/generate.mjs';

const catalog = fileURLToPath(new URL('../../catalog', import.meta.url));
const listIndex = new Map(simplified.map((w, i) => [w, i]));

function mnemonicsIn(text: string, file = 'notes.md'): { line: number; column: number; detail: string }[] {
  const out: BufferScan = { findings: [], encrypted: [] };
  scanBytes(Buffer.from(text), file, out);
  return out.findings
    .filter((f) => f.kind === 'bip39-mnemonic')
    .map((f) => ({ line: f.line, column: f.column, detail: f.detail }));
}

/** A run of frequent word-list characters (as prose uses) that happens to carry a valid 15-word checksum. */
function checksumValidProseRun(seed: string): string {
  const rng = seededRandom(seed);
  for (;;) {
    const chars = Array.from({ length: 15 }, () => simplified[rng.int(400)]);
    if (bip39ChecksumValid(chars, listIndex)) return chars.join('');
  }
}

describe('Chinese prose is not a mnemonic', () => {
  it('reports nothing in the catalog, whose Chinese text speaks of wallets and keys', async () => {
    const scan = await scanSecrets(catalog);
    expect(scan.stats.files).toBeGreaterThan(5);
    expect(scan.findings).toEqual([]);
  });

  it('a checksum-valid run of word-list characters in a sentence about wallets is prose', () => {
    const run = checksumValidProseRun('prose-1');
    expect(mnemonicsIn(`用户资金分置于热钱包与冷钱包，${run}。\n`)).toEqual([]);
    expect(mnemonicsIn(`钱包助记词的保管：${run}，并定期检查。\n`)).toEqual([]);
    expect(mnemonicsIn(`## 钱包助记词\n${run}\n`)).toEqual([]);
    expect(mnemonicsIn(`注意 ${[...run].join(' ')} 。\n`)).toEqual([]);
    expect(mnemonicsIn(`${[...run].join(' ')}\n`)).toEqual([]);
  });

  it('reports nothing in Debian’s Chinese manual pages, even put in prose about wallets', async () => {
    const pages = CHINESE_SOURCES.filter((s) => s.package === 'manpages-zh');
    if (
      !prerequisite(
        'manpages-zh',
        pages.every((s) => existsSync(s.path)),
        'apt-get install manpages-zh',
      )
    )
      return;
    for (const source of pages) {
      const count = await countSource(source);
      expect(count.files, source.name).toBeGreaterThan(500);
      expect(count.checksumValid, source.name).toBeGreaterThan(100);
      expect(count.findings, source.name).toEqual([]);
      expect(count.inWalletProse, source.name).toEqual({ sameLine: 0, headingAbove: 0 });
    }
  });
});

describe('real Chinese mnemonics are found', () => {
  it('in every written form, simplified and traditional, 12 to 24 words', () => {
    const samples = chineseMnemonicSamples(10);
    expect(samples.length).toBe(Object.keys(FORMS).length * 10);
    const recall = recallByForm(samples);
    for (const r of recall) expect(r.found, r.form).toBe(r.total);
  });

  it('says which list and how many words, and points at the first word', () => {
    const [sample] = chineseMnemonicSamples(1).filter((s: { form: string }) => s.form === 'label, unspaced');
    const found = mnemonicsIn(sample.text, sample.file);
    expect(found).toEqual([
      { line: 1, column: 5, detail: '12-word BIP39 mnemonic (Chinese simplified), checksum valid' },
    ]);
  });
});

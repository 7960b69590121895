// Real Chinese BIP39 mnemonics (made by @scure/bip39 from seeded entropy) written down the ways
// people write them: spaced in .env, JSON and YAML values, after a label such as 助记词：, on a line
// of their own under a heading, with ideographic spaces, unspaced after a label, amid Chinese prose.
// Each sample is one small file; `line` is where the mnemonic starts. Deterministic for a seed.
import { entropyToMnemonic } from '@scure/bip39';
import { wordlist as simplified } from '@scure/bip39/wordlists/simplified-chinese.js';
import { wordlist as traditional } from '@scure/bip39/wordlists/traditional-chinese.js';
import { seededRandom } from './generate.mjs';

const PROSE = [
  '本系统对联盟链的节点服务器进行安全审计，并输出报告。',
  '用户资金分置于热钱包与冷钱包，私钥在生成、存储与使用全过程中只以密文存在。',
  '请妥善保管以下信息，不要截图，也不要通过网络发送给任何人。',
];

/** Written forms: each turns the words into the lines of a file and says which line holds them. */
export const FORMS = {
  'env, spaced': (w) => ({ file: '.env', lines: ['NETWORK=mainnet', `MNEMONIC="${w.join(' ')}"`], line: 2 }),
  'JSON value, spaced': (w) => ({
    file: 'wallet.json',
    lines: ['{', `  "mnemonic": "${w.join(' ')}",`, '  "path": "m/44\'/60\'/0\'/0/0"', '}'],
    line: 2,
  }),
  'YAML value, spaced': (w) => ({ file: 'config.yaml', lines: ['wallet:', `  mnemonic: ${w.join(' ')}`], line: 2 }),
  'label, spaced': (w, zh) => ({ file: '备份.txt', lines: [`${zh.label}：${w.join(' ')}`], line: 1 }),
  'label, unspaced': (w, zh) => ({ file: 'notes.txt', lines: [`${zh.label}：${w.join('')}`], line: 1 }),
  'label, ideographic spaces': (w, zh) => ({ file: 'notes.md', lines: [`${zh.label}：${w.join('\u3000')}`], line: 1 }),
  'own line, spaced': (w) => ({ file: 'backup.txt', lines: ['', w.join(' '), ''], line: 2 }),
  'own line under a heading, unspaced': (w, zh) => ({
    file: 'README.md',
    lines: [`## ${zh.heading}`, '', w.join(''), ''],
    line: 3,
  }),
  'English label, unspaced': (w) => ({ file: 'seed.txt', lines: [`seed phrase: ${w.join('')}`], line: 1 }),
  'amid Chinese prose, labelled': (w, zh) => ({
    file: '说明.md',
    lines: [PROSE[0], PROSE[1], `${zh.label}：${w.join('')}`, PROSE[2]],
    line: 3,
  }),
};

const LANGUAGES = [
  { name: 'simplified', list: simplified, label: '助记词', heading: '钱包助记词' },
  { name: 'traditional', list: traditional, label: '助記詞', heading: '錢包助記詞' },
];
const ENTROPY_BYTES = [16, 20, 24, 28, 32]; // 12, 15, 18, 21 and 24 words

/** `perForm` samples of every written form, alternating languages and lengths. */
export function chineseMnemonicSamples(perForm = 10, seed = 'chinese-mnemonics') {
  const rng = seededRandom(seed);
  const samples = [];
  for (const [form, write] of Object.entries(FORMS)) {
    for (let i = 0; i < perForm; i++) {
      const zh = LANGUAGES[i % 2];
      const words = entropyToMnemonic(rng.bytes(ENTROPY_BYTES[i % ENTROPY_BYTES.length]), zh.list).split(' ');
      const { file, lines, line } = write(words, zh);
      samples.push({ form, language: zh.name, words: words.length, file, text: `${lines.join('\n')}\n`, line });
    }
  }
  return samples;
}

import { sha256 } from '@noble/hashes/sha2.js';
import { wordlist as english } from '@scure/bip39/wordlists/english.js';
import { wordlist as simplified } from '@scure/bip39/wordlists/simplified-chinese.js';
import { wordlist as traditional } from '@scure/bip39/wordlists/traditional-chinese.js';
import type { Confidence } from '../../model.js';
import { WELL_KNOWN_MNEMONICS } from './known.js';
import { linePrefix, type HitSink } from './hits.js';

/** Runs of 12+ CJK ideographs, optionally separated by single (ideographic) spaces. */
export const CJK_RUN = /[\u4e00-\u9fff](?:[ \u3000]?[\u4e00-\u9fff]){11,}/g;

/** A mnemonic written without separators is only believed next to one of these words. */
const CJK_CONTEXT = /助记词|助記詞|助记|助記|mnemonic|seed|phrase|种子|種子|钱包|錢包/i;

const LENGTHS = [24, 21, 18, 15, 12];
const indexOf = (list: string[]) => new Map(list.map((w, i) => [w, i]));
const englishIndex = indexOf(english);
const simplifiedIndex = indexOf(simplified);
const traditionalIndex = indexOf(traditional);

/**
 * BIP39 checksum: the words carry 11 bits each; the first 32·k bits are entropy, the last k bits
 * must equal the first k bits of SHA-256(entropy), with k = words / 3.
 */
export function bip39ChecksumValid(words: string[], index: Map<string, number>): boolean {
  if (!LENGTHS.includes(words.length)) return false;
  let bits = '';
  for (const w of words) {
    const i = index.get(w);
    if (i === undefined) return false;
    bits += i.toString(2).padStart(11, '0');
  }
  const checksumBits = words.length / 3;
  const entropyBits = bits.length - checksumBits;
  const entropy = new Uint8Array(entropyBits / 8);
  for (let i = 0; i < entropy.length; i++) entropy[i] = parseInt(bits.slice(i * 8, i * 8 + 8), 2);
  const hash = sha256(entropy)[0].toString(2).padStart(8, '0');
  return hash.slice(0, checksumBits) === bits.slice(entropyBits);
}

function preview(words: string[], joiner: string): string {
  return `${words[0]}${joiner}${'*'.repeat(8)}${joiner}${words[words.length - 1]} (${words.length} words)`;
}

function report(
  words: string[],
  offset: number,
  joiner: string,
  language: string,
  confidence: Confidence,
  sink: HitSink,
): void {
  const phrase = words.join(' ');
  const known = language === 'English' ? WELL_KNOWN_MNEMONICS.get(phrase) : undefined;
  sink.hit({
    kind: 'bip39-mnemonic',
    offset,
    secret: phrase,
    preview: preview(words, joiner),
    confidence: known ? 'low' : confidence,
    detail: `${words.length}-word BIP39 mnemonic (${language}), checksum valid`,
    wellKnown: known,
  });
}

export function detectEnglishRun(run: string, offset: number, sink: HitSink): void {
  const tokens: { word: string; at: number }[] = [];
  const re = /[a-z]+/g;
  for (let m = re.exec(run); m; m = re.exec(run)) tokens.push({ word: m[0], at: m.index });
  let i = 0;
  while (i < tokens.length) {
    if (!englishIndex.has(tokens[i].word)) {
      i++;
      continue;
    }
    let j = i;
    while (j < tokens.length && englishIndex.has(tokens[j].word)) j++;
    // Only a whole stretch of word-list words is a candidate: a valid window inside a longer
    // stretch of word-list words is chance (1 in 16 for 12 words), not a mnemonic.
    if (LENGTHS.includes(j - i)) {
      const words = tokens.slice(i, j).map((t) => t.word);
      if (bip39ChecksumValid(words, englishIndex)) report(words, offset + tokens[i].at, ' ', 'English', 'high', sink);
    }
    i = j;
  }
}

export function detectCjkRun(text: string, run: string, offset: number, sink: HitSink): void {
  const spaced = /^[^ \u3000](?:[ \u3000][^ \u3000])+$/.test(run);
  const unspaced = !/[ \u3000]/.test(run);
  if (!spaced && !unspaced) return;
  const chars = [...run.replace(/[ \u3000]/g, '')];
  if (!LENGTHS.includes(chars.length)) return;
  if (unspaced) {
    const before = linePrefix(text, offset, 200);
    const lineEnd = text.indexOf('\n', offset + run.length);
    const after = text.slice(
      offset + run.length,
      lineEnd < 0 ? undefined : Math.min(lineEnd, offset + run.length + 100),
    );
    if (!CJK_CONTEXT.test(before) && !CJK_CONTEXT.test(after)) return;
  }
  for (const [index, language] of [
    [simplifiedIndex, 'Chinese simplified'],
    [traditionalIndex, 'Chinese traditional'],
  ] as const) {
    if (bip39ChecksumValid(chars, index)) {
      report(chars, offset, spaced ? ' ' : '', language, 'high', sink);
      return;
    }
  }
}

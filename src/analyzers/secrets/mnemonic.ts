import { validateMnemonic } from '@scure/bip39';
import { wordlist as english } from '@scure/bip39/wordlists/english.js';
import { wordlist as simplified } from '@scure/bip39/wordlists/simplified-chinese.js';
import { wordlist as traditional } from '@scure/bip39/wordlists/traditional-chinese.js';
import type { Confidence } from '../../model.js';
import { WELL_KNOWN_MNEMONICS } from './known.js';
import { linePrefix, type HitSink } from './hits.js';

/** Runs of 12+ lowercase words of BIP39 length (3–8 letters) separated by spaces or tabs. */
export const WORD_RUN = /(?<![A-Za-z])[a-z]{3,8}(?:[ \t]+[a-z]{3,8}){11,}(?![A-Za-z])/g;

/** Runs of 12+ CJK ideographs, optionally separated by single (ideographic) spaces. */
export const CJK_RUN = /[\u4e00-\u9fff](?:[ \u3000]?[\u4e00-\u9fff]){11,}/g;

/** A mnemonic written without separators is only believed next to one of these words. */
const CJK_CONTEXT = /助记词|助記詞|助记|助記|mnemonic|seed|phrase|种子|種子|钱包|錢包/i;

const LENGTHS = [24, 21, 18, 15, 12];
const englishSet = new Set(english);
const simplifiedSet = new Set(simplified);
const traditionalSet = new Set(traditional);

function preview(words: string[], joiner: string): string {
  return `${words[0]}${joiner}${'*'.repeat(8)}${joiner}${words[words.length - 1]} (${words.length} words)`;
}

function report(words: string[], offset: number, joiner: string, language: string, confidence: Confidence, sink: HitSink): void {
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

/**
 * Within a stretch of consecutive word-list words, tries each valid mnemonic length anchored at
 * either end. An exact-length stretch is high confidence; a window inside a longer one is medium.
 */
function bestWindow(words: string[], list: string[]): { start: number; length: number } | undefined {
  for (const n of LENGTHS) {
    if (n > words.length) continue;
    for (const start of n === words.length ? [0] : [0, words.length - n]) {
      if (validateMnemonic(words.slice(start, start + n).join(' '), list)) return { start, length: n };
    }
  }
  return undefined;
}

export function detectEnglishRun(run: string, offset: number, sink: HitSink): void {
  const tokens: { word: string; at: number }[] = [];
  const re = /[a-z]+/g;
  for (let m = re.exec(run); m; m = re.exec(run)) tokens.push({ word: m[0], at: m.index });
  let i = 0;
  while (i < tokens.length) {
    if (!englishSet.has(tokens[i].word)) {
      i++;
      continue;
    }
    let j = i;
    while (j < tokens.length && englishSet.has(tokens[j].word)) j++;
    if (j - i >= 12) {
      const stretch = tokens.slice(i, j);
      const words = stretch.map((t) => t.word);
      const found = bestWindow(words, english);
      if (found) {
        report(
          words.slice(found.start, found.start + found.length),
          offset + stretch[found.start].at,
          ' ',
          'English',
          found.length === words.length ? 'high' : 'medium',
          sink,
        );
      }
    }
    i = j;
  }
}

export function detectCjkRun(text: string, run: string, offset: number, sink: HitSink): void {
  const spaced = /^[^ \u3000](?:[ \u3000][^ \u3000])+$/.test(run);
  const unspaced = !/[ \u3000]/.test(run);
  if (!spaced && !unspaced) return;
  const chars = [...run.replace(/[ \u3000]/g, '')];
  if (unspaced) {
    if (!LENGTHS.includes(chars.length)) return;
    const before = linePrefix(text, offset, 200);
    const lineEnd = text.indexOf('\n', offset + run.length);
    const after = text.slice(offset + run.length, lineEnd < 0 ? undefined : Math.min(lineEnd, offset + run.length + 100));
    if (!CJK_CONTEXT.test(before) && !CJK_CONTEXT.test(after)) return;
  }
  for (const [list, set, language] of [
    [simplified, simplifiedSet, 'Chinese simplified'],
    [traditional, traditionalSet, 'Chinese traditional'],
  ] as const) {
    if (!chars.every((c) => set.has(c))) continue;
    const found = bestWindow(chars, list);
    if (!found) continue;
    const words = chars.slice(found.start, found.start + found.length);
    const charOffset = spaced ? found.start * 2 : found.start;
    report(words, offset + charOffset, spaced ? ' ' : '', language, found.length === chars.length ? 'high' : 'medium', sink);
    return;
  }
}

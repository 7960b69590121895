import { sha256 } from '@noble/hashes/sha2.js';
import { wordlist as english } from '@scure/bip39/wordlists/english.js';
import { wordlist as simplified } from '@scure/bip39/wordlists/simplified-chinese.js';
import { wordlist as traditional } from '@scure/bip39/wordlists/traditional-chinese.js';
import type { Confidence } from '../../model.js';
import { WELL_KNOWN_MNEMONICS } from './known.js';
import type { HitSink } from './hits.js';

/** Runs of 12+ CJK ideographs, optionally separated by single (ideographic) spaces. */
export const CJK_RUN = /[\u4e00-\u9fff](?:[ \u3000]?[\u4e00-\u9fff]){11,}/g;

/** Words that name a mnemonic where one is written down. */
const KEYWORDS = '助记词|助記詞|助记|助記|mnemonic|seed|phrase|recovery|种子|種子|钱包|錢包|wallet';
const KEYWORD = new RegExp(KEYWORDS, 'i');
/** A label right before the words: the keyword, then a colon or equals sign (助记词：…, MNEMONIC=…, "mnemonic": "…"). */
const LABEL = new RegExp(`(?:${KEYWORDS})[^\\n:：=]{0,16}[:：=]\\s*["'\`“「『]?\\s*$`, 'iu');
/** Nothing else on the line before the words: a list mark or an opening quote at most. */
const OWN_LINE_BEFORE = /^\s*(?:[-*+>•]\s*|\d{1,2}[.)、]\s*)?["'`“「『]?\s*$/u;
/** Nothing after the words but a closing quote and a comma or semicolon: they are the whole value. */
const VALUE_END = /^\s*["'`”」』]?\s*[,;]?\s*$/u;
/** What may stand next to separated words, white space aside: the line's edge, quotes, brackets, a label's colon. */
const BORDER_BEFORE = new Set([...'"\'`“‘「『:：=([{<']);
const BORDER_AFTER = new Set([...'"\'`”’」』)]}>,;#']);
const lastVisible = (text: string) => /(\S)\s*$/u.exec(text)?.[1];
const firstVisible = (text: string) => /^\s*(\S)/u.exec(text)?.[1];
const bordered = (c: string | undefined, allowed: Set<string>) => c === undefined || allowed.has(c);

/**
 * Where a run of CJK characters stands, as the scanner read it: the rest of its line (bounded) and
 * up to two lines above it, and the file's path.
 */
export interface CjkContext {
  before: string;
  after: string;
  above: string;
  file: string;
}

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

/**
 * Chinese prose is made of word-list characters, and one run of them in 32 passes a 15-word
 * checksum, so a Chinese mnemonic is only believed in the context one is written in:
 * - labelled (助记词：…, MNEMONIC="…", "mnemonic": "…") and the whole value on its line, spaced or not;
 * - separated by single spaces with nothing but quotes, brackets or a colon beside them (Debian's
 *   traditional-Chinese manual pages space out every character of their prose);
 * - unseparated, alone on their line, under a line or in a file that names them.
 * Unlabelled words must not read as prose (see readsAsProse). Punctuation never occurs inside: the
 * run ends there.
 */
export function detectCjkRun(run: string, offset: number, context: CjkContext, sink: HitSink): void {
  const spaced = SPACED.test(run);
  if (!spaced && /[ \u3000]/.test(run)) return;
  const chars = [...run.replace(/[ \u3000]/g, '')];
  if (!LENGTHS.includes(chars.length)) return;
  const labelled = LABEL.test(context.before);
  if (spaced) {
    if (!bordered(firstVisible(context.after), BORDER_AFTER)) return;
    if (!labelled && !bordered(lastVisible(context.before), BORDER_BEFORE)) return;
  } else {
    if (!VALUE_END.test(context.after)) return;
    const underName =
      OWN_LINE_BEFORE.test(context.before) && (KEYWORD.test(context.above) || KEYWORD.test(context.file));
    if (!labelled && !underName) return;
  }
  for (const [index, language] of [
    [simplifiedIndex, 'Chinese simplified'],
    [traditionalIndex, 'Chinese traditional'],
  ] as const) {
    if (!bip39ChecksumValid(chars, index)) continue;
    if (!labelled && readsAsProse(chars, index)) return;
    report(chars, offset, spaced ? ' ' : '', language, 'high', sink);
    return;
  }
}

/**
 * The Chinese word lists run from the most frequent character to the least, and prose keeps to the
 * frequent ones (its word-list runs average in the list's first quarter), while a mnemonic draws
 * every word uniformly (average 1023; below 512 for one 12-word mnemonic in 700).
 */
function readsAsProse(chars: string[], index: Map<string, number>): boolean {
  let sum = 0;
  for (const c of chars) sum += index.get(c)!;
  return sum / chars.length < PROSE_MEAN_INDEX;
}

const PROSE_MEAN_INDEX = 512;
const SPACED = /^[^ \u3000](?:[ \u3000][^ \u3000])+$/;

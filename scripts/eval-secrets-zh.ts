/**
 * False alarms of the secrets scanner on real Chinese text, and recall on real Chinese mnemonics.
 *
 * The text: the catalog YAML of this repository and Debian's Chinese documentation and manual
 * pages (install them with `apt-get install manpages-zh debian-reference-zh-cn debian-reference-zh-tw
 * debian-faq-zh-cn maint-guide-zh-cn maint-guide-zh-tw libreoffice-help-zh-cn libreoffice-help-zh-tw`;
 * missing ones are listed, not fatal). None of it holds a secret, so every finding is a false alarm.
 * Beside the findings it counts what a checksum alone would report: runs of 12–24 characters of
 * the BIP39 Chinese word lists, and how many of those carry a valid checksum. Debian's documents
 * seldom speak of wallets, so each line holding a checksum-valid run is scanned again as prose
 * about wallets would hold it: after a sentence naming 钱包助记词 on the same line, and under a
 * heading naming them on the line above.
 *
 * The mnemonics: corpus/secrets/chinese-mnemonics.mjs writes mnemonics made by @scure/bip39 in the
 * forms people use; recall is counted per form.
 *
 * Usage: tsx scripts/eval-secrets-zh.ts [--json] [--samples N]
 */
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { wordlist as simplified } from '@scure/bip39/wordlists/simplified-chinese.js';
import { wordlist as traditional } from '@scure/bip39/wordlists/traditional-chinese.js';
import { readFileBoundedSync, walkFiles } from '../src/clients/files.js';
import { scanBytes, type BufferScan } from '../src/analyzers/secrets/buffer.js';
import { CJK_RUN, bip39ChecksumValid } from '../src/analyzers/secrets/mnemonic.js';
import type { SecretFinding } from '../src/analyzers/secrets/types.js';
// @ts-expect-error plain ESM sample writer shared with the tests
import { chineseMnemonicSamples } from '../corpus/secrets/chinese-mnemonics.mjs';

const repo = fileURLToPath(new URL('..', import.meta.url));

/** Where Debian puts the Chinese text, by package. */
export const CHINESE_SOURCES: { name: string; path: string; package?: string; only?: RegExp }[] = [
  { name: 'chainaudit catalog (YAML)', path: `${repo}catalog` },
  { name: 'manual pages, simplified', path: '/usr/share/man/zh_CN', package: 'manpages-zh' },
  { name: 'manual pages, traditional', path: '/usr/share/man/zh_TW', package: 'manpages-zh' },
  {
    name: 'Debian Reference',
    path: '/usr/share/debian-reference',
    package: 'debian-reference-zh-cn debian-reference-zh-tw',
    only: /\.zh-(?:cn|tw)\.html$/,
  },
  { name: 'Debian FAQ', path: '/usr/share/doc/debian/FAQ/zh-cn', package: 'debian-faq-zh-cn' },
  { name: "New Maintainers' Guide", path: '/usr/share/doc/maint-guide-zh-cn', package: 'maint-guide-zh-cn' },
  { name: "New Maintainers' Guide (tw)", path: '/usr/share/doc/maint-guide-zh-tw', package: 'maint-guide-zh-tw' },
  {
    name: 'LibreOffice help, simplified',
    path: '/usr/share/libreoffice/help/zh-CN',
    package: 'libreoffice-help-zh-cn',
  },
  {
    name: 'LibreOffice help, traditional',
    path: '/usr/share/libreoffice/help/zh-TW',
    package: 'libreoffice-help-zh-tw',
  },
];

const MAX_FILE_BYTES = 64 * 1024 * 1024;
const LENGTHS = new Set([12, 15, 18, 21, 24]);
const index = (list: string[]) => new Map(list.map((w, i) => [w, i]));
const LISTS = [index(simplified), index(traditional)];

export interface SourceCount {
  name: string;
  files: number;
  bytes: number;
  cjkChars: number;
  listRuns: number;
  checksumValid: number;
  findings: SecretFinding[];
  /** Checksum-valid runs reported when their line is put in wallet prose (same line, heading above). */
  inWalletProse: { sameLine: number; headingAbove: number };
  missing?: string;
}

/** Runs of mnemonic length made only of word-list characters, and how many pass the checksum. */
function countRuns(text: string): { cjkChars: number; listRuns: number; checksumValid: number; lines: string[] } {
  let cjkChars = 0;
  for (const c of text) if (c >= '\u4e00' && c <= '\u9fff') cjkChars++;
  let listRuns = 0;
  let checksumValid = 0;
  const lines: string[] = [];
  for (const m of text.matchAll(CJK_RUN)) {
    const spaced = /^[^ \u3000](?:[ \u3000][^ \u3000])+$/.test(m[0]);
    if (!spaced && /[ \u3000]/.test(m[0])) continue;
    const chars = [...m[0].replace(/[ \u3000]/g, '')];
    if (!LENGTHS.has(chars.length)) continue;
    const lists = LISTS.filter((l) => chars.every((c) => l.has(c)));
    if (!lists.length) continue;
    listRuns++;
    if (!lists.some((l) => bip39ChecksumValid(chars, l))) continue;
    checksumValid++;
    const start = text.lastIndexOf('\n', m.index) + 1;
    const end = text.indexOf('\n', m.index);
    lines.push(text.slice(start, end < 0 ? undefined : end));
  }
  return { cjkChars, listRuns, checksumValid, lines };
}

const WALLET_SENTENCE = '本节说明钱包助记词的保管。';
const WALLET_HEADING = '## 钱包助记词';

function reported(text: string, name: string): number {
  const out: BufferScan = { findings: [], encrypted: [] };
  scanBytes(Buffer.from(text), name, out);
  return out.findings.filter((f) => f.kind === 'bip39-mnemonic').length;
}

function textOf(data: Buffer, name: string): Buffer {
  return name.endsWith('.gz') ? gunzipSync(data, { maxOutputLength: MAX_FILE_BYTES }) : data;
}

export async function countSource(source: (typeof CHINESE_SOURCES)[number]): Promise<SourceCount> {
  const count: SourceCount = {
    name: source.name,
    files: 0,
    bytes: 0,
    cjkChars: 0,
    listRuns: 0,
    checksumValid: 0,
    findings: [],
    inWalletProse: { sameLine: 0, headingAbove: 0 },
  };
  let walk;
  try {
    walk = await walkFiles(source.path);
  } catch {
    return { ...count, missing: source.package ? `apt-get install ${source.package}` : source.path };
  }
  for (const file of walk.files) {
    if (source.only && !source.only.test(file.relative)) continue;
    if (!/\.(?:gz|html?|txt|ya?ml|js|md|\d\w*)$/.test(file.relative)) continue;
    const text = textOf(readFileBoundedSync(file.path, { maxBytes: MAX_FILE_BYTES }).data, file.relative);
    const out: BufferScan = { findings: [], encrypted: [] };
    scanBytes(text, `${source.name}/${file.relative}`, out);
    const runs = countRuns(text.toString('utf8'));
    count.files++;
    count.bytes += text.length;
    count.cjkChars += runs.cjkChars;
    count.listRuns += runs.listRuns;
    count.checksumValid += runs.checksumValid;
    count.findings.push(...out.findings);
    for (const line of runs.lines) {
      count.inWalletProse.sameLine += reported(`${WALLET_SENTENCE}${line}\n`, file.relative);
      count.inWalletProse.headingAbove += reported(`${WALLET_HEADING}\n${line}\n`, file.relative);
    }
  }
  return count;
}

interface Sample {
  form: string;
  language: string;
  words: number;
  file: string;
  text: string;
  line: number;
}

export function recallByForm(samples: Sample[]): { form: string; found: number; total: number }[] {
  const byForm = new Map<string, { found: number; total: number }>();
  for (const s of samples) {
    const out: BufferScan = { findings: [], encrypted: [] };
    scanBytes(Buffer.from(s.text), s.file, out);
    const hit = out.findings.some((f) => f.kind === 'bip39-mnemonic' && f.line === s.line);
    const row = byForm.get(s.form) ?? { found: 0, total: 0 };
    row.total++;
    if (hit) row.found++;
    byForm.set(s.form, row);
  }
  return [...byForm].map(([form, r]) => ({ form, ...r }));
}

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  const at = process.argv.indexOf('--samples');
  const perForm = at > 0 ? Number(process.argv[at + 1]) : 40;
  const counts: SourceCount[] = [];
  for (const source of CHINESE_SOURCES) counts.push(await countSource(source));
  const recall = recallByForm(chineseMnemonicSamples(perForm) as Sample[]);
  if (json) {
    console.log(JSON.stringify({ counts, recall }, null, 2));
    return;
  }
  console.log(
    '| source | files | MB | CJK characters | word-list runs of 12–24 | checksum valid | findings | in wallet prose: same line / heading above |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  const total = { files: 0, bytes: 0, cjkChars: 0, listRuns: 0, checksumValid: 0, findings: 0, sameLine: 0, above: 0 };
  for (const c of counts) {
    if (c.missing) {
      console.log(`| ${c.name} | not installed (${c.missing}) | | | | | | |`);
      continue;
    }
    console.log(
      `| ${c.name} | ${c.files} | ${(c.bytes / 1e6).toFixed(1)} | ${c.cjkChars} | ${c.listRuns} | ${c.checksumValid} | ${c.findings.length} | ${c.inWalletProse.sameLine} / ${c.inWalletProse.headingAbove} |`,
    );
    total.sameLine += c.inWalletProse.sameLine;
    total.above += c.inWalletProse.headingAbove;
    total.files += c.files;
    total.bytes += c.bytes;
    total.cjkChars += c.cjkChars;
    total.listRuns += c.listRuns;
    total.checksumValid += c.checksumValid;
    total.findings += c.findings.length;
  }
  console.log(
    `| **total** | ${total.files} | ${(total.bytes / 1e6).toFixed(1)} | ${total.cjkChars} | ${total.listRuns} | ${total.checksumValid} | ${total.findings} | ${total.sameLine} / ${total.above} |`,
  );
  console.log(
    `\nfalse alarms: ${total.findings} in ${(total.bytes / 1e6).toFixed(1)} MB (${total.cjkChars} CJK characters); ` +
      `${total.findings} of ${total.checksumValid} checksum-valid word-list runs reported; put in wallet prose, ` +
      `${total.sameLine} (same line) and ${total.above} (heading above) of ${total.checksumValid}`,
  );
  for (const c of counts) for (const f of c.findings) console.log(`  ${f.file}:${f.line}  ${f.kind}  ${f.detail}`);
  console.log('\n| written form | found / mnemonics |');
  console.log('|---|---:|');
  for (const r of recall) console.log(`| ${r.form} | ${r.found} / ${r.total} |`);
  const found = recall.reduce((n, r) => n + r.found, 0);
  const all = recall.reduce((n, r) => n + r.total, 0);
  console.log(`\nrecall: ${found} / ${all} real Chinese mnemonics`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();

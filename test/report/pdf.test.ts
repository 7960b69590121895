import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDict, PDFDocument, PDFName, PDFNumber } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { assess, type Assessment } from '../../src/assess/assess.js';
import { registry } from '../../src/checks/index.js';
import { loadFrameworks } from '../../src/cli/frameworks.js';
import { importFile } from '../../src/importers/index.js';
import { emptyRun, mergeImports } from '../../src/importers/merge.js';
import { renderPdf } from '../../src/report/pdf.js';
import { RunStore } from '../../src/store/sqlite.js';
import { runCli } from '../support/cli.js';
import { hasBinary, prerequisite } from '../support/prereq.js';

const FIX = new URL('../importers/fixtures/', import.meta.url).pathname;
const ready = () =>
  prerequisite(
    'chromium, pdftotext, pdffonts, pdftoppm, pdfdetach',
    ['/usr/bin/chromium', 'pdftotext', 'pdffonts', 'pdftoppm', 'pdfdetach'].every(hasBinary),
    'apt-get install chromium fonts-noto-cjk poppler-utils',
  );

const fw = loadFrameworks([], ['djcp-blockchain', 'djcp-level3-computing']);

async function assessed(): Promise<Assessment> {
  const batches = await Promise.all(
    [
      ['slither', 'slither.json'],
      ['kube-bench', 'kube-bench.json'],
      ['trivy', 'trivy-config.json'],
    ].map(([tool, file]) => importFile(tool, join(FIX, file))),
  );
  const run = { ...mergeImports(emptyRun('vault-chain'), batches), finishedAt: '2026-01-05T10:00:00.000Z' };
  return assess(run, fw.catalog, fw.mapping, [...registry.map((c) => c.meta), ...fw.importChecks], new Map(), {
    frameworks: fw.selected,
    toolVersion: '0.1.0',
  });
}

const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20 });

/** Text of each page, as pdftotext extracts it. */
function pages(file: string): string[] {
  return run('pdftotext', ['-layout', file, '-']).split('\f').slice(0, -1);
}

/** The same, with runs of white space as one space (the layout mode spreads words over the line). */
const flat = (p: string) => p.replace(/\s+/g, ' ');

/** Share of dark pixels on a page rendered to grey PGM by pdftoppm: a blank page has none. */
function inkOf(file: string, page: number, dir: string): number {
  const base = join(dir, `p${page}`);
  execFileSync('pdftoppm', ['-gray', '-r', '30', '-f', String(page), '-l', String(page), '-singlefile', file, base]);
  const pgm = readFileSync(`${base}.pgm`);
  const header = pgm.toString('latin1', 0, 64).split(/\s+/);
  const [w, h] = [Number(header[1]), Number(header[2])];
  const pixels = pgm.subarray(pgm.length - w * h);
  return pixels.filter((v) => v < 128).length / pixels.length;
}

describe('PDF report (chromium through playwright-core)', () => {
  let a: Assessment;
  let dir: string;
  const file = { zh: '', en: '' };
  beforeAll(async () => {
    if (!ready()) return;
    a = await assessed();
    dir = mkdtempSync(join(tmpdir(), 'ca-pdf-'));
    for (const lang of ['zh', 'en'] as const) {
      file[lang] = join(dir, `${lang}.pdf`);
      writeFileSync(file[lang], await renderPdf(a, lang));
    }
  }, 300_000);

  it('cover, contents, conclusion, problems, remediation, evidence appendix; page x / y footers (zh)', (ctx) => {
    if (!ready()) return ctx.skip();
    const text = pages(file.zh).map(flat);
    expect(text.length).toBeGreaterThan(4);
    expect(text[0]).toContain('chainaudit 安全评估报告');
    expect(text[0]).toContain('vault-chain');
    expect(text[1]).toContain('目录');
    for (const [i, t] of text.entries()) expect(t, `page ${i + 1}`).toMatch(new RegExp(`${i + 1} / ${text.length}`));
    const all = text.join('\n');
    for (const heading of ['测评结论', '问题汇总', '整改建议', '附录：发现与证据', '区块链测评表'])
      expect(all, heading).toContain(heading);
    const contents = text[1];
    expect(contents.indexOf('测评结论')).toBeLessThan(contents.indexOf('附录：发现与证据'));
    expect(all).toContain('Slither reentrancy-eth');
    expect(all).toContain('contracts/Vault.sol');
  });

  it('English text per page, table headers repeated on every page a table spans', (ctx) => {
    if (!ready()) return ctx.skip();
    const text = pages(file.en);
    expect(flat(text[0])).toContain('chainaudit security assessment');
    expect(text[1]).toContain('Contents');
    const headed = text.filter((p) => /Item\s+Procedure\s+Expected effect\s+Actual result/.test(p));
    expect(headed.length, 'the evaluation table spans pages and repeats its header').toBeGreaterThan(1);
  });

  it('fonts embedded, CJK included; pages rendered by pdftoppm carry ink', (ctx) => {
    if (!ready()) return ctx.skip();
    const fonts = run('pdffonts', [file.zh]).split('\n').slice(2).filter(Boolean);
    expect(fonts.length).toBeGreaterThan(1);
    for (const f of fonts) expect(f, f).toMatch(/\byes\s+(yes|no)\s+yes\b/);
    expect(pages(file.zh).join('')).toMatch(/[\u4e00-\u9fff]{4}/);
    for (const p of [1, 2, 3]) expect(inkOf(file.zh, p, dir), `page ${p}`).toBeGreaterThan(0.002);
  });

  it('bookmarks for every section, the findings attached as JSON, the same bytes for the same assessment', async (ctx) => {
    if (!ready()) return ctx.skip();
    const bytes = readFileSync(file.zh);
    const doc = await PDFDocument.load(bytes);
    const outlines = doc.catalog.lookup(PDFName.of('Outlines'), PDFDict);
    expect((outlines.lookup(PDFName.of('Count')) as PDFNumber).asNumber()).not.toBe(0);
    const titles: string[] = [];
    let node = outlines.lookupMaybe(PDFName.of('First'), PDFDict);
    const walk = (n: PDFDict | undefined) => {
      for (; n; n = n.lookupMaybe(PDFName.of('Next'), PDFDict)) {
        titles.push(String(n.lookup(PDFName.of('Title'))));
        walk(n.lookupMaybe(PDFName.of('First'), PDFDict));
      }
    };
    walk(node);
    node = undefined;
    expect(titles.length).toBeGreaterThanOrEqual(8);

    run('pdfdetach', ['-save', '1', '-o', join(dir, 'findings.json'), file.zh]);
    const attached = JSON.parse(readFileSync(join(dir, 'findings.json'), 'utf8'));
    expect(attached.run).toBe(a.run.id);
    expect(attached.findings.map((f: { fingerprint: string }) => f.fingerprint)).toEqual(
      a.findings.map((f) => f.fingerprint),
    );

    // two browsers at once number their document nodes differently; the bytes must not show it
    const copy = JSON.parse(JSON.stringify(a)) as Assessment;
    const [again, alongside] = await Promise.all([renderPdf(copy, 'zh'), renderPdf(copy, 'zh')]);
    expect(again.equals(bytes)).toBe(true);
    expect(alongside.equals(bytes)).toBe(true);
    expect(run('pdfinfo', [file.zh])).toMatch(/CreationDate:\s+Mon Jan\s+5 10:00:00 2026 UTC/);
  }, 300_000);

  it('the SHA-256 of a PDF made from a stored run is recorded with the run', async (ctx) => {
    if (!ready()) return ctx.skip();
    const db = join(dir, 'h.db');
    const store = new RunStore(db);
    store.save(a);
    store.close();
    const out = join(dir, 'out');
    const r = await runCli(['report', a.run.id, '--db', db, '-f', 'pdf', '-o', out, '--lang', 'zh']);
    expect(r.code, r.stderr).toBe(0);
    const sha = createHash('sha256')
      .update(readFileSync(join(out, 'report.pdf')))
      .digest('hex');
    expect(r.stderr).toContain(sha);
    const again = new RunStore(db);
    expect(again.artifacts(a.run.id)).toEqual([expect.objectContaining({ name: 'report.pdf:zh', sha256: sha })]);
    again.close();
  }, 300_000);

  it('without chromium: says so and names the package, no stack trace', async () => {
    const before = process.env.CHAINAUDIT_CHROMIUM;
    process.env.CHAINAUDIT_CHROMIUM = '/nonexistent/chromium';
    try {
      const err = await renderPdf({ run: { finished: '' } } as Assessment, 'en').then(
        () => undefined,
        (e: Error) => e,
      );
      expect(err?.name).toBe('InputError');
      expect(err?.message).toMatch(/no.*found at \/nonexistent\/chromium.*apt-get install chromium fonts-noto-cjk/);
    } finally {
      if (before === undefined) delete process.env.CHAINAUDIT_CHROMIUM;
      else process.env.CHAINAUDIT_CHROMIUM = before;
    }
  });
});

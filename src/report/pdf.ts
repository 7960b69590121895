import { accessSync, constants } from 'node:fs';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRef, PDFString } from 'pdf-lib';
import type { Assessment } from '../assess/assess.js';
import { InputError, errorMessage } from '../errors.js';
import type { Lang } from '../model.js';
import { label } from './common.js';
import { renderHtml } from './html.js';

/** Debian's chromium; CHAINAUDIT_CHROMIUM names another. No browser is ever downloaded. */
export function chromiumPath(): string {
  return process.env.CHAINAUDIT_CHROMIUM || '/usr/bin/chromium';
}

const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const LAUNCH_TIMEOUT_MS = 60_000;
const RENDER_TIMEOUT_MS = 180_000;

/** The run's end, or the epoch for a run without a readable date: the PDF's only date. */
function fixedDate(a: Assessment): Date {
  const d = new Date(a.run.finished);
  return Number.isNaN(d.getTime()) ? new Date(0) : d;
}

function footer(a: Assessment): string {
  // the footer is drawn outside the page's document: ASCII only, escaped, small
  const scope = a.run.scopeName.replace(/[^\x20-\x7e]/g, '').replace(/[<>&"']/g, '');
  return `<div style="font-size:7pt;width:100%;padding:0 11mm;color:#555;display:flex;justify-content:space-between"><span>chainaudit · ${scope} · ${a.run.id}</span><span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>`;
}

/** Prints the report's HTML (print mode) with Debian's chromium through playwright-core; offline, no scripts. */
async function print(a: Assessment, lang: Lang): Promise<Uint8Array> {
  const executablePath = chromiumPath();
  try {
    accessSync(executablePath, constants.X_OK);
  } catch {
    throw new InputError(
      `the PDF report needs a chromium browser and none was found at ${executablePath}: install Debian's chromium and CJK fonts (apt-get install chromium fonts-noto-cjk), or set CHAINAUDIT_CHROMIUM to a chromium executable`,
    );
  }
  const { chromium } = await import('playwright-core');
  let browser;
  try {
    browser = await chromium.launch({
      executablePath,
      headless: true,
      args: CHROMIUM_FLAGS,
      timeout: LAUNCH_TIMEOUT_MS,
      // a fresh profile per launch (Playwright's own temporary user-data-dir), removed on close
    });
  } catch (err) {
    throw new InputError(`cannot start chromium at ${executablePath}: ${errorMessage(err).split('\n')[0]}`);
  }
  try {
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
    const page = await context.newPage();
    page.setDefaultTimeout(RENDER_TIMEOUT_MS);
    await page.route('**/*', (route) => (route.request().url().startsWith('data:') ? route.continue() : route.abort()));
    await page.setContent(renderHtml(a, lang, { print: true }), { waitUntil: 'load' });
    await page.emulateMedia({ media: 'print' });
    return await page.pdf({
      format: 'A4',
      printBackground: true,
      outline: true,
      tagged: true,
      displayHeaderFooter: true,
      headerTemplate: '<div></div>',
      footerTemplate: footer(a),
      margin: { top: '14mm', bottom: '16mm', left: '11mm', right: '11mm' },
    });
  } finally {
    await browser.close();
  }
}

const textOf = (o: unknown) => (o instanceof PDFString || o instanceof PDFHexString ? o.decodeText() : undefined);

/**
 * Chromium names the tagged structure's elements after the renderer's DOM node numbers, which differ
 * from one run to the next. They are renamed in document order (n00000001, …), table cells' header
 * references with them, and the id tree is rebuilt, sorted, from the new names.
 */
function renumberStructureIds(doc: PDFDocument): void {
  const renamed = new Map<string, string>();
  const elements: [PDFRef, PDFDict][] = [];
  let root: PDFDict | undefined;
  for (const [ref, obj] of doc.context.enumerateIndirectObjects()) {
    if (!(obj instanceof PDFDict)) continue;
    const type = obj.get(PDFName.of('Type'));
    if (type === PDFName.of('StructTreeRoot')) root = obj;
    if (type !== PDFName.of('StructElem')) continue;
    elements.push([ref, obj]);
    const id = textOf(obj.get(PDFName.of('ID')));
    if (id !== undefined && !renamed.has(id)) renamed.set(id, `n${String(renamed.size + 1).padStart(8, '0')}`);
  }
  const rename = (o: unknown) => {
    const id = textOf(o);
    return id !== undefined && renamed.has(id) ? PDFString.of(renamed.get(id)!) : undefined;
  };
  const names: [string, PDFRef][] = [];
  for (const [ref, el] of elements) {
    const id = rename(el.get(PDFName.of('ID')));
    if (id) {
      el.set(PDFName.of('ID'), id);
      names.push([id.decodeText(), ref]);
    }
    const attrs = el.lookup(PDFName.of('A'));
    for (const a of attrs instanceof PDFArray ? attrs.asArray() : [attrs]) {
      const dict = a instanceof PDFRef ? doc.context.lookup(a) : a;
      const headers = dict instanceof PDFDict ? dict.lookup(PDFName.of('Headers')) : undefined;
      if (!(headers instanceof PDFArray)) continue;
      for (let i = 0; i < headers.size(); i++) {
        const to = rename(headers.get(i));
        if (to) headers.set(i, to);
      }
    }
  }
  if (!root) return;
  // the old tree's nodes go with it: a saved file keeps every object, referenced or not
  const drop = (node: unknown) => {
    if (node instanceof PDFRef) {
      drop(doc.context.lookup(node));
      doc.context.delete(node);
    } else if (node instanceof PDFDict) {
      const kids = node.get(PDFName.of('Kids'));
      const list = kids instanceof PDFRef ? doc.context.lookup(kids) : kids;
      if (list instanceof PDFArray) for (const k of list.asArray()) drop(k);
      if (kids instanceof PDFRef) doc.context.delete(kids);
    }
  };
  drop(root.get(PDFName.of('IDTree')));
  if (!names.length) root.delete(PDFName.of('IDTree'));
  else
    root.set(
      PDFName.of('IDTree'),
      doc.context.obj({
        Names: names.sort(([x], [y]) => (x < y ? -1 : 1)).flatMap(([id, ref]) => [PDFString.of(id), ref]),
      }),
    );
}

/**
 * The PDF report: the HTML report printed, then made reproducible: one date (the run's end) for the
 * document, its metadata and its attachment, a fixed producer, no document ID, and the assessment's
 * findings attached as JSON, so the same assessment gives the same bytes.
 */
export async function renderPdf(a: Assessment, lang: Lang): Promise<Buffer> {
  const printed = await print(a, lang);
  const doc = await PDFDocument.load(printed, { updateMetadata: false });
  const date = fixedDate(a);
  doc.setTitle(`${label('title', lang)}: ${a.run.scopeName}`, { showInWindowTitleBar: true });
  doc.setSubject(`run ${a.run.id}`);
  doc.setCreator(`chainaudit ${a.tool.version}`);
  doc.setProducer('chainaudit');
  doc.setCreationDate(date);
  doc.setModificationDate(date);
  doc.setLanguage(lang === 'zh' ? 'zh-CN' : 'en');
  const findings = {
    run: a.run.id,
    scope: a.run.scopeName,
    tool: a.tool,
    schemaVersion: a.schemaVersion,
    findings: a.findings,
  };
  await doc.attach(Buffer.from(`${JSON.stringify(findings, null, 2)}\n`), 'findings.json', {
    mimeType: 'application/json',
    description: `chainaudit findings of run ${a.run.id}`,
    creationDate: date,
    modificationDate: date,
  });
  doc.context.trailerInfo.ID = undefined;
  renumberStructureIds(doc);
  return Buffer.from(await doc.save({ useObjectStreams: false, addDefaultPage: false, updateFieldAppearances: false }));
}

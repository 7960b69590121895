import { accessSync, constants } from 'node:fs';
import { PDFDocument, PDFName } from 'pdf-lib';
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
  doc.catalog.delete(PDFName.of('Metadata'));
  return Buffer.from(await doc.save({ useObjectStreams: false, addDefaultPage: false, updateFieldAppearances: false }));
}
